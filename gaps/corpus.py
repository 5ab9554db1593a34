"""Reading, loading and exporting the corpus in its fixture format.

The corpus lives in `fixtures/`: `corpus.yaml` (version, topics, capability types and
threat categories), `instruments/<slug>.yaml`, one file per instrument with its
provisions in document order and each provision's coverage assessments, and
`translations/<slug>.<language>.yaml`, its texts in other languages
(see gaps/translations.py). Files are YAML
so that a change to a treaty text or an assessment reads well in a diff.
"""

from __future__ import annotations

import datetime
import hashlib
from collections.abc import Callable, Iterable
from contextvars import ContextVar
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from django.db import transaction
from django.db.models import Model
from django.utils.text import slugify

from instruments.models import Instrument
from lib.locking import raise_saved_version, raise_version
from provisions.models import (
    Capability,
    Coverage,
    DefinedTerm,
    Provision,
    ThreatCategory,
    Topic,
)
from states.importing import (
    InvalidFile,
    import_lists,
    import_participation,
    import_states,
    read_text,
)

from . import releases
from . import translations as language_versions
from .event_corpus import load_events
from .models import Release

# The participation files beside corpus.yaml, loaded in this order by `load_participation`.
STATES_FILE = "states.csv"
LISTS_FILE = "participation_lists.csv"
PARTICIPATION_FILE = "participation.csv"

INSTRUMENT_FIELDS = [
    "slug",
    "short_name",
    "title",
    "symbols",
    "kind",
    "status",
    "binding",
    "adopted_on",
    "in_force_on",
    "tabled_on",
    "ended_on",
    "dates_source",
    "parties",
    "parties_as_of",
    "depositary",
    "source_url",
    "source_file",
    "corrections",
    "supersedes",
    "position",
    "published",
    "selection_note",
    "summary",
]
# Written only when they hold something, as the shipped files do.
OPTIONAL_INSTRUMENT_KEYS = ("source_file", "corrections")


class CorpusError(Exception):
    """The fixture files cannot be read; the message says which file and why."""


@dataclass
class Corpus:
    """The whole corpus as plain data, as read from fixtures or exported from the database."""

    version: str
    date: datetime.date
    topics: list[dict[str, Any]]
    capabilities: list[dict[str, Any]]
    categories: list[dict[str, Any]]
    instruments: list[dict[str, Any]]
    digest: str = ""
    # The texts in other languages, one dict per translations/<instrument>.<language>.yaml.
    translations: list[dict[str, Any]] = field(default_factory=list)
    # fixtures/events.yaml: real events, each with its sources (see gaps.event_corpus).
    events: list[dict[str, Any]] = field(default_factory=list)
    # Where each instrument came from, for messages: a file path or "database".
    sources: dict[str, str] = field(default_factory=dict)
    # Position documents and their claims (gaps.position_corpus), and where each came from.
    positions: list[dict[str, Any]] = field(default_factory=list)
    position_sources: dict[str, str] = field(default_factory=dict)


# Reading ---------------------------------------------------------------------------


def _read_yaml(path: Path) -> Any:
    try:
        data = path.read_bytes()
    except FileNotFoundError as exc:
        raise CorpusError(f"{path}: file not found. Is CORPUS_DIR right?") from exc
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise CorpusError(
            f"{path}: not UTF-8: byte 0x{data[exc.start]:02x} at offset {exc.start} "
            f"(line {line}) cannot be decoded ({exc.reason}). Save the file as UTF-8."
        ) from exc
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise CorpusError(f"{path}: not valid YAML: {exc}") from exc


def read_corpus(directory: Path) -> Corpus:
    """Read `corpus.yaml` and every `instruments/*.yaml` below `directory`."""
    index_path = directory / "corpus.yaml"
    index = _read_yaml(index_path)
    if not isinstance(index, dict) or "version" not in index or "date" not in index:
        raise CorpusError(f"{index_path}: needs at least 'version' and 'date' keys.")
    digest = hashlib.sha256(index_path.read_bytes())
    instruments, sources = [], {}
    for path in sorted((directory / "instruments").glob("*.yaml")):
        digest.update(path.name.encode() + path.read_bytes())
        data = _read_yaml(path)
        if not isinstance(data, dict) or not data.get("slug"):
            raise CorpusError(f"{path}: an instrument file needs a 'slug' key at the top level.")
        instruments.append(data)
        sources[data["slug"]] = str(path)
    positions, position_sources = _read_positions(directory, digest)
    translations = []
    for path in sorted((directory / "translations").glob("*.yaml")):
        digest.update(path.name.encode() + path.read_bytes())
        data = _read_yaml(path)
        if not isinstance(data, dict) or not data.get("instrument") or not data.get("language"):
            raise CorpusError(f"{path}: a translation file needs 'instrument' and 'language'.")
        translations.append(data)
        sources[f"{data['instrument']}.{data['language']}"] = str(path)
    events_path = directory / "events.yaml"
    events = []
    if events_path.exists():
        digest.update(events_path.name.encode() + events_path.read_bytes())
        events = (_read_yaml(events_path) or {}).get("events") or []
    date = index["date"]
    if not isinstance(date, datetime.date):
        raise CorpusError(f"{index_path}: 'date' must be a date such as 2026-11-22.")
    return Corpus(
        version=str(index["version"]),
        date=date,
        topics=index.get("topics") or [],
        capabilities=index.get("capabilities") or [],
        categories=index.get("categories") or [],
        instruments=instruments,
        digest=digest.hexdigest(),
        sources=sources,
        positions=positions,
        position_sources=position_sources,
        translations=translations,
        events=events,
    )


