"""The language versions of provisions in the fixture format: one file per instrument and
language, `translations/<instrument>.<language>.yaml`, beside the English `instruments/`.

Separate files so that an edit to the English text or to an assessment never touches the
texts in other languages, and the other way round. A file maps provision slugs to texts:

    instrument: ost-1967
    language: zh
    source_file: space-law-corpus/ost-1967-zh/text.txt   # relative to settings.SOURCES_DIR
    source_url: https://...
    provenance: official            # of every text in the file, unless a text says otherwise
    source_note: ...
    corrections: [{find, replace, reason}]   # applied to the source file before comparing
    texts:
      preamble: |
        本条约缔约国，...
      art-4-para-1: {text: ..., provenance: unverified, source_note: ...}   # the long form
"""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any

from provisions.models import Provision, ProvisionText

# Keys only the files hold; exporting keeps them from the file it overwrites.
FIXTURE_ONLY_KEYS = ["source_file", "source_url", "corrections"]


def file_name(instrument: str, language: str) -> str:
    return f"{instrument}.{language}.yaml"


def entries(data: dict[str, Any]) -> list[tuple[str, str, str, str]]:
    """(provision slug, text, provenance, source note) for every text of a file."""
    result = []
    for slug, value in (data.get("texts") or {}).items():
        if isinstance(value, dict):
            text = value.get("text") or ""
            provenance = value.get("provenance") or data.get("provenance") or ""
            note = value.get("source_note", data.get("source_note")) or ""
        else:
            text, provenance = value or "", data.get("provenance") or ""
            note = data.get("source_note") or ""
        result.append((str(slug), str(text).strip("\n"), provenance, note))
    return result


def load_translations(
    translations: list[dict[str, Any]], instruments: dict[str, Any], upsert, stats
) -> None:
    """Write every language version of the loaded `instruments` (slug -> Instrument)."""
    for data in translations:
        instrument = instruments.get(data.get("instrument"))
        if instrument is None:
            continue  # skipped (an admin owns that slug): its provisions are not ours
        provisions = {p.slug: p for p in Provision.objects.filter(instrument=instrument)}
        for slug, text, provenance, note in entries(data):
            upsert(
                ProvisionText,
                {"provision": provisions[slug], "language": data["language"]},
                {"text": text, "provenance": provenance, "source_note": note},
                stats,
            )


def dump_translations() -> list[dict[str, Any]]:
    """Every language version in the database, as fixture data (one query)."""
    rows = (
        ProvisionText.objects.select_related("provision__instrument")
        .order_by("provision__instrument__slug", "language", "provision__position", "provision_id")
        .only(
            "language",
            "text",
            "provenance",
            "source_note",
            "provision__slug",
            "provision__instrument__slug",
        )
    )
    grouped: dict[tuple[str, str], list[ProvisionText]] = defaultdict(list)
    for row in rows:
        grouped[(row.provision.instrument.slug, row.language)].append(row)
    result = []
    for (instrument, language), texts in grouped.items():
        provenance = Counter(t.provenance for t in texts).most_common(1)[0][0]
        note = Counter(t.source_note for t in texts).most_common(1)[0][0]
        result.append(
            {
                "instrument": instrument,
                "language": language,
                "provenance": provenance,
                "source_note": note,
                "texts": {
                    t.provision.slug: (
                        t.text
                        if (t.provenance, t.source_note) == (provenance, note)
                        else {
                            "text": t.text,
                            "provenance": t.provenance,
                            "source_note": t.source_note,
                        }
                    )
                    for t in texts
                },
            }
        )
    return result


def with_fixture_keys(data: dict[str, Any], previous: dict[str, Any]) -> dict[str, Any]:
    """`data` with the fixture-only keys of the file it replaces, in the files' key order."""
    kept = {key: previous[key] for key in FIXTURE_ONLY_KEYS if key in previous}
    order = ["instrument", "language", "source_file", "source_url", "provenance",
             "source_note", "corrections", "texts"]  # fmt: skip
    merged = {**data, **kept}
    return {key: merged[key] for key in order if key in merged}
