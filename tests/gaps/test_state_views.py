"""The States list, a State's page, the comparison of States, and their JSON and CSV."""

from __future__ import annotations

import csv
import io

import pytest
from django.core.cache import cache

from gaps.for_state import CAVEAT
from tests.states.builders import more_states, state_cast

pytestmark = pytest.mark.django_db


@pytest.fixture
def cast(db):
    return state_cast()


def test_state_list_counts_the_treaties_binding_each_state(cast, client):
    data = client.get("/api/states.json").json()
    counts = {item["code"]: item["instruments_binding"] for item in data["states"]}
    assert counts == {"AA": 2, "BB": 0, "CC": 0, "DD": 0, "EE": 0}
    html = client.get("/states/").content.decode()
    assert '<a href="/states/AA/">State AA</a>' in html


def test_state_list_csv_has_a_row_per_state(cast, client):
    rows = list(csv.DictReader(io.StringIO(client.get("/api/states.csv").content.decode())))
    assert [row["code"] for row in rows] == ["AA", "BB", "CC", "DD", "EE"]
    assert rows[0]["instruments_binding"] == "2"


def test_state_list_csv_keeps_a_formula_as_text(cast, client):
    from states.models import State

    State.objects.filter(code="BB").update(name='=HYPERLINK("http://evil.example")')
    rows = list(csv.DictReader(io.StringIO(client.get("/api/states.csv").content.decode())))
    names = {row["code"]: row["name"] for row in rows}
    assert names["BB"] == '\'=HYPERLINK("http://evil.example")'


def test_state_page_gives_each_act_with_its_date_and_source(cast, client):
    html = client.get("/states/CC/").content.decode()
    assert "Accession" in html and "1 March 2001" in html
    assert "Withdrawal" in html and "1 January 2011" in html
    assert "https://treaties.un.org/example" in html
    assert CAVEAT in html


def test_state_page_lists_the_gaps_that_remain_for_it(cast, client):
    html = client.get("/states/AA/").content.decode()
    assert "Gaps that remain for State AA (1)" in html
    assert client.get("/api/states/AA.json").json()["gaps"] == ["force"]
    assert client.get("/api/states/DD.json").json()["gaps"] == ["wmd", "tests", "force"]


def test_state_page_says_unknown_where_nothing_is_recorded(cast, client):
    html = client.get("/states/DD/").content.decode()
    assert "No record found, and no complete list of participants is held: status unknown." in html
    assert "not among the participants in the list as at 1 January 2020" in html


def test_unknown_or_lowercase_state_codes_are_not_found(cast, client):
    assert client.get("/states/ZZ/").status_code == 404
    assert client.get("/states/aa/").status_code == 404
    assert client.get("/api/states/ZZ.json").status_code == 404


def test_comparison_shows_which_instruments_bind_each_and_where_gaps_differ(cast, client):
    response = client.get("/states/compare/", {"states": "AA,DD"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "party, bound" in html and "not a party" in html and "status unknown" in html
    assert html.count('class="differs"') == 2  # wmd and tests; force is a gap for both


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("AA", "Compare two or three different States, not 1."),
        ("AA,BB,CC,DD", "Compare two or three different States, not 4."),
        ("AA,<b>", "Give two or three ISO 3166 alpha-2 codes"),
        ("AA,ZZ", "Unknown State: ZZ."),
        ("", "Give two or three State codes"),
    ],
)
def test_comparison_refuses_bad_states_with_a_400_naming_the_parameter(
    cast, client, value, message
):
    response = client.get("/states/compare/", {"states": value})
    assert response.status_code == 400
    html = response.content.decode()
    assert "<code>states</code>" in html and message in html


@pytest.mark.parametrize("url", ["/states/", "/states/AA/", "/states/compare/?states=AA,BB,CC"])
def test_state_pages_take_the_same_queries_at_two_sizes(
    cast, client, django_assert_max_num_queries, url
):
    cache.clear()
    with django_assert_max_num_queries(18) as small:
        assert client.get(url).status_code == 200
    more_states(cast, 40)
    cache.clear()
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(url).status_code == 200
