"""`?as_of=` on the matrix page, the JSON and CSV, the comparison and the what-if."""

from __future__ import annotations

import csv
import io

import pytest

from instruments.models import Instrument
from tests.gaps.dated_builders import dated_corpus, day
from tests.gaps.matrix_builders import bulk_corpus

pytestmark = pytest.mark.django_db


@pytest.fixture
def corpus():
    return dated_corpus()


def gaps_of(data: dict) -> set[str]:
    return {category["slug"] for category in data["categories"] if category["gap"]}


def test_json_on_the_day_before_entry_into_force_has_the_gap_and_not_on_the_day(client, corpus):
    before = client.get("/api/matrix.json?as_of=1967-10-09").json()
    on = client.get("/api/matrix.json?as_of=1967-10-10").json()
    assert "wmd" in gaps_of(before) and "wmd" not in gaps_of(on)
    assert [item["slug"] for item in before["instruments"]] == ["ptbt"]
    assert before["as_of"] == "1967-10-09"
    excluded = {item["slug"]: item["reason"] for item in before["excluded"]}
    assert excluded["ost"].endswith("not in force until 10 October 1967")


def test_json_without_as_of_is_today_and_excludes_nothing(client, corpus):
    data = client.get("/api/matrix.json?scope=all").json()
    assert data["as_of"] is None and data["excluded"] == []
    assert "undated" in {item["slug"] for item in data["instruments"]}


def test_json_on_the_day_of_the_2007_test_has_no_guidelines_and_no_resolution(client, corpus):
    data = client.get("/api/matrix.json?scope=all&as_of=2007-01-11").json()
    assert {item["slug"] for item in data["instruments"]} == {"ost", "ptbt"}


def test_csv_follows_the_date(client, corpus):
    response = client.get("/api/matrix.csv?scope=all&as_of=1966-12-31")
    assert response.status_code == 200
    assert "as-of-1966-12-31" in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert {row["instrument"] for row in rows} == {"ptbt"}


@pytest.mark.parametrize("value", ["2007-13-01", "11/01/2007", "yesterday", "2007-1-1x"])
def test_an_invalid_date_gets_a_400_naming_the_parameter(client, corpus, value):
    for url in ("/api/matrix.json", "/api/matrix.csv"):
        response = client.get(url, {"as_of": value})
        assert response.status_code == 400
        assert "YYYY-MM-DD" in response.json()["errors"]["as_of"][0]
    page = client.get("/", {"as_of": value})
    assert page.status_code == 400
    assert "<code>as_of</code>" in page.content.decode()


def test_as_of_given_twice_is_refused(client, corpus):
    response = client.get("/api/matrix.json?as_of=2007-01-11&as_of=2008-01-01")
    assert response.status_code == 400
    assert "as_of" in response.json()["errors"]


def test_comparing_a_draft_not_yet_tabled_on_the_date_is_a_400_naming_compare(client, corpus):
    response = client.get("/api/matrix.json?compare=ppwt-2014&as_of=2010-01-01")
    assert response.status_code == 400
    assert "tabling came later, on 10 June 2014" in response.json()["errors"]["compare"][0]
    page = client.get("/?compare=ppwt-2014&as_of=2010-01-01")
    assert page.status_code == 400
    assert "<code>compare</code>" in page.content.decode()


def test_the_comparison_on_a_date_compares_with_the_law_in_force_then(client, corpus):
    data = client.get("/api/matrix.json?compare=ppwt-2008&as_of=2010-01-01").json()
    assert data["comparison"]["closes"] == ["rpo"]
    assert "wmd" not in data["comparison"]["stays_open"]
    page = client.get("/?compare=ppwt-2008&as_of=2010-01-01").content.decode()
    assert "in force on 1 January 2010" in page


def test_a_what_if_set_on_a_date_keeps_only_what_existed_then(client, corpus):
    data = client.get("/api/matrix.json?instruments=ost,lts,ppwt-2008&as_of=2010-01-01").json()
    assert [item["slug"] for item in data["instruments"]] == ["ost", "ppwt-2008"]


def test_the_page_says_which_date_it_shows_and_what_it_left_out_and_why(client, corpus):
    page = client.get("/?scope=all&as_of=2007-01-11").content.decode()
    assert 'The law as of <time datetime="2007-01-11">11 January 2007</time>' in page
    assert "LTS Guidelines</a>: its adoption came later, on 21 June 2019." in page
    assert "Resolution 77/41</a>: its adoption came later, on 7 December 2022." in page
    assert "Undated draft</a>: its date of tabling is not recorded" in page
    assert "the law as of 11 January 2007" in page  # the citation and the caption
    assert 'name="as_of" value="2007-01-11"' in page  # the other forms keep the date


def test_the_page_without_a_date_says_nothing_about_dates(client, corpus):
    page = client.get("/").content.decode()
    assert "The law as of" not in page


@pytest.mark.parametrize("size", [1, 10])
@pytest.mark.parametrize(
    "url, bound",
    [
        # Data version, catalogue, release, the dates, event counts, one matrix of three; the
        # claims behind the contested marks; on the page also the States of the State picker.
        ("/?scope=all&as_of=2000-06-01", 5 + 3 + 1 + 1),
        ("/api/matrix.json?scope=all&as_of=2000-06-01", 4 + 4 + 1),
        ("/api/matrix.csv?scope=all&as_of=2000-06-01", 3 + 4 + 1),
    ],
)
def test_a_dated_view_issues_a_constant_number_of_queries(
    client, django_assert_max_num_queries, size, url, bound
):
    bulk_corpus(instruments=3 * size, categories=2 * size, provisions=2 * size)
    Instrument.objects.update(
        adopted_on=day("2000-01-01"), in_force_on=day("2000-01-01"), tabled_on=day("2000-01-01")
    )
    Instrument.objects.filter(status=Instrument.Status.NON_BINDING).update(in_force_on=None)
    Instrument.objects.filter(slug="inst-0").update(in_force_on=day("2001-01-01"))
    with django_assert_max_num_queries(bound):
        response = client.get(url)
    assert response.status_code == 200
    data = client.get("/api/matrix.json?scope=all&as_of=2000-06-01").json()
    assert len(data["instruments"]) == 3 * size - 1
    assert [item["slug"] for item in data["excluded"]] == ["inst-0"]
