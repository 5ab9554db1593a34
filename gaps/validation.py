"""Checks on the corpus that span rows, files or instruments.

Works on the plain `Corpus` structure, so the same checks run on the fixture files
before they are loaded and on the database (exported into that structure).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.text import slugify

from events.validation import check_events
from instruments.models import (
    ALWAYS_BINDING,
    ENTERED_INTO_FORCE,
    NEVER_BINDING,
    Instrument,
    Kind,
    Status,
    can_prohibit,
)
from lib.numerals import roman_to_int
from provisions.models import Language, Level, Provenance, Provision, ThreatCategory, Topic
from provisions.models.assessment import QUALIFIER_MAX_LENGTH

from .corpus import Corpus
from .position_corpus import validate_positions
from .translations import entries

# "Article IV", "Article 12", "Guideline B.8", "Paragraph 3" (not their sub-paragraphs).
NUMBERED = re.compile(
    r"^(?P<kind>Article|Guideline|Paragraph|Element|Measure)\s+"
    r"(?P<number>[A-Z]\.\d+|\d+|[IVXLC]+)$"
)
PARAGRAPH = re.compile(r",\s*paragraph\s+(?P<number>\d+)$")
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


@dataclass(frozen=True)
class Defect:
    location: str
    message: str

    def __str__(self) -> str:
        return f"{self.location}: {self.message}"


def _number(match: re.Match) -> tuple[str, int]:
    """Split a numbered label into its series ("Article", "Guideline B") and number."""
    kind, number = match["kind"], match["number"]
    if "." in number:
        letter, digits = number.split(".")
        return f"{kind} {letter}", int(digits)
    if number.isdigit():
        return kind, int(number)
    return kind, roman_to_int(number)


def validate_corpus(corpus: Corpus) -> list[Defect]:
    """Every defect found, each with the place it was found."""
    defects: list[Defect] = []
    category_slugs = _check_unique(corpus.categories, "corpus.yaml: category", defects)
    topic_slugs = _check_unique(corpus.topics, "corpus.yaml: topic", defects)
    capability_slugs = _check_unique(corpus.capabilities, "corpus.yaml: capability", defects)
    for item in corpus.topics:
        defects += _check_lengths(item, Topic, f"corpus.yaml: topic {item.get('slug')}")
    for category in corpus.categories:
        defects += _check_lengths(
            category, ThreatCategory, f"corpus.yaml: category {category.get('slug')}"
        )
        for slug in category.get("capabilities") or []:
            if slug not in capability_slugs:
                defects.append(
                    Defect(
                        f"corpus.yaml: category {category.get('slug')}",
                        f"unknown capability {slug!r}",
                    )
                )

    assessed: set[str] = set()
    instrument_slugs = _check_unique(corpus.instruments, "instruments", defects)
    for instrument in corpus.instruments:
        where = corpus.sources.get(instrument["slug"], instrument["slug"])
        defects += _check_instrument(instrument, where, category_slugs, topic_slugs, assessed)

    defects += _check_translations(corpus)

    for category in corpus.categories:
        if category["slug"] not in assessed:
            defects.append(
                Defect(
                    f"corpus.yaml: category {category['slug']}",
                    "no provision of any instrument is assessed against it; "
                    "assess one or remove the category",
                )
            )
    defects += _check_supersession(corpus, instrument_slugs)
    defects += validate_positions(
        corpus.positions, corpus.position_sources, category_slugs, instrument_slugs, Defect
    )
    defects += [Defect(*found) for found in check_events(corpus.events, category_slugs)]
    return defects


def _check_lengths(data: dict[str, Any], model: type[models.Model], location: str) -> list[Defect]:
    """Values longer than their column allows (SQLite would accept them, PostgreSQL not)."""
    defects = []
    for name, value in data.items():
        try:
            field = model._meta.get_field(name)
        except FieldDoesNotExist:  # keys that are not columns, such as "provisions"
            continue
        if isinstance(field, models.CharField) and value and len(str(value)) > field.max_length:
            defects.append(
                Defect(
                    location, f"{name} is {len(str(value))} characters; at most {field.max_length}"
                )
            )
    return defects


def _check_unique(items: list[dict[str, Any]], where: str, defects: list[Defect]) -> set[str]:
    seen: set[str] = set()
    for item in items:
        slug = item.get("slug") or ""
        if not SLUG.match(slug):
            defects.append(
                Defect(where, f"invalid slug {slug!r}: use lowercase letters, digits, hyphens")
            )
        if slug in seen:
            defects.append(Defect(where, f"duplicate slug {slug!r}"))
        seen.add(slug)
    return seen


def _check_instrument(
    instrument: dict[str, Any],
    where: str,
    category_slugs: set[str],
    topic_slugs: set[str],
    assessed: set[str],
) -> list[Defect]:
    defects: list[Defect] = []
    slug = instrument["slug"]

    def defect(location: str, message: str) -> None:
        defects.append(Defect(f"{where}: {location}", message))

    defects += [
        Defect(f"{where}: {d.location}", d.message)
        for d in _check_lengths(instrument, Instrument, slug)
    ]
    if instrument.get("kind") not in Kind.values:
        defect(
            slug, f"unknown kind {instrument.get('kind')!r}; choose one of {', '.join(Kind.values)}"
        )
    status = instrument.get("status")
    if status not in Status.values:
        defect(slug, f"unknown status {status!r}; choose one of {', '.join(Status.values)}")
    binding = instrument.get("binding")
    if not isinstance(binding, bool):
        defect(slug, "'binding' must be true or false")
    if status in ALWAYS_BINDING and binding is False:
        defect(slug, f"an instrument with status {status!r} must be binding")
    if status in NEVER_BINDING and binding is True:
        defect(slug, f"an instrument with status {status!r} cannot be marked binding")
    if instrument.get("in_force_on") and status not in ENTERED_INTO_FORCE:
        defect(slug, f"an instrument with status {status!r} has no entry-into-force date")
    if instrument.get("parties") is not None and not instrument.get("parties_as_of"):
        defect(slug, "'parties' is given without 'parties_as_of', the date of the count")
    for message in _check_dates(instrument):
        defect(slug, message)

    corrections = instrument.get("corrections") or []
    if not isinstance(corrections, list) or not all(
        isinstance(c, dict) and c.get("find") and "replace" in c and c.get("reason")
        for c in corrections
    ):
        defect(slug, "'corrections' must be a list of {find, replace, reason}")

    provisions = instrument.get("provisions") or []
    if not provisions:
        defect(slug, "the instrument has no provisions")
    seen: dict[str, dict[str, Any]] = {}
    has_children = {p.get("parent") for p in provisions if p.get("parent")}
    for provision in provisions:
        pslug = provision.get("slug") or ""
        location = f"provision {pslug or provision.get('label')!r}"
        if not SLUG.match(pslug):
            defect(location, "invalid or missing slug")
        defects += [
            Defect(f"{where}: {d.location}", d.message)
            for d in _check_lengths(provision, Provision, location)
        ]
        if pslug in seen:
            defect(location, "duplicate provision slug")
        parent = provision.get("parent")
        if parent and parent not in seen:
            defect(location, f"parent {parent!r} does not exist or does not come before it")
        if not (provision.get("label") or "").strip():
            defect(location, "missing label")
        if provision.get("provenance") not in Provenance.values:
            defect(
                location,
                f"missing or unknown provenance {provision.get('provenance')!r}; "
                f"say where the text came from: {', '.join(Provenance.values)}",
            )
        if not (provision.get("text") or "").strip() and pslug not in has_children:
            defect(location, "empty text (only an article split into paragraphs may have none)")
        for topic in provision.get("topics") or []:
            if topic not in topic_slugs:
                defect(location, f"unknown topic {topic!r}")
        for message in _check_defined_terms(provision.get("defines")):
            defect(location, message)
        defects_in_coverage = _check_coverage(provision, binding, status, category_slugs, assessed)
        defects += [
            Defect(f"{where}: {location}: {d.location}", d.message) for d in defects_in_coverage
        ]
        seen[pslug] = provision

    if not instrument.get("selection_note"):
        defects += [
            Defect(f"{where}: {d.location}", d.message) for d in _check_numbering(provisions)
        ]
    return defects


def _check_dates(instrument: dict[str, Any]) -> list[str]:
    """Dated views rest on these dates: each set of dates names its source."""
    names = ("adopted_on", "in_force_on", "tabled_on", "ended_on")
    given = [name for name in names if instrument.get(name)]
    messages = []
    if given and not str(instrument.get("dates_source") or "").strip():
        messages.append(f"{', '.join(given)} given without 'dates_source', where they come from")
    tabled, ended = instrument.get("tabled_on"), instrument.get("ended_on")
    if tabled and ended and ended < tabled:
        messages.append("'ended_on' is before 'tabled_on'")
    return messages


def _check_defined_terms(terms: Any) -> list[str]:
    """`defines` is optional: a list of the terms the provision defines, each once."""
    if terms is None:
        return []
    if not isinstance(terms, list):
        return ["'defines' must be a list of terms, e.g. [\"space object\"]"]
    messages, seen = [], set()
    for term in terms:
        if not isinstance(term, str) or not slugify(term):
            messages.append(f"defined term {term!r} must be words, e.g. 'space object'")
        elif len(term.strip()) > 200:
            messages.append(f"defined term {term[:40]!r}... is longer than 200 characters")
        elif slugify(term) in seen:
            messages.append(f"defined term {term!r} is listed twice")
        else:
            seen.add(slugify(term))
    return messages


def _check_coverage(
    provision: dict[str, Any],
    binding: Any,
    status: Any,
    category_slugs: set[str],
    assessed: set[str],
) -> list[Defect]:
    defects: list[Defect] = []
    seen: set[str] = set()
    for coverage in provision.get("coverage") or []:
        category = coverage.get("category")
        location = f"coverage {category!r}"
        if category not in category_slugs:
            defects.append(Defect(location, "unknown threat category"))
        if category in seen:
            defects.append(Defect(location, "assessed twice for the same category"))
        seen.add(category)
        assessed.add(category)
        level = coverage.get("level")
        if level not in Level.values:
            defects.append(
                Defect(
                    location, f"unknown level {level!r}; choose one of {', '.join(Level.values)}"
                )
            )
        if level == Level.PROHIBITS and binding is False:
            defects.append(
                Defect(
                    location, "a non-binding instrument cannot prohibit anything; use 'guidance'"
                )
            )
        elif level == Level.PROHIBITS and status in Status.values and not can_prohibit(status):
            defects.append(
                Defect(
                    location,
                    f"an instrument with status {status!r} cannot prohibit anything: "
                    "it is not a treaty text",
                )
            )
        qualifier = coverage.get("qualifier", "")
        if not isinstance(qualifier, str) or len(qualifier) > QUALIFIER_MAX_LENGTH:
            defects.append(
                Defect(
                    location,
                    f"'qualifier' must be a short text of at most {QUALIFIER_MAX_LENGTH} "
                    "characters, e.g. 'on celestial bodies only'",
                )
            )
        if not (coverage.get("rationale") or "").strip():
            defects.append(
                Defect(location, "missing rationale: say why, quoting the operative words")
            )
    return defects


def _check_numbering(provisions: list[dict[str, Any]]) -> list[Defect]:
    """Articles, guidelines and paragraphs must be numbered without gaps or repeats."""
    defects: list[Defect] = []
    series: dict[tuple[str | None, str], list[tuple[int, str]]] = {}
    for provision in provisions:
        label = (provision.get("label") or "").strip()
        parent = provision.get("parent")
        paragraph = PARAGRAPH.search(label)
        if paragraph and parent:
            series.setdefault((parent, "paragraph"), []).append((int(paragraph["number"]), label))
            continue
        match = NUMBERED.match(label)
        if match:
            kind, number = _number(match)
            series.setdefault((None, kind), []).append((number, label))
    for (_parent, kind), numbered in series.items():
        numbers = [number for number, _label in numbered]
        first_label = numbered[0][1]
        repeated = sorted({number for number in numbers if numbers.count(number) > 1})
        missing = sorted(set(range(1, max(numbers) + 1)) - set(numbers))
        if repeated:
            defects.append(
                Defect(f"provision {first_label!r}", f"{kind} numbers used twice: {repeated}")
            )
        elif missing:
            defects.append(
                Defect(
                    f"provision {first_label!r}", f"{kind} numbering has a gap: {missing} missing"
                )
            )
        elif numbers != sorted(numbers):
            defects.append(
                Defect(f"provision {first_label!r}", f"{kind} numbering is out of order")
            )
    return defects


def _check_supersession(corpus: Corpus, instrument_slugs: set[str]) -> list[Defect]:
    defects: list[Defect] = []
    successor_of = {i["slug"]: i.get("supersedes") for i in corpus.instruments}
    for slug, target in successor_of.items():
        where = corpus.sources.get(slug, slug)
        if target and target not in instrument_slugs:
            defects.append(Defect(where, f"supersedes unknown instrument {target!r}"))
            continue
        seen, current = [slug], target
        while current and current not in seen:
            seen.append(current)
            current = successor_of.get(current)
        if current == slug:  # each member of a cycle reports it once, from its own file
            defects.append(
                Defect(where, f"superseding chain has a cycle: {' -> '.join([*seen, slug])}")
            )
    return defects


def _check_translations(corpus: Corpus) -> list[Defect]:
    """Each language version names a shipped instrument, a language and its provisions."""
    defects: list[Defect] = []
    provisions = {
        i["slug"]: {p["slug"]: p for p in i.get("provisions") or []} for i in corpus.instruments
    }
    seen: set[tuple[str, str]] = set()
    for data in corpus.translations:
        instrument, language = data.get("instrument"), data.get("language")
        where = corpus.sources.get(f"{instrument}.{language}", f"{instrument}.{language}")
        if (instrument, language) in seen:
            defects.append(Defect(where, f"a second file for {instrument} in {language!r}"))
        seen.add((instrument, language))
        if language not in Language.values:
            defects.append(
                Defect(where, f"unknown language {language!r}; use one of {Language.values}")
            )
        if instrument not in provisions:
            defects.append(Defect(where, f"unknown instrument {instrument!r}"))
            continue
        for slug, text, provenance, _note in entries(data):
            english = provisions[instrument].get(slug)
            if english is None:
                defects.append(Defect(where, f"{slug}: no such provision in {instrument}"))
                continue
            if provenance not in Provenance.values:
                defects.append(Defect(where, f"{slug}: provenance {provenance!r} is not valid"))
            if not text.strip():
                defects.append(Defect(where, f"{slug}: empty text; leave the slug out instead"))
            elif english["provenance"] == Provenance.SUMMARY and provenance != Provenance.SUMMARY:
                defects.append(Defect(where, f"{slug}: the English is a summary, not treaty text"))
    return defects