def _read_positions(directory: Path, digest) -> tuple[list[dict], dict[str, str]]:
    from .position_corpus import read_positions  # late: it builds on this module

    return read_positions(directory, digest)


# Loading ---------------------------------------------------------------------------


@dataclass
class LoadStats:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: list[str] = field(default_factory=list)

    def count(self, outcome: str) -> None:
        setattr(self, outcome, getattr(self, outcome) + 1)


# The change reason the history records for each row a load writes, so that the page of
# changes between releases can say an edit was the loading of a release.
LOAD_REASON: ContextVar[str] = ContextVar("load_reason", default="")


def _upsert(model: type[Model], lookup: dict, values: dict, stats: LoadStats) -> Model:
    """Create or update one row, saving only when a value differs, so reloads change nothing.

    An update raises the row's version, as a save in the admin does (lib/locking.py)."""
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        obj = model(**lookup, **values)
        obj._change_reason = LOAD_REASON.get() or None
        obj.save(force_insert=True)
        obj._created_by_load = True
        stats.count("created")
        return obj
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    if changed:
        for name in changed:
            setattr(obj, name, values[name])
        obj._change_reason = LOAD_REASON.get() or None
        raise_version(obj)
        obj.save()
        stats.count("updated")
    else:
        stats.count("unchanged")
    return obj


def _set_m2m(manager, objects: Iterable[Model]) -> None:
    """Make the relation exactly `objects`; the admin form of a row that existed before the
    load shows the relation, so a change raises that row's version."""
    wanted = {obj.pk for obj in objects}
    if set(manager.values_list("pk", flat=True)) != wanted:
        manager.set(wanted)
        if not getattr(manager.instance, "_created_by_load", False):
            raise_saved_version(manager.instance)


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip("\n")


def load_corpus(
    corpus: Corpus, progress: Callable[[str], None] = lambda message: None
) -> LoadStats:
    """Write the corpus into the database in one transaction.

    Rows are matched on their slugs. Instruments created in the admin are never touched:
    a shipped instrument whose slug an admin has already taken is skipped and reported.
    Nothing is deleted.
    """
    stats = LoadStats()
    reason = LOAD_REASON.set(f"loaded with corpus release {corpus.version}"[:100])
    try:
        return _load(corpus, progress, stats)
    finally:
        LOAD_REASON.reset(reason)


def _load(corpus: Corpus, progress: Callable[[str], None], stats: LoadStats) -> LoadStats:
    with transaction.atomic():
        topics = {
            item["slug"]: _upsert(
                Topic,
                {"slug": item["slug"]},
                {
                    "name": item["name"],
                    "description": _text(item.get("description")),
                    "position": position,
                },
                stats,
            )
            for position, item in enumerate(corpus.topics, start=1)
        }
        capabilities = {
            item["slug"]: _upsert(
                Capability,
                {"slug": item["slug"]},
                {"name": item["name"], "position": position},
                stats,
            )
            for position, item in enumerate(corpus.capabilities, start=1)
        }
        categories = {}
        for position, item in enumerate(corpus.categories, start=1):
            category = _upsert(
                ThreatCategory,
                {"slug": item["slug"]},
                {
                    "name": item["name"],
                    "definition": _text(item.get("definition")),
                    "identified_in": _text(item.get("identified_in")),
                    "position": position,
                },
                stats,
            )
            _set_m2m(category.capabilities, [capabilities[s] for s in item.get("capabilities", [])])
            categories[item["slug"]] = category
        progress(f"Loaded {len(topics)} topics and {len(categories)} threat categories.")

        total = len(corpus.instruments)
        loaded: dict[str, Instrument] = {}
        for number, data in enumerate(corpus.instruments, start=1):
            instrument = _load_instrument(data, topics, categories, stats)
            if instrument is None:
                progress(f"[{number}/{total}] {data['slug']}: skipped, an admin created it.")
                continue
            loaded[data["slug"]] = instrument
            count = len(data.get("provisions") or [])
            progress(f"[{number}/{total}] {data['slug']}: {count} provisions")
        # Supersession is set last: a successor may be listed before its predecessor.
        for data in corpus.instruments:
            instrument = loaded.get(data["slug"])
            if instrument is None:
                continue
            target = data.get("supersedes")
            supersedes = Instrument.objects.get(slug=target) if target else None
            if instrument.supersedes_id != (supersedes.pk if supersedes else None):
                instrument.supersedes = supersedes
                if not getattr(instrument, "_created_by_load", False):
                    raise_version(instrument)
                instrument.save(update_fields=["supersedes", "updated_at", "version"])
        _load_positions(corpus, stats, progress)
        language_versions.load_translations(corpus.translations, loaded, _upsert, stats)
        progress(f"Loaded {len(corpus.translations)} texts in other languages.")
        stats.skipped += load_events(corpus.events, categories, stats.count)
        progress(f"Loaded {len(corpus.events)} events.")
        release = Release.objects.create(
            version=corpus.version, date=corpus.date, digest=corpus.digest
        )
        releases.record(release)
    return stats


