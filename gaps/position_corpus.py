"""Position documents in the corpus: `fixtures/positions/<slug>.yaml`, read, loaded, exported
and validated beside the instruments.

A position file holds the document's text (one paragraph per line), its provenance and its
claims, each with a verbatim quote and what it asserts per threat category. The loader
matches positions on their slugs and claims on (position, slug); like instruments, positions
created in the admin are never touched, and nothing is deleted.
"""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

from django.db.models import Prefetch

from instruments.models import Instrument
from positions.models import Assertion, Claim, Kind, Position, normalise
from provisions.models import Provenance, ThreatCategory

from .corpus import CorpusError, LoadStats, _read_yaml, _set_m2m, _text, _upsert

POSITION_FIELDS = [
    "slug",
    "title",
    "author",
    "date",
    "date_precision",
    "date_note",
    "symbol",
    "kind",
    "provenance",
    "source_url",
    "source_file",
    "source_note",
    "published",
    "position",
    "text",
]
ASSERTED = {choice.value for choice in Assertion.Asserted}


def read_positions(directory: Path, digest) -> tuple[list[dict], dict[str, str]]:
    """Every `positions/*.yaml` below `directory`, and where each came from."""
    positions, sources = [], {}
    for path in sorted((directory / "positions").glob("*.yaml")):
        digest.update(path.name.encode() + path.read_bytes())
        data = _read_yaml(path)
        if not isinstance(data, dict) or not data.get("slug"):
            raise CorpusError(f"{path}: a position file needs a 'slug' key at the top level.")
        positions.append(data)
        sources[data["slug"]] = str(path)
    return positions, sources


def _date(value: Any) -> datetime.date | None:
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(str(value))
    except ValueError:
        return None


def load_positions(positions: list[dict], stats: LoadStats) -> int:
    """Write the positions and their claims; returns how many positions were loaded."""
    categories = {c.slug: c for c in ThreatCategory.objects.all()}
    instruments = {i.slug: i for i in Instrument.objects.all()}
    loaded = 0
    for data in positions:
        existing = Position.objects.filter(slug=data["slug"]).first()
        if existing is not None and existing.origin != Position.Origin.CORPUS:
            stats.skipped.append(f"positions/{data['slug']}")
            continue
        values = {name: data.get(name) for name in POSITION_FIELDS if name != "slug"}
        for name in ("date_note", "symbol", "source_url", "source_file", "source_note", "text"):
            values[name] = _text(values[name])
        values["date"] = _date(values["date"])
        values["published"] = bool(values["published"])
        values["position"] = values["position"] or 0
        values["origin"] = Position.Origin.CORPUS
        position = _upsert(Position, {"slug": data["slug"]}, values, stats)
        document = normalise(position.text)
        for order, item in enumerate(data.get("claims") or [], start=1):
            quote = normalise(item["quote"])
            claim = _upsert(
                Claim,
                {"position": position, "slug": item["slug"]},
                {
                    "paragraph": str(item.get("paragraph") or ""),
                    "quote": _text(item["quote"]),
                    "note": _text(item.get("note")),
                    "order": document.find(quote) if quote in document else order,
                },
                stats,
            )
            for entry in item.get("asserts") or []:
                assertion = _upsert(
                    Assertion,
                    {"claim": claim, "category": categories[entry["category"]]},
                    {"asserted": entry["asserted"], "note": _text(entry.get("note"))},
                    stats,
                )
                _set_m2m(
                    assertion.instruments, [instruments[s] for s in entry.get("instruments") or []]
                )
        loaded += 1
    return loaded


def dump_positions() -> tuple[list[dict], dict[str, str]]:
    """Every position back in the fixture structure (a fixed number of queries)."""
    positions = Position.objects.prefetch_related(
        Prefetch(
            "claims",
            queryset=Claim.objects.order_by("order", "pk").prefetch_related(
                Prefetch(
                    "assertions",
                    queryset=Assertion.objects.select_related("category").prefetch_related(
                        "instruments"
                    ),
                )
            ),
        )
    )
    dumped = []
    for position in positions:
        data: dict[str, Any] = {name: getattr(position, name) for name in POSITION_FIELDS}
        data["claims"] = [
            {
                "slug": claim.slug,
                "paragraph": claim.paragraph,
                "quote": claim.quote,
                "note": claim.note,
                "asserts": [
                    {
                        "category": assertion.category.slug,
                        "instruments": sorted(i.slug for i in assertion.instruments.all()),
                        "asserted": assertion.asserted,
                        "note": assertion.note,
                    }
                    for assertion in claim.assertions.all()
                ],
            }
            for claim in position.claims.all()
        ]
        dumped.append(data)
    return dumped, {item["slug"]: "database" for item in dumped}


def validate_positions(
    positions: list[dict],
    sources: dict[str, str],
    category_slugs: set[str],
    instrument_slugs: set[str],
    defect,
) -> list:
    """Every defect of the positions: unknown categories or instruments, bad choices, and
    quotes that do not occur verbatim (whitespace aside) in the position's text."""
    defects = []
    seen: set[str] = set()
    for data in positions:
        where = sources.get(data.get("slug", ""), str(data.get("slug")))
        if data.get("slug") in seen:
            defects.append(defect(where, f"duplicate position slug {data.get('slug')!r}"))
        seen.add(data.get("slug"))
        for name in ("title", "author", "date", "kind", "provenance"):
            if not data.get(name):
                defects.append(defect(where, f"{name} is missing"))
        if data.get("kind") and data["kind"] not in Kind.values:
            defects.append(defect(where, f"unknown kind {data['kind']!r}"))
        if data.get("provenance") and data["provenance"] not in Provenance.values:
            defects.append(defect(where, f"unknown provenance {data['provenance']!r}"))
        if data.get("date") and _date(data["date"]) is None:
            defects.append(defect(where, f"date {data['date']!r} is not a date like 2022-05-01"))
        if not (data.get("source_url") or data.get("source_file") or data.get("symbol")):
            defects.append(defect(where, "no source: give a source_url, source_file or symbol"))
        document = normalise(str(data.get("text") or ""))
        claim_slugs: set[str] = set()
        for claim in data.get("claims") or []:
            label = f"{where}: claim {claim.get('slug')}"
            if claim.get("slug") in claim_slugs:
                defects.append(defect(label, "duplicate claim slug"))
            claim_slugs.add(claim.get("slug"))
            quote = normalise(str(claim.get("quote") or ""))
            if not quote:
                defects.append(defect(label, "the quote is empty"))
            elif quote not in document:
                defects.append(defect(label, "the quote does not occur in the position's text"))
            categories: set[str] = set()
            for entry in claim.get("asserts") or []:
                category = entry.get("category")
                if category not in category_slugs:
                    defects.append(defect(label, f"unknown category {category!r}"))
                if category in categories:
                    defects.append(defect(label, f"category {category!r} asserted twice"))
                categories.add(category)
                for slug in entry.get("instruments") or []:
                    if slug not in instrument_slugs:
                        defects.append(defect(label, f"unknown instrument {slug!r}"))
                if entry.get("asserted") not in ASSERTED:
                    defects.append(defect(label, f"unknown assertion {entry.get('asserted')!r}"))
            if not claim.get("asserts"):
                defects.append(defect(label, "asserts nothing about any category"))
    return defects
