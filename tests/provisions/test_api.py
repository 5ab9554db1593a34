"""The JSON and CSV API: shapes, pagination, errors and constant query counts."""

from __future__ import annotations

import csv
import io
import re

import pytest

from tests.provisions.builders import bulk_corpus, cast, clear_bulk

pytestmark = pytest.mark.django_db


@pytest.fixture
def corpus():
    return cast()


def test_provisions_json_has_the_documented_shape(client, corpus):
    response = client.get("/api/provisions.json?instrument=ppwt")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json() == {
        "count": 2,
        "next": None,
        "previous": None,
        "results": [
            {
                "instrument": "ppwt",
                "label": "Article I",
                "slug": "art-1",
                "url": "http://testserver/instruments/ppwt/art-1/",
                "heading": "",
                "text": corpus.p["ppwt/art-1"].text,
                "provenance": "summary",
                "topics": [],
                "coverage": [{"category": "weapons", "level": "indirect"}],
                "texts": {
                    "en": {
                        "text": corpus.p["ppwt/art-1"].text,
                        "provenance": "summary",
                        "source_note": corpus.p["ppwt/art-1"].source_note,
                    }
                },
            },
            {
                "instrument": "ppwt",
                "label": "Article II",
                "slug": "art-2",
                "url": "http://testserver/instruments/ppwt/art-2/",
                "heading": "",
                "text": corpus.p["ppwt/art-2"].text,
                "provenance": "official",
                "topics": ["weapons"],
                "coverage": [
                    {"category": "weapons", "level": "prohibits"},
                    {"category": "force", "level": "prohibits"},
                ],
                "texts": {
                    "en": {
                        "text": corpus.p["ppwt/art-2"].text,
                        "provenance": "official",
                        "source_note": corpus.p["ppwt/art-2"].source_note,
                    }
                },
            },
        ],
        "suggestions": [],
    }


def test_provisions_json_adds_a_highlighted_headline_when_searching(client, corpus):
    results = client.get("/api/provisions.json?q=%22celestial+bodies%22").json()["results"]
    assert [row["slug"] for row in results] == ["art-4-para-2"]
    # PostgreSQL marks each word of a phrase, SQLite the phrase as a whole.
    assert re.search(r"<mark>celestial(</mark> <mark>| )bodies</mark>", results[0]["headline"])


def test_provisions_json_pages_with_next_and_previous_links(client, db):
    bulk_corpus(instruments=1, provisions_each=7)
    first = client.get("/api/provisions.json?page_size=3&q=weapons").json()
    assert first["count"] == 7
    assert len(first["results"]) == 3
    assert first["previous"] is None
    assert first["next"] == "http://testserver/api/provisions.json?page_size=3&q=weapons&page=2"
    last = client.get("/api/provisions.json?page_size=3&q=weapons&page=3").json()
    assert [row["slug"] for row in last["results"]] == ["art-6"]
    assert last["next"] is None
    assert last["previous"] == "http://testserver/api/provisions.json?page_size=3&q=weapons&page=2"


def test_provisions_json_defaults_to_fifty_per_page_and_allows_a_hundred(client, db):
    bulk_corpus(instruments=1, provisions_each=120)
    assert len(client.get("/api/provisions.json").json()["results"]) == 50
    assert len(client.get("/api/provisions.json?page_size=100").json()["results"]) == 100
    beyond = client.get("/api/provisions.json?page_size=100&page=50").json()
    assert len(beyond["results"]) == 20  # the last page


def test_invalid_parameters_get_json_errors(client, corpus):
    response = client.get("/api/provisions.json?level=bans&page_size=1000&year_max=x")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    errors = response.json()["errors"]
    assert set(errors) == {"level", "page_size", "year_max"}
    assert "Select a valid choice. bans is not one of the available choices." in errors["level"]


def test_csv_streams_the_whole_filtered_set_not_one_page(client, db):
    bulk_corpus(instruments=3, provisions_each=40)
    response = client.get("/api/provisions.csv?category=category-0")
    assert response.status_code == 200
    assert response.streaming
    assert response["Content-Disposition"] == 'attachment; filename="provisions.csv"'
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert len(rows) == 3 * 14  # art-0, art-3, ... art-39 of each instrument
    assert rows[0] == {
        "instrument": "instrument-0",
        "label": "Article 0",
        "slug": "art-0",
        "url": "http://testserver/instruments/instrument-0/art-0/",
        "heading": "",
        "text": "States shall not place weapons number 0 in orbit.",
        "provenance": "official",
        "topics": "topic-0",
        "coverage": "category-0:prohibits",
        "language": "en",
        "instrument_name": "Instrument 0",
        "instrument_title": "The instrument-0 instrument",
        "instrument_status": "in_force",
        "level:category-0": "prohibits",
        "qualifier:category-0": "",
        "rationale:category-0": "Because.",
        "level:category-1": "",
        "qualifier:category-1": "",
        "rationale:category-1": "",
        "level:category-2": "",
        "qualifier:category-2": "",
        "rationale:category-2": "",
    }