def _load_positions(corpus: Corpus, stats: LoadStats, progress: Callable[[str], None]) -> None:
    from .position_corpus import load_positions  # late: it builds on this module

    loaded = load_positions(corpus.positions, stats)
    progress(f"Loaded {loaded} position documents.")


def _load_instrument(
    data: dict, topics: dict[str, Topic], categories: dict[str, ThreatCategory], stats: LoadStats
) -> Instrument | None:
    existing = Instrument.objects.filter(slug=data["slug"]).first()
    if existing is not None and existing.origin != Instrument.Origin.CORPUS:
        stats.skipped.append(data["slug"])
        return None
    values = {
        name: (_text(data.get(name)) if name in ("summary", "dates_source") else data.get(name))
        for name in INSTRUMENT_FIELDS
        if name not in ("slug", "supersedes")
    }
    for name in ("symbols", "depositary", "source_url", "selection_note", "source_file"):
        values[name] = values[name] or ""
    values["corrections"] = values["corrections"] or []
    values["origin"] = Instrument.Origin.CORPUS
    instrument = _upsert(Instrument, {"slug": data["slug"]}, values, stats)

    by_slug: dict[str, Provision] = {}
    for position, item in enumerate(data.get("provisions") or [], start=1):
        parent_slug = item.get("parent")
        provision = _upsert(
            Provision,
            {"instrument": instrument, "slug": item["slug"]},
            {
                "label": item["label"],
                "heading": item.get("heading") or "",
                "text": _text(item.get("text")),
                "position": position,
                "parent": by_slug[parent_slug] if parent_slug else None,
                "provenance": item.get("provenance") or "",
                "source_note": item.get("source_note") or "",
            },
            stats,
        )
        _set_m2m(provision.topics, [topics[slug] for slug in item.get("topics") or []])
        _set_defined_terms(provision, item.get("defines") or [], stats)
        for coverage in item.get("coverage") or []:
            _upsert(
                Coverage,
                {"provision": provision, "category": categories[coverage["category"]]},
                {
                    "level": coverage["level"],
                    "rationale": _text(coverage.get("rationale")),
                    "qualifier": coverage.get("qualifier") or "",
                },
                stats,
            )
        by_slug[item["slug"]] = provision
    return instrument


def _set_defined_terms(provision: Provision, terms: list[str], stats: LoadStats) -> None:
    """Make the provision's defined terms exactly `terms`, in that order."""
    wanted = {slugify(term): (term.strip(), position) for position, term in enumerate(terms, 1)}
    for slug, (term, position) in wanted.items():
        _upsert(
            DefinedTerm,
            {"provision": provision, "slug": slug},
            {"term": term, "position": position},
            stats,
        )
    provision.defined_terms.exclude(slug__in=wanted).delete()


def load_participation(
    directory: Path, progress: Callable[[str], None] = lambda message: None
) -> int:
    """Load the States, participant lists and participation records shipped in `directory`.

    Runs after `load_corpus` (records name its instruments); all or nothing; safe to run
    again. A directory without a States file has no participation data: nothing happens.
    Returns the number of participation records read.
    """
    if not (directory / STATES_FILE).exists():
        return 0
    try:
        with transaction.atomic():
            states = import_states(read_text(directory / STATES_FILE), STATES_FILE)
            lists = import_lists(read_text(directory / LISTS_FILE), LISTS_FILE)
            progress(f"Loaded {states} States and {lists} participant lists.")
            stats = import_participation(
                read_text(directory / PARTICIPATION_FILE), PARTICIPATION_FILE, progress
            )
    except InvalidFile as exc:
        raise CorpusError("\n".join(exc.errors)) from exc
    return stats.created + stats.updated + stats.unchanged


def needs_loading(corpus: Corpus) -> bool:
    """Whether these fixture files differ from the last corpus loaded (one query)."""
    current = Release.objects.current()
    return current is None or current.digest != corpus.digest


# Exporting -------------------------------------------------------------------------
