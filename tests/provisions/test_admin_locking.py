"""Optimistic locking on every model an editor changes: assessments, categories, capability
types, topics and defined terms. The second of two saves based on the same version is
refused with what the first one changed ("theirs") beside what it would have saved
("yours"), as for instruments and provisions (tests/lib/test_locking.py)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from django.contrib import admin
from django.db import connection
from django.test import Client
from django.urls import reverse

from lib.locking import VersionedAdminMixin
from provisions.models import (
    Capability,
    Coverage,
    DefinedTerm,
    ProvisionText,
    ThreatCategory,
    Topic,
)
from tests.admin_forms import change_form_data
from tests.concurrent_saves import save_at_the_same_moment
from tests.conftest import make_category, make_coverage, make_instrument, make_provision
from tests.roles import role_client

pytestmark = pytest.mark.django_db

# Every app whose models editors change in the admin.
PROJECT_APPS = {"instruments", "provisions", "positions", "events", "states"}


@pytest.fixture
def alice() -> Client:
    return role_client("alice", "editors")


@pytest.fixture
def bob() -> Client:
    return role_client("bob", "editors")


@dataclass
class Case:
    name: str
    make: Any  # () -> the row to edit
    field: str  # the form field both editors change
    label: str  # its verbose name, as the conflict message shows it

    def url(self, row) -> str:
        return reverse(f"admin:provisions_{type(row)._meta.model_name}_change", args=[row.pk])


def a_coverage() -> Coverage:
    provision = make_provision(make_instrument("treaty-a"), "art-1")
    return make_coverage(provision, make_category("asat-tests"), rationale="Original reason.")


CASES = [
    Case("coverage", a_coverage, "rationale", "rationale"),
    Case("category", lambda: make_category("asat-tests"), "name", "name"),
    Case(
        "capability",
        lambda: Capability.objects.create(slug="co-orbital", name="Co-orbital"),
        "name",
        "name",
    ),
    Case("topic", lambda: Topic.objects.create(slug="weapons", name="Weapons"), "name", "name"),
    Case(
        "text in another language",
        lambda: ProvisionText.objects.create(
            provision=make_provision(make_instrument("treaty-a"), "art-1"),
            language="fr",
            text="Les États parties.",
            provenance="unverified",
        ),
        "text",
        "text",
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_the_second_of_two_concurrent_edits_is_refused_with_theirs_and_yours(alice, bob, case):
    row = case.make()
    url = case.url(row)
    alices, bobs = change_form_data(alice.get(url)), change_form_data(bob.get(url))
    assert alices["base_version"] == bobs["base_version"] == "1"
    alices[case.field] = "Alice's words"
    response = alice.post(url, alices)
    assert response.status_code == 302, response.content.decode()[:3000]
    bobs[case.field] = "Bob's words"
    response = bob.post(url, bobs)
    assert response.status_code == 200
    html = response.content.decode()
    assert f"saved this {row._meta.verbose_name} after you opened it" in html
    assert "version 1, it is now version 2" in html
    assert f"{case.label}: <strong>theirs</strong> “Alice&#x27;s words”" in html
    assert "<strong>yours</strong> “Bob&#x27;s words”" in html
    row.refresh_from_db()
    assert (getattr(row, case.field), row.version) == ("Alice's words", 2)


def test_the_refusal_names_who_saved_an_assessment_meanwhile(alice, bob):
    coverage = a_coverage()
    url = CASES[0].url(coverage)
    alices, bobs = change_form_data(alice.get(url)), change_form_data(bob.get(url))
    alices["level"] = "restricts"
    alice.post(url, alices)
    bobs["rationale"] = "Bob's reason."
    html = bob.post(url, bobs).content.decode()
    assert "alice saved this coverage assessment after you opened it" in html
    assert "level: <strong>theirs</strong> “restricts”" in html
    coverage.refresh_from_db()
    assert (coverage.level, coverage.rationale) == ("restricts", "Original reason.")


def provision_url(provision) -> str:
    return reverse("admin:provisions_provision_change", args=[provision.pk])


def test_an_assessment_edited_meanwhile_refuses_the_provision_page_save(alice, bob):
    coverage = a_coverage()
    provision = coverage.provision
    bobs = change_form_data(bob.get(provision_url(provision)))
    alices = change_form_data(alice.get(CASES[0].url(coverage)))
    alices["rationale"] = "Alice's reason."
    assert alice.post(CASES[0].url(coverage), alices).status_code == 302
    bobs["heading"] = "Bob's heading"
    bobs["coverages-0-rationale"] = "Bob's reason."
    response = bob.post(provision_url(provision), bobs)
    assert response.status_code == 200
    html = response.content.decode()
    assert "alice saved this coverage assessment after you opened it" in html
    assert "rationale: <strong>theirs</strong> “Alice&#x27;s reason.”" in html
    provision.refresh_from_db()
    coverage.refresh_from_db()
    assert provision.heading != "Bob's heading"
    assert (coverage.rationale, coverage.version) == ("Alice's reason.", 2)


def test_a_defined_term_edited_meanwhile_refuses_the_provision_page_save(alice, bob):
    provision = make_provision(make_instrument("treaty-a"), "art-1")
    term = DefinedTerm.objects.create(provision=provision, term="space object")
    url = provision_url(provision)
    alices, bobs = change_form_data(alice.get(url)), change_form_data(bob.get(url))
    alices["defined_terms-0-term"] = "outer space object"
    assert alice.post(url, alices).status_code == 302
    bobs["defined_terms-0-term"] = "space objects"
    response = bob.post(url, bobs)
    assert response.status_code == 200
    html = response.content.decode()
    assert "saved this defined term after you opened it" in html
    assert "term: <strong>theirs</strong> “outer space object”" in html
    term.refresh_from_db()
    assert (term.term, term.version) == ("outer space object", 2)


def test_an_untouched_inline_assessment_saved_meanwhile_does_not_block_the_page(alice, bob):
    coverage = a_coverage()
    provision = coverage.provision
    bobs = change_form_data(bob.get(provision_url(provision)))
    alices = change_form_data(alice.get(CASES[0].url(coverage)))
    alices["rationale"] = "Alice's reason."
    alice.post(CASES[0].url(coverage), alices)
    bobs["heading"] = "Bob's heading"
    bobs["coverages-0-rationale"] = "Alice's reason."  # what the row holds now
    assert bob.post(provision_url(provision), bobs).status_code == 302
    provision.refresh_from_db()
    assert provision.heading == "Bob's heading"


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs row locks across connections (PostgreSQL)"
)
def test_two_assessment_saves_at_the_same_moment_cannot_both_win():
    """The assessment's own admin takes the same row lock as the instrument's
    (tests/lib/test_locking.py)."""
    coverage = a_coverage()
    winning_reason, statuses = save_at_the_same_moment(CASES[0].url(coverage), "rationale")
    assert sorted(statuses.values()) == [200, 302]
    coverage.refresh_from_db()
    assert (coverage.rationale, coverage.version) == (winning_reason, 2)


def test_every_model_an_editor_changes_is_versioned():
    for model in (Coverage, ThreatCategory, Capability, Topic, DefinedTerm, ProvisionText):
        assert model._meta.get_field("version").default == 1, model
    for model, model_admin in admin.site._registry.items():
        # The proxy is the list of deleted provisions: nothing there can be changed.
        if model._meta.app_label in PROJECT_APPS and not model._meta.proxy:
            assert isinstance(model_admin, VersionedAdminMixin), model


def test_an_assessment_can_still_be_reverted_from_its_history(alice):
    coverage = a_coverage()
    url = CASES[0].url(coverage)
    data = change_form_data(alice.get(url))
    data["rationale"] = "Wrong reason saved by mistake."
    assert alice.post(url, data).status_code == 302
    original = coverage.history.order_by("history_date").first()
    url = reverse("admin:provisions_coverage_simple_history", args=[coverage.pk, original.pk])
    data = change_form_data(alice.get(url))
    assert data["base_version"] == "2"  # the current row's version, not the old copy's
    assert alice.post(url, data).status_code == 302
    coverage.refresh_from_db()
    assert (coverage.rationale, coverage.version) == ("Original reason.", 3)
