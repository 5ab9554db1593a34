"""load_corpus loads the shipped events with their sources; reloading changes nothing."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.core.management import call_command

from events.models import Event, EventSource

pytestmark = pytest.mark.django_db


def load(*args: str) -> None:
    call_command("load_corpus", "--dir", str(settings.CORPUS_DIR), *args)


def test_the_shipped_events_load_with_their_sources_actors_and_categories():
    load()
    fy1c = Event.objects.get(slug="china-fy-1c-2007")
    assert fy1c.date.isoformat() == "2007-01-11" and fy1c.published
    assert [actor.name for actor in fy1c.actors.all()] == ["China"]
    assert {c.slug for c in fy1c.categories.all()} == {"asat-tests", "debris"}
    assert fy1c.sources.count() == 5
    assert fy1c.sources.first().url.startswith("https://spacenews.com/")
    assert not Event.objects.published().filter(sources=None).exists()


def test_reloading_the_events_changes_nothing():
    load()
    before = list(EventSource.objects.values_list("pk", flat=True))
    history = Event.history.count()
    load("--force")
    assert list(EventSource.objects.values_list("pk", flat=True)) == before
    assert Event.history.count() == history


def test_an_event_an_admin_created_is_not_overwritten():
    load()
    Event.objects.filter(slug="china-fy-1c-2007").update(
        origin=Event.Origin.ADMIN, title="Edited by an admin"
    )
    load("--force")
    assert Event.objects.get(slug="china-fy-1c-2007").title == "Edited by an admin"
