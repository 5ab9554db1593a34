"""Events in the corpus: read from `fixtures/events.yaml`, loaded, and dumped back.

Called by `gaps.corpus` (reading and loading) and `gaps.corpus_export` (dumping). Events are
matched on their slugs; events created in the admin are never touched, and nothing is
deleted.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.utils.text import slugify

from events.models import Actor, Event, EventSource
from lib.locking import raise_version
from provisions.models import ThreatCategory

EVENT_FIELDS = [
    "date",
    "date_precision",
    "end_date",
    "title",
    "summary",
    "consequences",
    "responses",
    "notes",
    "published",
]
SOURCE_FIELDS = ["title", "url", "symbol", "publisher", "accessed", "provenance", "quote"]


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip("\n")


def _values(data: dict[str, Any], names: list[str]) -> dict[str, Any]:
    values = {}
    for name in names:
        value = data.get(name)
        if name in ("summary", "consequences", "responses", "notes", "quote"):
            value = _text(value)
        elif name in ("url", "symbol", "publisher") and value is None:
            value = ""
        values[name] = value
    return values


def load_events(
    events: list[dict[str, Any]],
    categories: dict[str, ThreatCategory],
    count: Callable[[str], None],
) -> list[str]:
    """Write the events; returns the slugs skipped because an admin created them.

    `count` is told "created", "updated" or "unchanged" for each event. Run inside the
    corpus's transaction.
    """
    skipped = []
    for data in events:
        existing = Event.objects.filter(slug=data["slug"]).first()
        if existing is not None and existing.origin != Event.Origin.CORPUS:
            skipped.append(data["slug"])
            continue
        values = {**_values(data, EVENT_FIELDS), "origin": Event.Origin.CORPUS}
        sources = [_values(source, SOURCE_FIELDS) for source in data.get("sources") or []]
        actors = [
            Actor.objects.get_or_create(slug=slugify(name), defaults={"name": name})[0]
            for name in data.get("actors") or []
        ]
        wanted_categories = {categories[slug].pk for slug in data.get("categories") or []}
        if existing is None:
            event = Event.objects.create(slug=data["slug"], **values)
            count("created")
        else:
            event = existing
            held = [
                {name: getattr(source, name) for name in SOURCE_FIELDS}
                for source in event.sources.all()
            ]
            same = (
                all(getattr(event, name) == value for name, value in values.items())
                and held == sources
                and {a.pk for a in event.actors.all()} == {a.pk for a in actors}
                and set(event.categories.values_list("pk", flat=True)) == wanted_categories
            )
            if same:
                count("unchanged")
                continue
            for name, value in values.items():
                setattr(event, name, value)
            raise_version(event)  # sources, actors and categories are on its admin form too
            event.save()
            event.sources.all().delete()
            count("updated")
        event.actors.set(actors)
        event.categories.set(wanted_categories)
        # One by one, not bulk_create, so that each source has its history.
        for position, source in enumerate(sources, start=1):
            EventSource.objects.create(event=event, position=position, **source)
    return skipped


def dump_events() -> list[dict[str, Any]]:
    """Every event in the fixture structure (four queries)."""
    events = Event.objects.prefetch_related("actors", "categories", "sources")
    return [
        {
            "slug": event.slug,
            **{name: getattr(event, name) for name in EVENT_FIELDS},
            "actors": [actor.name for actor in event.actors.all()],
            "categories": [category.slug for category in event.categories.all()],
            "sources": [
                {name: getattr(source, name) for name in SOURCE_FIELDS}
                for source in event.sources.all()
            ],
        }
        for event in events
    ]