def test_csv_with_invalid_filters_is_a_json_400(client, corpus):
    response = client.get("/api/provisions.csv?topic=astrology")
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["topic"]
    messages = response.json()["errors"]["topic"]
    assert messages[0] == "Select a valid choice. astrology is not one of the available choices."
    assert messages[1].startswith("Valid values include ")  # no slug is close to this one


def test_csv_reads_rows_in_chunks_without_a_query_per_row(client, django_assert_max_num_queries):
    # The count of queries grows only with the number of 500-row chunks (3 per chunk), after
    # one for the categories that name the assessment columns.
    for provisions_each in (10, 100):
        bulk_corpus(instruments=2, provisions_each=provisions_each)
        with django_assert_max_num_queries(5):
            response = client.get("/api/provisions.csv")
            body = b"".join(response.streaming_content)
        assert body.count(b"\n") == 2 * provisions_each + 1
        clear_bulk()


def test_api_only_answers_get(client, corpus):
    assert client.post("/api/provisions.json").status_code == 405
    assert client.post("/api/instruments.json").status_code == 405


def test_instruments_json_lists_published_instruments_with_their_facts(client, corpus):
    results = client.get("/api/instruments.json").json()["results"]
    assert [i["slug"] for i in results] == ["ost", "liability", "ppwt", "lts"]
    ost = results[0]
    assert ost["symbols"] == ["A/RES/2222 (XXI)"]
    assert ost["adopted_on"] == "1967-01-27"
    assert ost["parties"] == 115
    assert ost["parties_as_of"] == "2024-01-01"
    assert ost["binding"] is True
    assert ost["url"] == "http://testserver/instruments/ost/"
    assert ost["api_url"] == "http://testserver/api/instruments/ost.json"


def test_instrument_json_has_all_its_provisions_in_order(client, corpus):
    data = client.get("/api/instruments/ost.json").json()
    assert data["short_name"] == "Outer Space Treaty"
    assert data["summary"] == "The *basic* treaty of space law."
    assert [p["slug"] for p in data["provisions"]] == [
        "preamble", "art-4", "art-4-para-1", "art-4-para-2", "art-9",
    ]  # fmt: skip
    paragraph = data["provisions"][2]
    assert paragraph["parent"] == "art-4"
    assert paragraph["coverage"] == [
        {"category": "wmd", "level": "prohibits"},
        {"category": "weapons", "level": "indirect"},
    ]


@pytest.mark.parametrize("slug", ["hidden", "no-such-thing"])
def test_instrument_json_of_an_unpublished_or_unknown_instrument_is_a_json_404(
    client, corpus, slug
):
    response = client.get(f"/api/instruments/{slug}.json")
    assert response.status_code == 404
    assert "slug" in response.json()["errors"]


# The corpus's vocabulary, read once when a search finds few provisions (suggestions.py).
SUGGESTIONS = 1


@pytest.mark.parametrize(
    ("path", "limit"),
    [
        # data version (the page cache) + validation (instrument, topic) + count + page
        # + topics + assessments + texts in other languages + headline, and the words for
        # "did you mean" when the search finds few
        (
            "/api/provisions.json?q=weapons&instrument=instrument-1&topic=topic-1&page_size=100",
            9 + SUGGESTIONS,
        ),
        ("/api/instruments.json", 1),
        # instrument + provisions + topics + assessments + texts + held languages
        ("/api/instruments/instrument-1.json", 6),
    ],
)
def test_json_endpoints_run_a_constant_number_of_queries(
    client, django_assert_max_num_queries, path, limit
):
    for provisions_each in (5, 50):
        bulk_corpus(instruments=3, provisions_each=provisions_each)
        with django_assert_max_num_queries(limit):
            response = client.get(path)
        assert response.status_code == 200
        clear_bulk()


def test_headline_is_escaped_html_even_when_the_match_is_only_in_the_label(client, db):
    from tests.conftest import make_instrument, make_provision

    instrument = make_instrument("odd", short_name="Odd")
    make_provision(instrument, "art-1", label="Article Zeta", text="If a < b & c, then.")
    row = client.get("/api/provisions.json?q=zeta").json()["results"][0]
    assert row["headline"] == "If a &lt; b &amp; c, then."
