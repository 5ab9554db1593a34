"""Optimistic locking: of two admins editing the same row, the second save is refused."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, connection
from django.test import Client
from django.urls import reverse

from instruments.models import Instrument
from lib.locking import StaleVersion, VersionedModelForm, claim_version
from provisions.models import Provision
from tests.admin_forms import change_form_data
from tests.concurrent_saves import save_at_the_same_moment
from tests.conftest import make_instrument, make_provision
from tests.roles import role_client

pytestmark = pytest.mark.django_db


@pytest.fixture
def alice() -> Client:
    return role_client("alice", "editors")


@pytest.fixture
def bob() -> Client:
    return role_client("bob", "editors")


def instrument_url(instrument: Instrument) -> str:
    return reverse("admin:instruments_instrument_change", args=[instrument.pk])


def provision_url(provision: Provision) -> str:
    return reverse("admin:provisions_provision_change", args=[provision.pk])


def test_the_second_of_two_concurrent_instrument_edits_is_refused(alice, bob, treaty):
    url = instrument_url(treaty)
    alices, bobs = change_form_data(alice.get(url)), change_form_data(bob.get(url))
    assert alices["base_version"] == bobs["base_version"] == "1"
    alices["title"] = "Alice's title"
    assert alice.post(url, alices).status_code == 302
    bobs["title"] = "Bob's title"
    response = bob.post(url, bobs)
    assert response.status_code == 200
    html = response.content.decode()
    assert "alice saved this instrument after you opened it" in html
    assert "version 1, it is now version 2" in html
    assert "full title: <strong>theirs</strong> “Alice&#x27;s title”" in html
    assert "<strong>yours</strong> “Bob&#x27;s title”" in html
    treaty.refresh_from_db()
    assert (treaty.title, treaty.version) == ("Alice's title", 2)


def test_a_refused_save_of_another_field_still_lists_what_the_other_admin_changed(
    alice, bob, treaty
):
    url = instrument_url(treaty)
    alices, bobs = change_form_data(alice.get(url)), change_form_data(bob.get(url))
    alices["symbols"] = "CD/9999"
    alice.post(url, alices)
    bobs["summary"] = "Bob's summary."
    html = bob.post(url, bobs).content.decode()
    assert "document symbols: <strong>theirs</strong> “CD/9999”" in html
    treaty.refresh_from_db()
    assert (treaty.symbols, treaty.summary) == ("CD/9999", "")


def test_after_reloading_the_refused_admin_can_save(alice, bob, treaty):
    url = instrument_url(treaty)
    bobs = change_form_data(bob.get(url))
    alices = change_form_data(alice.get(url))
    alices["title"] = "Alice's title"
    alice.post(url, alices)
    bobs = change_form_data(bob.get(url))
    bobs["summary"] = "Bob's summary."
    assert bob.post(url, bobs).status_code == 302
    treaty.refresh_from_db()
    assert (treaty.title, treaty.summary, treaty.version) == ("Alice's title", "Bob's summary.", 3)


def test_the_second_of_two_concurrent_provision_edits_is_refused(alice, bob, treaty):
    provision = make_provision(treaty, "art-1", text="Original text.")
    url = provision_url(provision)
    alices, bobs = change_form_data(alice.get(url)), change_form_data(bob.get(url))
    alices["text"] = "Alice's text."
    assert alice.post(url, alices).status_code == 302
    bobs["text"] = "Bob's text."
    response = bob.post(url, bobs)
    assert response.status_code == 200
    assert "text: <strong>theirs</strong> “Alice&#x27;s text.”" in response.content.decode()
    provision.refresh_from_db()
    assert (provision.text, provision.version) == ("Alice's text.", 2)


def test_an_inline_provision_edited_meanwhile_refuses_the_whole_instrument_save(alice, bob, treaty):
    provision = make_provision(treaty, "art-1", text="Original text.")
    bobs = change_form_data(bob.get(instrument_url(treaty)))
    alices = change_form_data(alice.get(provision_url(provision)))
    alices["text"] = "Alice's text."
    alice.post(provision_url(provision), alices)
    bobs["title"] = "Bob's title"
    bobs["provisions-0-text"] = "Bob's text."
    response = bob.post(instrument_url(treaty), bobs)
    assert response.status_code == 200
    assert "alice saved this provision after you opened it" in response.content.decode()
    treaty.refresh_from_db()
    provision.refresh_from_db()
    assert treaty.title != "Bob's title"
    assert provision.text == "Alice's text."


def test_an_untouched_inline_provision_edited_meanwhile_does_not_block_the_save(alice, bob, treaty):
    provision = make_provision(treaty, "art-1", text="Original text.")
    bobs = change_form_data(bob.get(instrument_url(treaty)))
    alices = change_form_data(alice.get(provision_url(provision)))
    alices["text"] = "Alice's text."
    alice.post(provision_url(provision), alices)
    bobs["title"] = "Bob's title"
    bobs["provisions-0-text"] = "Alice's text."  # what the row holds now: nothing to save
    assert bob.post(instrument_url(treaty), bobs).status_code == 302
    treaty.refresh_from_db()
    provision.refresh_from_db()
    assert (treaty.title, provision.text, provision.version) == ("Bob's title", "Alice's text.", 2)


def test_only_one_of_two_writes_based_on_the_same_version_can_claim_it(treaty):
    first, second = Instrument.objects.get(pk=treaty.pk), Instrument.objects.get(pk=treaty.pk)
    claim_version(first, 1)
    with pytest.raises(StaleVersion):
        claim_version(second, 1)
    assert Instrument.objects.get(pk=treaty.pk).version == 2


def test_a_save_that_loses_the_race_after_its_check_is_refused_not_written(
    alice, treaty, monkeypatch
):
    """Another save commits between this form's check and its write."""
    url = instrument_url(treaty)
    data = change_form_data(alice.get(url))
    original_clean = VersionedModelForm.clean
    runs = []

    def save_meanwhile() -> None:
        Instrument.objects.filter(pk=treaty.pk).update(version=2, title="Saved meanwhile")

    def clean_then_lose_the_race(form):
        if not isinstance(form.instance, Instrument):
            return original_clean(form)
        if runs:
            save_meanwhile()  # the other save committed: the view's second run sees it
        cleaned = original_clean(form)
        if not runs:
            save_meanwhile()  # the other save commits right after this form's check
        runs.append(True)
        return cleaned

    monkeypatch.setattr(VersionedModelForm, "clean", clean_then_lose_the_race)
    data["title"] = "Alice's title"
    response = alice.post(url, data)
    assert response.status_code == 200
    assert "Nothing was saved" in response.content.decode()
    treaty.refresh_from_db()
    assert (treaty.title, treaty.version) == ("Saved meanwhile", 2)


