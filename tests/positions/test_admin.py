"""Positions and claims in the admin: editors enter them, quotes are checked, and a changed
assessment changes the verdicts on the next request."""

from __future__ import annotations

import pytest
from django.urls import reverse

from gaps.roles import EDITORS, REVIEWERS
from positions.models import Claim
from provisions.models import Coverage
from tests.admin_forms import form_data
from tests.positions.builders import make_claim, make_position
from tests.roles import role_client

pytestmark = pytest.mark.django_db


@pytest.fixture
def paper(known):
    c, i = known.categories, known.instruments
    paper = make_position("paper", text="1. OST restricts ASAT tests.")
    make_claim(paper, "asat", "OST restricts ASAT tests.", [(c["asat"], "covered", [i["ost"]])])
    return paper


def test_changing_an_assessment_in_the_admin_changes_the_verdict_on_the_next_request(
    admin_client, client, paper, known
):
    claims = reverse("gaps:claim_list")
    assert client.get(claims, {"format": "json"}).json()["claims"][0]["verdict"] == "partly"
    coverage = Coverage.objects.get(provision=known.provisions["ost-9"])
    url = reverse("admin:provisions_coverage_change", args=[coverage.pk])
    data = form_data(admin_client.get(url).content.decode())
    data["level"] = "prohibits"
    assert admin_client.post(url, data).status_code == 302
    assert client.get(claims, {"format": "json"}).json()["claims"][0]["verdict"] == "agrees"
    assert "Agrees" in client.get(reverse("gaps:position", args=["paper"])).content.decode()


def test_an_editor_can_enter_a_claim_and_its_assertions(paper, known):
    editor = role_client("edith", EDITORS)
    url = reverse("admin:positions_claim_add")
    data = form_data(editor.get(url).content.decode())
    data.update(
        {
            "position": str(paper.pk),
            "slug": "para-1-again",
            "quote": "OST   restricts\nASAT tests.",  # whitespace aside, verbatim
            "order": "2",
            "assertions-TOTAL_FORMS": "1",
            "assertions-0-category": str(known.categories["asat"].pk),
            "assertions-0-asserted": "partly_covered",
            "assertions-0-instruments": [str(known.instruments["ost"].pk)],
        }
    )
    response = editor.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    claim = Claim.objects.get(slug="para-1-again")
    assert [a.asserted for a in claim.assertions.all()] == ["partly_covered"]
    assert claim.history.count() == 1


def test_a_quote_not_in_the_positions_text_is_refused(admin_client, paper, known):
    url = reverse("admin:positions_claim_add")
    data = form_data(admin_client.get(url).content.decode())
    data.update(
        {"position": str(paper.pk), "slug": "made-up", "quote": "OST bans ASAT.", "order": "1"}
    )
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert "does not occur verbatim" in response.content.decode()
    assert not Claim.objects.filter(slug="made-up").exists()


def test_a_claim_saved_from_an_outdated_form_is_refused(admin_client, paper):
    claim = paper.claims.get()
    url = reverse("admin:positions_claim_change", args=[claim.pk])
    stale = form_data(admin_client.get(url).content.decode())
    fresh = {**stale, "note": "First."}
    assert admin_client.post(url, fresh).status_code == 302
    response = admin_client.post(url, {**stale, "note": "Second."})
    assert response.status_code == 200 and "Nothing was saved" in response.content.decode()
    claim.refresh_from_db()
    assert (claim.note, claim.version) == ("First.", 2)


def test_reviewers_may_read_positions_but_not_change_them(paper):
    reviewer = role_client("rita", REVIEWERS)
    assert reviewer.get(reverse("admin:positions_position_changelist")).status_code == 200
    url = reverse("admin:positions_position_change", args=[paper.pk])
    data = form_data(reviewer.get(url).content.decode())
    assert reviewer.post(url, {**data, "title": "Changed"}).status_code == 403


def test_position_change_page_lists_its_claims_and_a_claim_page_its_assertions(admin_client, paper):
    page = admin_client.get(reverse("admin:positions_position_change", args=[paper.pk]))
    assert page.status_code == 200 and b"OST restricts ASAT tests." in page.content
    claim = paper.claims.get()
    page = admin_client.get(reverse("admin:positions_claim_change", args=[claim.pk]))
    assert page.status_code == 200 and b'name="assertions-0-asserted"' in page.content
