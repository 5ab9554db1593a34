"""Instrument pages list their parties, counted from the participation records."""

from __future__ import annotations

import csv
import io

import pytest

from states.models import Action
from tests.states.builders import D, make_state, more_states, record, state_cast

pytestmark = pytest.mark.django_db


@pytest.fixture
def cast(db):
    return state_cast()


def test_instrument_page_counts_parties_from_the_records(cast, client):
    html = client.get("/instruments/alpha/").content.decode()
    assert "Parties (1)" in html  # AA; CC withdrew, EE revoked, BB only signed
    assert "current to 1 January 2020" in html


def test_the_typed_party_count_is_not_shown(cast, client):
    cast.alpha.parties = 4321
    cast.alpha.parties_as_of = D(2020, 1, 1)
    cast.alpha.save()
    html = client.get("/instruments/alpha/").content.decode()
    assert "4321" not in html


def test_without_a_full_list_the_page_says_absence_proves_nothing(cast, client):
    html = client.get("/instruments/beta/").content.decode()
    assert "No full list of participants is held" in html
    assert "1 recorded" in html


def test_space_powers_are_flagged_with_their_standing(cast, client):
    united_states = make_state("US", "United States of America")
    make_state("CN", "China")
    record(united_states, cast.alpha, Action.RATIFICATION, D(2005, 1, 1))
    data = client.get("/api/instruments/alpha/parties.json").json()
    assert data["space_powers"] == [
        {"state": "US", "standing": "bound", "label": "party, bound"},
        {"state": "CN", "standing": "not_party", "label": "not a party"},
    ]
    html = client.get("/instruments/alpha/").content.decode()
    assert "United States of America</a> ★" in html


def test_parties_json_lists_parties_and_the_others(cast, client):
    data = client.get("/api/instruments/alpha/parties.json").json()
    assert data["count"] == 1 and [party["state"] for party in data["parties"]] == ["AA"]
    assert {item["state"]: item["standing"] for item in data["others"]} == {
        "BB": "signed, not ratified",
        "CC": "withdrew",
        "EE": "ratification revoked; remains a signatory",
    }
    assert data["complete_list"]["as_of"] == "2020-01-01"


def test_parties_csv_has_every_record_with_the_standing(cast, client):
    response = client.get("/api/instruments/alpha/parties.csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert len(rows) == 8
    assert {row["standing"] for row in rows if row["state"] == "AA"} == {"party, bound"}


def test_a_draft_has_no_parties(cast, client):
    assert client.get("/api/instruments/gamma/parties.json").status_code == 404
    assert "Parties (" not in client.get("/instruments/gamma/").content.decode()


def test_instrument_list_shows_counts_from_the_records(cast, client):
    html = client.get("/instruments/").content.decode()
    assert '1 <span class="muted">(from the full list as at 1 January 2020)</span>' in html


@pytest.mark.parametrize(
    "url", ["/instruments/alpha/", "/instruments/", "/api/instruments/alpha/parties.json"]
)
def test_party_lists_take_the_same_queries_at_two_sizes(
    cast, client, django_assert_max_num_queries, url
):
    with django_assert_max_num_queries(12) as small:
        assert client.get(url).status_code == 200
    more_states(cast, 40)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(url).status_code == 200
