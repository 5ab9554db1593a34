"""`?state=` on the matrix page, its JSON and CSV, the comparison and the what-if."""

from __future__ import annotations

import csv
import io

import pytest

from gaps.for_state import CAVEAT
from tests.states.builders import state_cast

pytestmark = pytest.mark.django_db


@pytest.fixture
def cast(db):
    return state_cast()


def test_matrix_page_for_a_state_shows_only_what_binds_it_and_why_not_the_rest(cast, client):
    response = client.get("/?state=BB")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Signed, not ratified (1 June 1999)" in html and "Status unknown" in html
    assert CAVEAT in html
    assert html.count(CAVEAT) == 1


def test_lowercase_codes_are_accepted(cast, client):
    assert client.get("/?state=aa").status_code == 200


def test_an_unknown_state_is_a_400_naming_the_parameter(cast, client):
    response = client.get("/?state=ZZ")
    assert response.status_code == 400
    assert "<code>state</code>: Unknown State: &#x27;ZZ&#x27;" in response.content.decode()


def test_api_refuses_a_state_that_is_not_a_code_naming_the_parameter(cast, client):
    response = client.get("/api/matrix.json", {"state": "<script>"})
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["state"]
    assert "<script>" not in response.content.decode()


def test_state_given_twice_is_refused(cast, client):
    response = client.get("/api/matrix.json?state=AA&state=BB")
    assert response.status_code == 400
    assert response.json()["errors"]["state"] == ["Give this parameter only once."]


def test_api_for_a_party_lists_its_instruments_and_its_one_gap(cast, client):
    data = client.get("/api/matrix.json", {"state": "AA"}).json()
    assert [item["slug"] for item in data["instruments"]] == ["alpha", "beta"]
    assert [row["slug"] for row in data["categories"] if row["gap"]] == ["force"]
    assert data["state"]["code"] == "AA" and data["state"]["excluded"] == []
    assert data["state"]["caveat"] == CAVEAT


def test_api_for_a_non_party_says_why_each_instrument_is_left_out(cast, client):
    data = client.get("/api/matrix.json", {"state": "DD"}).json()
    assert data["instruments"] == []
    reasons = {item["instrument"]: item["reason"] for item in data["state"]["excluded"]}
    assert reasons == {"alpha": "not a party", "beta": "status unknown"}
    assert data["state"]["excluded"][0]["list_as_of"] == "2020-01-01"


def csv_table(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode())))


def csv_dicts(response) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(response.content.decode())))


def test_csv_for_a_state_has_matrix_rows_only_for_the_instruments_binding_it(cast, client):
    response = client.get("/api/matrix.csv", {"state": "AA", "scope": "all"})
    rows = [row for row in csv_dicts(response) if row["category"]]
    assert {row["instrument"] for row in rows} == {"alpha", "beta", "gamma"}
    assert {row["state"] for row in rows} == {"AA"}
    assert {row["state_standing"] for row in rows if row["instrument"] == "alpha"} == {"bound"}
    assert 'filename="matrix-all-AA.csv"' in response["Content-Disposition"]
    withdrawn = client.get("/api/matrix.csv", {"state": "CC", "scope": "all"})
    rows = [row for row in csv_dicts(withdrawn) if row["category"]]
    assert {row["instrument"] for row in rows} == {"gamma"}


def test_csv_for_a_state_names_each_instrument_set_aside_and_why_as_the_json_does(cast, client):
    params = {"state": "DD", "scope": "all"}
    response = client.get("/api/matrix.csv", params)
    table = csv_table(response)
    assert len({len(line) for line in table}) == 1  # rectangular
    set_aside = [row for row in csv_dicts(response) if not row["category"]]
    excluded = client.get("/api/matrix.json", params).json()["state"]["excluded"]
    assert [
        (row["instrument"], row["state"], row["state_standing"], row["state_reason"])
        for row in set_aside
    ] == [(item["instrument"], "DD", item["standing"], item["reason"]) for item in excluded]
    assert [row["state_list_as_of"] for row in set_aside] == [
        item["list_as_of"] or "" for item in excluded
    ]
    assert {row["level"] for row in set_aside} == {""}


def test_csv_without_a_state_leaves_the_state_columns_empty(cast, client):
    rows = csv_dicts(client.get("/api/matrix.csv", {"scope": "all"}))
    assert rows and all(row["category"] for row in rows)
    assert {row["state"] + row["state_reason"] for row in rows} == {""}


def test_comparison_for_a_state_measures_the_draft_against_what_binds_it(cast, client):
    data = client.get("/api/matrix.json", {"state": "AA", "compare": "gamma"}).json()
    assert data["comparison"]["closes"] == ["force"]
    data = client.get("/api/matrix.json", {"state": "BB", "compare": "gamma"}).json()
    assert data["comparison"]["closes"] == ["force"]
    assert data["comparison"]["stays_open"] == ["wmd", "tests"]


def test_what_if_for_a_state_drops_instruments_that_do_not_bind_it(cast, client):
    data = client.get("/api/matrix.json", {"state": "CC", "instruments": "alpha,gamma"}).json()
    assert [item["slug"] for item in data["instruments"]] == ["gamma"]


def test_links_and_citation_keep_the_state(cast, client):
    html = client.get("/?state=AA").content.decode()
    assert "/api/matrix.json?state=AA" in html
    assert "binding State AA" in html


def test_the_matrix_without_a_state_is_unchanged(cast, client):
    data = client.get("/api/matrix.json").json()
    assert [item["slug"] for item in data["instruments"]] == ["alpha", "beta"]
    assert "state" not in data


def test_a_state_on_a_date_is_bound_by_what_bound_it_then(cast, client):
    # CC acceded to alpha in 2001 and its withdrawal took effect on 1 January 2011.
    today = client.get("/api/matrix.json", {"state": "CC"}).json()
    assert "alpha" not in [item["slug"] for item in today["instruments"]]
    then = client.get("/api/matrix.json", {"state": "CC", "as_of": "2005-06-01"}).json()
    assert "alpha" in [item["slug"] for item in then["instruments"]]
    assert then["state"]["on"] == "2005-06-01"
    assert "alpha" not in [item["instrument"] for item in then["state"]["excluded"]]
    page = client.get("/", {"state": "CC", "as_of": "2012-01-01"}).content.decode()
    assert "Alpha Treaty" in page  # named among what the State is no longer bound by
