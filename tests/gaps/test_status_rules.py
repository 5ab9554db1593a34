"""The about page says which statuses can prohibit and which scopes they count in."""

from __future__ import annotations

import re

import pytest

from gaps.views import status_rules

pytestmark = pytest.mark.django_db


def rule(value: str) -> dict:
    return next(item for item in status_rules() if item["value"] == value)


def test_a_proposal_counts_with_the_drafts_but_cannot_prohibit():
    proposal = rule("proposal")
    assert proposal["can_prohibit"] is False
    assert proposal["comparable"] is True
    assert "binding instruments in force" not in proposal["scopes"]
    assert len(proposal["scopes"]) == 2


def test_a_signed_treaty_can_prohibit_but_does_not_count_as_in_force():
    signed = rule("signed_not_in_force")
    assert signed["can_prohibit"] is True
    assert "binding instruments in force" not in signed["scopes"]


def test_the_about_page_shows_the_status_table(client):
    content = client.get("/about/").content.decode()
    row = re.search(r"<th scope=\"row\">Proposal or working paper</th>\s*<td>(\w+)</td>", content)
    assert row is not None and row.group(1) == "No"
    assert '<th scope="row">No longer in force</th>' in content
