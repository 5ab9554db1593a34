"""Which language a page shows a text in, and the texts of provisions in that language.

English is Provision.text; every other language is a ProvisionText row. A `Version` is one
text in one language with its provenance, whichever of the two it comes from, so that
templates mark every text up alike (`lang`, provenance notice) without knowing where it
lives.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Count, Min, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from instruments.models import Instrument

from .models import (
    ENGLISH,
    LANGUAGE_NAMES,
    NATIVE_NAMES,
    READING_LANGUAGES,
    Provenance,
    Provision,
    ProvisionText,
)

MAX_PARALLEL = 3
CITATION_WARNINGS = {
    Provenance.OFFICIAL: "",
    Provenance.UNVERIFIED: "Unverified transcription, not checked against the official text: "
    "consult the official document before quoting.",
    Provenance.SUMMARY: "A summary, not the text of the instrument: consult the official "
    "document before quoting.",
}


class LanguageError(ValueError):
    """A language parameter the pages cannot serve; the message names the parameter."""

    def __init__(self, parameter: str, message: str) -> None:
        self.parameter = parameter
        super().__init__(f"{parameter}: {message}")


@dataclass(frozen=True)
class Version:
    """One provision's text in one language."""

    lang: str
    text: str
    provenance: str
    source_note: str

    @property
    def language_name(self) -> str:
        return LANGUAGE_NAMES[self.lang]

    @property
    def is_english(self) -> bool:
        return self.lang == ENGLISH

    @property
    def citation_warning(self) -> str:
        """What a citation of this text must say when it was not checked against an official
        source, so that nobody quotes it as if it had been; "" for official text."""
        return CITATION_WARNINGS.get(self.provenance, CITATION_WARNINGS[Provenance.UNVERIFIED])


@dataclass(frozen=True)
class Choice:
    """A language offered by the language switch."""

    code: str
    name: str
    native: str
    current: bool


def english(provision: Provision) -> Version:
    return Version(ENGLISH, provision.text, provision.provenance, provision.source_note)


def requested_language(request: HttpRequest) -> str:
    """The `lang` parameter, English when absent. Raises LanguageError when unknown."""
    lang = request.GET.get("lang", "").strip() or ENGLISH
    if lang not in READING_LANGUAGES:
        raise LanguageError("lang", f"use one of {', '.join(READING_LANGUAGES)}, not {lang!r}.")
    return lang


def requested_languages(request: HttpRequest, held: Iterable[str]) -> list[str]:
    """The `langs` parameter of the parallel view: two or three held languages, in order."""
    held = set(held)
    # "?langs=en,zh,ru", or one `langs` per column as the form on the page sends them.
    langs = [
        code.strip()
        for value in request.GET.getlist("langs")
        for code in value.split(",")
        if code.strip()
    ]
    if not langs:
        langs = [ENGLISH, *[code for code in READING_LANGUAGES if code in held - {ENGLISH}][:1]]
    unknown = [code for code in langs if code not in READING_LANGUAGES]
    if unknown:
        raise LanguageError(
            "langs",
            f"unknown language {unknown[0]!r}; use codes from {', '.join(READING_LANGUAGES)}.",
        )
    if len(set(langs)) != len(langs):
        raise LanguageError("langs", "a language is named twice.")
    if not 2 <= len(langs) <= MAX_PARALLEL:
        raise LanguageError(
            "langs", f"name two or three languages, e.g. en,zh,ru (got {len(langs)})."
        )
    missing = [code for code in langs if code not in held]
    if missing:
        raise LanguageError(
            "langs",
            f"no {LANGUAGE_NAMES[missing[0]]} text of this instrument is held; "
            f"held: {', '.join(code for code in READING_LANGUAGES if code in held)}.",
        )
    return langs


def held_languages(instrument: Instrument) -> list[str]:
    """English and every language this instrument has texts in, in UN order (one query)."""
    found = set(
        ProvisionText.objects.filter(provision__instrument=instrument)
        .order_by()
        .values_list("language", flat=True)
        .distinct()
    )
    return [code for code in READING_LANGUAGES if code == ENGLISH or code in found]


def choices(held: list[str], current: str) -> list[Choice]:
    return [
        Choice(code, LANGUAGE_NAMES[code], NATIVE_NAMES[code], code == current) for code in held
    ]


def not_held(held: list[str]) -> list[str]:
    """The names of the UN languages with no text of this instrument (Arabic, so far, always)."""
    return [LANGUAGE_NAMES[code] for code in READING_LANGUAGES if code not in held]


def versions(
    provisions: Iterable[Provision], languages: list[str]
) -> dict[int, dict[str, Version]]:
    """provision pk -> language -> Version, for the given languages (one query, none for English).

    A provision without a text in a language has no entry for it.
    """
    provisions = list(provisions)
    result: dict[int, dict[str, Version]] = {p.pk: {} for p in provisions}
    if ENGLISH in languages:
        for provision in provisions:
            result[provision.pk][ENGLISH] = english(provision)
    others = [code for code in languages if code != ENGLISH]
    if others:
        rows = ProvisionText.objects.filter(
            provision__in=[p.pk for p in provisions], language__in=others
        ).values_list("provision_id", "language", "text", "provenance", "source_note")
        for provision_id, lang, text, provenance, note in rows:
            result[provision_id][lang] = Version(lang, text, provenance, note)
    return result


def shown(provision: Provision, found: dict[int, dict[str, Version]], lang: str) -> Version:
    """The provision's text in `lang`, or in English when that language has none."""
    return found.get(provision.pk, {}).get(lang) or english(provision)


@dataclass
class HeldRow:
    """One instrument on the about page: how many provisions it has in each language."""

    instrument: Instrument
    counts: list[tuple[str, int]]  # (language code, provisions), in UN order, English first
    sources: list[tuple[str, str]]  # (language name, source note)


def held_table() -> list[HeldRow]:
    """Published instruments with texts in other languages, and where each came from
    (two queries)."""
    rows = (
        ProvisionText.objects.filter(provision__instrument__published=True)
        .order_by()
        .values("provision__instrument_id", "language")
        .annotate(n=Count("pk"), note=Min("source_note"))
    )
    found: dict[int, dict[str, tuple[int, str]]] = {}
    for row in rows:
        found.setdefault(row["provision__instrument_id"], {})[row["language"]] = (
            row["n"],
            row["note"],
        )
    instruments = Instrument.objects.filter(pk__in=found).annotate(
        english=Count("provisions", filter=~Q(provisions__text=""))
    )
    table = []
    for instrument in instruments.order_by("position", "slug"):
        held = found[instrument.pk]
        counts = [(ENGLISH, instrument.english)] + [
            (code, held.get(code, (0, ""))[0]) for code in READING_LANGUAGES if code != ENGLISH
        ]
        sources = [
            (LANGUAGE_NAMES[code], held[code][1]) for code in READING_LANGUAGES if code in held
        ]
        table.append(HeldRow(instrument, counts, sources))
    return table


def language_error(request: HttpRequest, error: LanguageError) -> HttpResponse:
    return render(request, "provisions/language_error.html", {"message": str(error)}, status=400)
