"""Participation records in the admin: editors may change them, a stale save is refused."""

from __future__ import annotations

import pytest
from django.urls import reverse

from states.models import Participation
from tests.admin_forms import change_form_data
from tests.roles import role_client
from tests.states.builders import state_cast

pytestmark = pytest.mark.django_db


def test_the_second_of_two_concurrent_participation_edits_is_refused():
    cast = state_cast()
    record = cast.states["AA"].participations.filter(instrument=cast.beta).get()
    url = reverse("admin:states_participation_change", args=[record.pk])
    alice, bob = role_client("alice", "editors"), role_client("bob", "editors")
    alices, bobs = change_form_data(alice.get(url)), change_form_data(bob.get(url))
    alices["note"] = "Checked against the depositary's list."
    assert alice.post(url, alices).status_code == 302
    bobs["note"] = "Bob's note."
    response = bob.post(url, bobs)
    assert response.status_code == 200
    assert "alice saved this" in response.content.decode()
    record.refresh_from_db()
    assert (record.note, record.version) == ("Checked against the depositary's list.", 2)


def test_a_reviewer_may_read_but_not_change_participation():
    cast = state_cast()
    record = Participation.objects.filter(state=cast.states["BB"]).get()
    url = reverse("admin:states_participation_change", args=[record.pk])
    reviewer = role_client("rita", "reviewers")
    data = change_form_data(reviewer.get(url))
    data["note"] = "changed"
    reviewer.post(url, data)
    record.refresh_from_db()
    assert record.note == ""