def test_a_failing_inline_leaves_nothing_written(alice, treaty, monkeypatch):
    first = make_provision(treaty, "art-1", text="First.")
    second = make_provision(treaty, "art-2", text="Second.")
    url = instrument_url(treaty)
    data = change_form_data(alice.get(url))
    data["title"] = "Changed title"
    data["provisions-0-text"] = "First, changed."
    data["provisions-1-text"] = "Second, changed."
    original_save = Provision.save

    def fail_on_the_second(provision, *args, **kwargs):
        if provision.slug == "art-2":
            raise IntegrityError("the database refused the second provision")
        return original_save(provision, *args, **kwargs)

    monkeypatch.setattr(Provision, "save", fail_on_the_second)
    response = alice.post(url, data)
    assert response.status_code == 303  # back to the form with "Nothing was saved"
    treaty.refresh_from_db()
    first.refresh_from_db()
    second.refresh_from_db()
    assert (treaty.title, treaty.version) == ("The treaty-a instrument", 1)
    assert (first.text, first.version) == ("First.", 1)
    assert second.text == "Second."


def test_a_form_without_its_version_is_refused(alice, treaty):
    url = instrument_url(treaty)
    data = change_form_data(alice.get(url))
    data["title"] = "Changed"
    del data["base_version"]
    response = alice.post(url, data)
    assert response.status_code == 200
    assert "has no version number" in response.content.decode()
    treaty.refresh_from_db()
    assert treaty.title == "The treaty-a instrument"


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs row locks across connections (PostgreSQL)"
)
def test_two_saves_at_the_same_moment_cannot_both_win():
    """Two admins press "Save" at once, each in its own thread, connection and transaction."""
    treaty = make_instrument("treaty-a")
    winning_title, statuses = save_at_the_same_moment(instrument_url(treaty), "title")
    assert sorted(statuses.values()) == [200, 302]
    treaty.refresh_from_db()
    assert (treaty.title, treaty.version) == (winning_title, 2)
