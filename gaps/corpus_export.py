"""Writing the corpus back to fixture files: the database as `Corpus`, and `Corpus` as YAML
in the layout `gaps.corpus.read_corpus` reads (`manage.py export_corpus`)."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

import yaml
from django.db.models import Prefetch

from instruments.models import Instrument
from provisions.models import Capability, Coverage, Provision, ThreatCategory, Topic

from . import translations as language_versions
from .corpus import INSTRUMENT_FIELDS, OPTIONAL_INSTRUMENT_KEYS, Corpus, _read_yaml
from .event_corpus import dump_events
from .position_corpus import dump_positions


def dump_corpus(version: str, date: datetime.date) -> Corpus:
    """Read the whole database back into the fixture structure (a fixed number of queries)."""
    instruments = Instrument.objects.select_related("supersedes").prefetch_related(
        Prefetch(
            "provisions",
            queryset=Provision.objects.order_by("position", "pk")
            .select_related("parent")
            .prefetch_related(
                "topics",
                "defined_terms",
                Prefetch("coverages", queryset=Coverage.objects.select_related("category")),
            ),
        )
    )
    categories = ThreatCategory.objects.prefetch_related("capabilities")

    positions, position_sources = dump_positions()
    return Corpus(
        version=version,
        date=date,
        topics=[
            {"slug": t.slug, "name": t.name, "description": t.description}
            for t in Topic.objects.all()
        ],
        capabilities=[{"slug": c.slug, "name": c.name} for c in Capability.objects.all()],
        categories=[
            {
                "slug": c.slug,
                "name": c.name,
                "definition": c.definition,
                "identified_in": c.identified_in,
                "capabilities": [cap.slug for cap in c.capabilities.all()],
            }
            for c in categories
        ],
        instruments=[_dump_instrument(instrument) for instrument in instruments],
        sources={instrument.slug: "database" for instrument in instruments},
        positions=positions,
        position_sources=position_sources,
        translations=language_versions.dump_translations(),
        events=dump_events(),
    )


def _dump_instrument(instrument: Instrument) -> dict[str, Any]:
    data: dict[str, Any] = {name: getattr(instrument, name) for name in INSTRUMENT_FIELDS}
    data["supersedes"] = instrument.supersedes.slug if instrument.supersedes else None
    for name in OPTIONAL_INSTRUMENT_KEYS:
        if not data[name]:
            del data[name]
    if "corrections" in data:
        data["corrections"] = [
            {key: _Exact(value) if isinstance(value, str) else value for key, value in c.items()}
            for c in data["corrections"]
        ]
    data["provisions"] = [
        {
            "slug": p.slug,
            "label": p.label,
            "heading": p.heading,
            "provenance": p.provenance,
            "source_note": p.source_note,
            "parent": p.parent.slug if p.parent else None,
            "topics": sorted(t.slug for t in p.topics.all()),
            "defines": [term.term for term in p.defined_terms.all()],
            "text": p.text,
            "coverage": [
                _dump_coverage(c)
                for c in sorted(p.coverages.all(), key=lambda c: c.category.position)
            ],
        }
        for p in instrument.provisions.all()
    ]
    return data


def _dump_coverage(coverage: Coverage) -> dict[str, Any]:
    data = {"category": coverage.category.slug, "level": coverage.level}
    if coverage.qualifier:
        data["qualifier"] = coverage.qualifier
    data["rationale"] = coverage.rationale
    return data


class _Dumper(yaml.SafeDumper):
    """Writes multi-line strings as literal blocks so that texts diff line by line."""


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value + ("\n" if style else ""), style)


class Exact(str):
    """A string whose every character counts (a correction's `find`), written quoted."""


def _represent_quoted(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    return dumper.represent_scalar("tag:yaml.org,2002:str", str(value), style='"')


class _Exact(str):
    """A string written back exactly, trailing newline or not (the corrections' find and
    replace texts are compared with the source file character for character)."""


def _represent_exact(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    if "\n" not in value:
        return dumper.represent_scalar("tag:yaml.org,2002:str", str(value))
    style = "|" if value.endswith("\n") and not value.endswith("\n\n") else '"'
    return dumper.represent_scalar("tag:yaml.org,2002:str", str(value), style=style)


_Dumper.add_representer(str, _represent_str)
_Dumper.add_representer(Exact, _represent_quoted)
_Dumper.add_representer(_Exact, _represent_exact)


def _dump_yaml(data: Any) -> str:
    return yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100)


def write_corpus(corpus: Corpus, directory: Path) -> list[Path]:
    """Write the corpus as fixture files under `directory`; returns the files written."""
    (directory / "instruments").mkdir(parents=True, exist_ok=True)
    index = {
        "version": corpus.version,
        "date": corpus.date,
        "topics": corpus.topics,
        "capabilities": corpus.capabilities,
        "categories": corpus.categories,
    }
    written = [directory / "corpus.yaml"]
    written[0].write_text(_dump_yaml(index), encoding="utf-8")
    for instrument in corpus.instruments:
        path = directory / "instruments" / f"{instrument['slug']}.yaml"
        path.write_text(_dump_yaml(instrument), encoding="utf-8")
        written.append(path)
    if corpus.positions:
        (directory / "positions").mkdir(exist_ok=True)
    for position in corpus.positions:
        path = directory / "positions" / f"{position['slug']}.yaml"
        path.write_text(_dump_yaml(position), encoding="utf-8")
    if corpus.translations:
        (directory / "translations").mkdir(exist_ok=True)
    for data in corpus.translations:
        path = (
            directory
            / "translations"
            / language_versions.file_name(data["instrument"], data["language"])
        )
        previous = (_read_yaml(path) or {}) if path.exists() else {}
        data = language_versions.with_fixture_keys(data, previous)
        if data.get("corrections"):
            data["corrections"] = [
                {key: Exact(value) for key, value in correction.items()}
                for correction in data["corrections"]
            ]
        path.write_text(_dump_yaml(data), encoding="utf-8")
        written.append(path)
    if corpus.events:
        written.append(directory / "events.yaml")
        written[-1].write_text(_dump_yaml({"events": corpus.events}), encoding="utf-8")
    return written
