"""Events in the admin: no published event without a source, locking, history, publish."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from events.models import Event
from tests.admin_forms import form_data
from tests.conftest import make_category
from tests.events.builders import make_event

pytestmark = pytest.mark.django_db


@pytest.fixture
def event(db):
    return make_event("made-up", datetime.date(2007, 1, 11), [make_category()])


def change_form(admin_client, event: Event) -> dict:
    url = reverse("admin:events_event_change", args=[event.pk])
    return form_data(admin_client.get(url).content.decode())


def test_removing_the_last_source_of_a_published_event_is_refused(admin_client, event):
    data = change_form(admin_client, event)
    data["sources-0-DELETE"] = "on"
    response = admin_client.post(reverse("admin:events_event_change", args=[event.pk]), data)
    assert response.status_code == 200
    assert "can be published only with at least one source" in response.content.decode()
    assert event.sources.count() == 1


def test_an_unpublished_event_may_lose_its_source(admin_client, event):
    Event.objects.filter(pk=event.pk).update(published=False)
    event.refresh_from_db()
    data = change_form(admin_client, event)
    data["sources-0-DELETE"] = "on"
    response = admin_client.post(reverse("admin:events_event_change", args=[event.pk]), data)
    assert response.status_code == 302
    assert event.sources.count() == 0


def test_a_form_based_on_an_older_version_is_refused(admin_client, event):
    data = change_form(admin_client, event)
    Event.objects.filter(pk=event.pk).update(version=event.version + 1)
    data["title"] = "Changed meanwhile"
    response = admin_client.post(reverse("admin:events_event_change", args=[event.pk]), data)
    assert response.status_code == 200
    event.refresh_from_db()
    assert event.title != "Changed meanwhile"


def test_a_save_is_recorded_in_the_history(admin_client, event):
    data = change_form(admin_client, event)
    data["title"] = "Made-up test event, retitled"
    response = admin_client.post(reverse("admin:events_event_change", args=[event.pk]), data)
    assert response.status_code == 302
    assert event.history.first().title == "Made-up test event, retitled"


def test_the_publish_action_skips_events_without_a_source(admin_client, event):
    unsourced = make_event(
        "unsourced", datetime.date(2008, 1, 1), [make_category("debris")], sources=0
    )
    Event.objects.update(published=False)
    response = admin_client.post(
        reverse("admin:events_event_changelist"),
        {"action": "publish", "_selected_action": [event.pk, unsourced.pk]},
        follow=True,
    )
    page = response.content.decode()
    assert "Not published, no source: Made-up test event unsourced" in page
    event.refresh_from_db()
    unsourced.refresh_from_db()
    assert (event.published, unsourced.published) == (True, False)
    assert event.version == 2
