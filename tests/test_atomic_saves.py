"""A failed admin save (invalid inline, database error halfway) leaves nothing half-written."""

from __future__ import annotations

import pytest
from django.contrib.admin.models import LogEntry
from django.db import DatabaseError
from django.test import Client
from django.urls import reverse

from instruments.models import Instrument
from provisions.models import Provision
from tests.admin_forms import form_data
from tests.conftest import make_provision

pytestmark = pytest.mark.django_db

ADD_URL = reverse("admin:instruments_instrument_add")


def new_instrument_with_provisions(admin_client: Client) -> dict:
    """The add form filled in with an instrument and two provisions, as a browser sends it."""
    data = form_data(admin_client.get(ADD_URL).content.decode())
    data.update(
        short_name="New Draft",
        slug="new-draft",
        title="A new draft on outer space",
        kind="draft_treaty",
        status="draft",
        position="1",
        **{"provisions-TOTAL_FORMS": "2"},
    )
    for number in (0, 1):
        data.update(
            {
                f"provisions-{number}-position": str(number + 1),
                f"provisions-{number}-label": f"Article {number + 1}",
                f"provisions-{number}-slug": f"art-{number + 1}",
                f"provisions-{number}-provenance": "official",
            }
        )
    return data


def existing_instrument_edited(admin_client: Client, treaty: Instrument) -> tuple[str, dict]:
    """The change form of `treaty` with its title and both provision labels changed."""
    url = reverse("admin:instruments_instrument_change", args=[treaty.pk])
    data = form_data(admin_client.get(url).content.decode())
    assert data["provisions-TOTAL_FORMS"] == "2"
    data.update(
        {"title": "Changed title", "provisions-0-label": "Changed", "provisions-1-label": "Too"}
    )
    return url, data


def fail_on_second_provision_save(monkeypatch) -> list[Provision]:
    """Make the second Provision.save() fail as a database error would; return the calls."""
    calls: list[Provision] = []
    original = Provision.save

    def save(self, *args, **kwargs):
        calls.append(self)
        if len(calls) == 2:
            raise DatabaseError("simulated failure halfway through the save")
        return original(self, *args, **kwargs)

    monkeypatch.setattr(Provision, "save", save)
    return calls


@pytest.fixture
def treaty_with_provisions(treaty) -> Instrument:
    make_provision(treaty, "art-1", label="Article I")
    make_provision(treaty, "art-2", label="Article II")
    return treaty


def snapshot() -> list:
    return [
        list(Instrument.objects.order_by("pk").values()),
        list(Provision.objects.order_by("pk").values()),
        LogEntry.objects.count(),
    ]


def test_a_valid_instrument_with_provisions_is_saved_whole(admin_client):
    response = admin_client.post(ADD_URL, new_instrument_with_provisions(admin_client))
    assert response.status_code == 302
    instrument = Instrument.objects.get(slug="new-draft")
    assert list(instrument.provisions.values_list("slug", flat=True)) == ["art-1", "art-2"]


def test_an_invalid_provision_inline_writes_nothing_on_add(admin_client):
    before = snapshot()
    data = new_instrument_with_provisions(admin_client)
    data["provisions-1-slug"] = "art-1"  # the same slug twice in one instrument
    response = admin_client.post(ADD_URL, data)
    assert response.status_code == 200
    assert b"errornote" in response.content
    assert snapshot() == before


def test_an_invalid_provision_inline_writes_nothing_on_change(admin_client, treaty_with_provisions):
    before = snapshot()
    url, data = existing_instrument_edited(admin_client, treaty_with_provisions)
    data["provisions-1-label"] = ""  # required
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert b"errornote" in response.content
    assert snapshot() == before


def test_a_database_error_halfway_through_an_add_writes_nothing(admin_client, monkeypatch):
    before = snapshot()
    data = new_instrument_with_provisions(admin_client)
    calls = fail_on_second_provision_save(monkeypatch)
    response = admin_client.post(ADD_URL, data)
    assert len(calls) == 2  # the instrument and one provision had been written
    assert snapshot() == before
    assert response.status_code == 303
    assert response["Location"] == ADD_URL
    page = admin_client.get(ADD_URL).content.decode()
    assert "Nothing was saved: the database refused the change (DatabaseError)" in page
    assert "simulated failure" not in page


def test_a_database_error_halfway_through_a_change_writes_nothing(
    admin_client, treaty_with_provisions, monkeypatch
):
    before = snapshot()
    url, data = existing_instrument_edited(admin_client, treaty_with_provisions)
    fail_on_second_provision_save(monkeypatch)
    response = admin_client.post(url, data)
    assert response.status_code == 303
    assert snapshot() == before
    assert Instrument.objects.get(pk=treaty_with_provisions.pk).title != "Changed title"
    assert b"Nothing was saved" in admin_client.get(url).content
