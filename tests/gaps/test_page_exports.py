"""The gaps, category and cell pages, and the matrix CSV of a comparison, as data: each
export holds what its page shows, and the page links to it."""

from __future__ import annotations

import csv
import io

import pytest

pytestmark = pytest.mark.django_db


def rows_of(response) -> list[dict[str, str]]:
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.DictReader(io.StringIO(response.content.decode())))


def test_the_gaps_json_lists_each_scopes_gaps_with_what_comes_closest(client, known):
    data = client.get("/gaps/?format=json").json()
    scopes = {scope["scope"]: scope for scope in data["scopes"]}
    assert list(scopes) == ["in_force", "drafts", "all"]
    in_force = scopes["in_force"]
    assert [gap["category"] for gap in in_force["gaps"]] == ["asat", "rpo", "jamming"]
    assert (in_force["gap_count"], in_force["category_count"]) == (3, 4)
    asat = in_force["gaps"][0]
    assert (asat["strongest"], asat["gap_kind"]) == ("restricts", "no_guidance")
    assert [(c["instrument"], c["level"]) for c in asat["closest"]] == [("ost", "restricts")]
    assert asat["closest"][0]["rationale"] == "Consultation only; **no ban** on tests."
    # The drafts scope: PPWT 2014 prohibits ASAT tests, so it is no longer a gap there.
    assert [gap["category"] for gap in scopes["drafts"]["gaps"]] == ["rpo", "jamming"]
    assert data["corpus_citation"] == "unreleased corpus"  # the known corpus has no release


def test_the_gaps_csv_has_a_row_per_gap_and_closest_provision(client, known):
    rows = rows_of(client.get("/gaps/?format=csv"))
    in_force = [row for row in rows if row["scope"] == "in_force"]
    assert [(r["category"], r["closest_instrument"]) for r in in_force] == [
        ("asat", "ost"),
        ("rpo", ""),  # nothing at all comes close: one row, its closest columns empty
        ("jamming", ""),
    ]
    assert in_force[0]["closest_provision"] == "Article IX"


def test_the_category_exports_give_every_assessment_with_its_rationale(client, known):
    data = client.get("/gaps/asat/?format=json").json()
    assessed = [(a["instrument"], a["provision"], a["level"]) for a in data["assessments"]]
    assert assessed[0] == ("ppwt-new", "art-4", "prohibits")  # strongest first
    assert ("ost", "art-9", "restricts") in assessed and len(assessed) == 5
    assert {s["scope"]: s["gap"] for s in data["scopes"]} == {
        "in_force": True,
        "drafts": False,
        "all": False,
    }
    assert data["instruments_silent"] == ["ppwt-old"]
    rows = rows_of(client.get("/gaps/asat/?format=csv"))
    assert [(r["instrument"], r["provision"]) for r in rows] == [a[:2] for a in assessed]
    ost_9 = next(r for r in rows if r["provision"] == "art-9")
    assert ost_9["rationale"] == "Consultation only; **no ban** on tests."
    assert ost_9["url"] == "http://testserver/instruments/ost/art-9/"


def test_the_cell_exports_give_one_instruments_assessments(client, known):
    data = client.get("/gaps/asat/ost/?format=json").json()
    assert (data["instrument"], data["strongest"]) == ("ost", "restricts")
    assert [a["provision"] for a in data["assessments"]] == ["art-9", "art-3"]
    rows = rows_of(client.get("/gaps/asat/ost/?format=csv"))
    assert [(r["provision_label"], r["level"]) for r in rows] == [
        ("Article IX", "restricts"),
        ("Article III", "indirect"),
    ]


@pytest.mark.parametrize("url", ["/gaps/", "/gaps/asat/", "/gaps/asat/ost/"])
def test_each_page_links_to_its_exports_with_its_filters(client, known, url):
    page = client.get(f"{url}?evidence=official").content.decode()
    assert f'href="{url}?evidence=official&amp;format=csv"' in page
    assert f'href="{url}?evidence=official&amp;format=json"' in page


@pytest.mark.parametrize("url", ["/gaps/", "/gaps/asat/", "/gaps/asat/ost/"])
def test_an_unknown_format_is_a_400_that_names_the_choices(client, known, url):
    response = client.get(f"{url}?format=xml")
    assert response.status_code == 400
    assert "format=json or format=csv" in response.json()["errors"]["format"][0]


def test_the_matrix_csv_of_a_comparison_says_which_gaps_the_draft_closes(client, known):
    rows = rows_of(client.get("/api/matrix.csv?compare=ppwt-new"))
    by_category = {row["category"]: row for row in rows}
    assert {r["compared_instrument"] for r in rows} == {"ppwt-new"}
    assert by_category["asat"]["compared_level"] == "prohibits"
    assert by_category["asat"]["gap_closed_by_compared"] == "yes"
    assert by_category["rpo"]["compared_level"] == "restricts"
    assert by_category["rpo"]["gap_closed_by_compared"] == "no"
    assert by_category["wmd"]["gap_closed_by_compared"] == ""  # not a gap in force
    plain = rows_of(client.get("/api/matrix.csv"))
    assert {r["compared_instrument"] for r in plain} == {""}
