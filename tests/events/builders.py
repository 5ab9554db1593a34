"""Events for the tests: made up, and saying so in their titles."""

from __future__ import annotations

import datetime

from events.models import Actor, Event, EventSource
from provisions.models import Provenance, ThreatCategory


def make_event(
    slug: str,
    date: datetime.date,
    categories: list[ThreatCategory],
    *,
    actors: tuple[str, ...] = ("State A",),
    sources: int = 1,
    **fields,
) -> Event:
    values = {
        "title": f"Made-up test event {slug}",
        "summary": "According to a made-up source, something happened.",
        "published": True,
    }
    values.update(fields)
    event = Event.objects.create(slug=slug, date=date, **values)
    event.categories.set(categories)
    event.actors.set(
        Actor.objects.get_or_create(slug=name.lower().replace(" ", "-"), name=name)[0]
        for name in actors
    )
    for number in range(1, sources + 1):
        EventSource.objects.create(
            event=event,
            title=f"Made-up source {number}",
            url=f"https://example.org/{slug}/{number}",
            publisher="Example",
            provenance=Provenance.SUMMARY,
            quote="Something happened.",
            position=number,
        )
    return event
