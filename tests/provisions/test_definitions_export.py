"""The definitions page as JSON and CSV: the same terms, linked from the page."""

from __future__ import annotations

import csv
import io

import pytest

from tests.provisions.builders import bulk_corpus, cast, clear_bulk

pytestmark = pytest.mark.django_db


def test_the_page_links_its_json_and_csv(client):
    cast()
    content = client.get("/definitions/").content.decode()
    assert '<a href="?format=csv">CSV</a>' in content
    assert '<a href="?format=json">JSON</a>' in content


def test_the_json_gives_every_term_of_the_page_with_its_definitions(client):
    cast()
    page = client.get("/definitions/").content.decode()
    terms = client.get("/definitions/?format=json").json()["terms"]
    assert [term["slug"] for term in terms] == [
        "launching-state", "outer-space-object", "space-object", "weapon-in-outer-space",
    ]  # fmt: skip
    for term in terms:
        assert f'id="term-{term["slug"]}"' in page
    space_object = next(term for term in terms if term["slug"] == "space-object")
    assert space_object["definitions"] == [
        {
            "instrument": "liability",
            "instrument_name": "Liability Convention",
            "provision": "art-1",
            "url": "http://testserver/instruments/liability/art-1/",
            "excerpt": space_object["definitions"][0]["excerpt"],
        }
    ]
    assert (
        'the term "space object" includes component parts'
        in (space_object["definitions"][0]["excerpt"])
    )


def test_the_csv_has_one_row_per_definition(client):
    cast()
    response = client.get("/definitions/?format=csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    json_terms = client.get("/definitions/?format=json").json()["terms"]
    assert len(rows) == sum(len(term["definitions"]) for term in json_terms)
    assert {row["term_slug"] for row in rows} == {term["slug"] for term in json_terms}
    assert rows[0]["provision_url"].startswith("http://testserver/instruments/")


def test_an_unknown_format_is_a_400(client):
    cast()
    response = client.get("/definitions/?format=xml")
    assert response.status_code == 400
    assert response.json() == {"errors": {"format": ["Choose one of html, json, csv."]}}


@pytest.mark.parametrize("wanted", ["json", "csv"])
def test_the_exports_run_one_query_whatever_the_size(client, django_assert_max_num_queries, wanted):
    for instruments in (2, 20):
        bulk_corpus(instruments=instruments, provisions_each=3)
        with django_assert_max_num_queries(1):
            response = client.get(f"/definitions/?format={wanted}")
        assert response.status_code == 200
        clear_bulk()
