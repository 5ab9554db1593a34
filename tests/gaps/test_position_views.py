"""The positions list, a position's page, the claims table and contested marks."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse

from gaps.models import DataVersion
from provisions.models import Coverage
from tests.conftest import make_coverage, make_instrument, make_provision
from tests.positions.builders import make_claim, make_position

TEXT = "1. OST bans WMD here.\n\n2. OST leaves RPO open. Jamming is voluntary."


@pytest.fixture
def paper(known):
    c, i = known.categories, known.instruments
    charter = make_instrument("charter", short_name="Charter", position=0)
    make_coverage(make_provision(charter, "art-2-4"), c["rpo"], "prohibits", rationale="Force.")
    paper = make_position("paper", text=TEXT, title="A paper")
    make_claim(paper, "wmd", "OST bans WMD", [(c["wmd"], "covered", [i["ost"]])], paragraph="1")
    make_claim(paper, "rpo", "OST leaves RPO open.", [(c["rpo"], "not_covered", [i["ost"]])])
    make_claim(
        paper,
        "mixed",
        "Jamming is voluntary.",
        [(c["wmd"], "covered", [i["ost"]]), (c["rpo"], "partly_covered", [])],
    )
    return paper


def rows(response) -> list[dict]:
    return list(csv.DictReader(io.StringIO(response.content.decode())))


@pytest.mark.django_db
def test_position_page_marks_each_claim_in_its_text_with_its_verdict(client, paper):
    page = client.get(reverse("gaps:position", args=["paper"])).content.decode()
    assert '<mark id="claim-wmd">OST bans WMD</mark>' in page
    assert '<mark id="claim-rpo">OST leaves RPO open.</mark>' in page
    assert "1. <mark" in page and '</mark> <a class="verdict-link"' in page
    assert "Disagrees" in page and "Agrees" in page
    assert "Charter" in page and "Force." in page  # the general rule on the other side


@pytest.mark.django_db
def test_position_page_escapes_the_text(client, known):
    position = make_position("hostile", text="<script>alert(1)</script> Claim here.")
    make_claim(position, "c", "Claim here.", [(known.categories["wmd"], "covered", [])])
    page = client.get(reverse("gaps:position", args=["hostile"])).content.decode()
    assert "<script>alert(1)" not in page and "&lt;script&gt;" in page


@pytest.mark.django_db
def test_positions_list_counts_verdicts_in_html_json_and_csv(client, paper):
    url = reverse("gaps:position_list")
    assert "A paper" in client.get(url).content.decode()
    data = client.get(url, {"format": "json"}).json()
    assert data[0]["verdicts"] == {"agrees": 1, "partly": 1, "disagrees": 1}
    assert rows(client.get(url, {"format": "csv"}))[0]["claims"] == "3"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({}, ["paper/wmd", "paper/rpo", "paper/mixed"]),
        ({"verdict": "disagrees"}, ["paper/rpo"]),
        ({"category": "wmd"}, ["paper/wmd", "paper/mixed"]),
        ({"instrument": "ost", "verdict": "agrees"}, ["paper/wmd"]),
        ({"position": "paper", "category": "jamming"}, []),
        # With a category, the verdict on that category: mixed agrees on wmd, not on rpo.
        ({"category": "rpo", "verdict": "disagrees"}, ["paper/rpo", "paper/mixed"]),
        ({"category": "wmd", "verdict": "agrees"}, ["paper/wmd", "paper/mixed"]),
        ({"verdict": "partly"}, ["paper/mixed"]),
    ],
)
def test_claims_table_filters_in_every_format(client, paper, query, expected):
    url = reverse("gaps:claim_list")
    data = client.get(url, {**query, "format": "json"}).json()
    assert [claim["id"] for claim in data["claims"]] == expected
    csv_rows = rows(client.get(url, {**query, "format": "csv"}))  # one row per assertion
    assert list(dict.fromkeys(row["claim"] for row in csv_rows)) == expected
    page = client.get(url, query).content.decode()
    assert page.count('<th scope="row">') == len(expected)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ({"position": "nobody"}, "position"),
        ({"category": "x"}, "category"),
        ({"instrument": "hidden"}, "instrument"),  # unpublished
        ({"verdict": "maybe"}, "verdict"),
        ({"format": "xml"}, "format"),
    ],
)
def test_invalid_filter_values_are_refused_with_400_naming_the_parameter(
    client, paper, query, parameter
):
    json_answer = client.get(reverse("gaps:claim_list"), {"format": "json", **query})
    assert json_answer.status_code == 400
    assert parameter in json_answer.json()["errors"]
    assert client.get(reverse("gaps:claim_list"), query).status_code == 400


@pytest.mark.django_db
def test_position_pages_refuse_unknown_formats_and_hide_unpublished_positions(client, paper):
    assert client.get(reverse("gaps:position_list"), {"format": "pdf"}).status_code == 400
    paper.published = False
    paper.save()
    assert client.get(reverse("gaps:position", args=["paper"])).status_code == 404


@pytest.mark.django_db
def test_matrix_marks_disputed_rows_and_cells_contested_in_html_json_and_csv(client, paper):
    page = client.get(reverse("gaps:home")).content.decode()
    assert page.count('class="contested"') == 2  # the rpo row and the charter's rpo cell
    assert "/claims/?category=rpo&amp;instrument=charter" in page
    data = client.get("/api/matrix.json").json()
    rpo = next(row for row in data["categories"] if row["slug"] == "rpo")
    assert rpo["contested_by"] == ["paper/rpo", "paper/mixed"]
    assert rpo["cells"]["charter"]["contested_by"] == ["paper/rpo", "paper/mixed"]
    wmd = next(row for row in data["categories"] if row["slug"] == "wmd")
    assert wmd["contested_by"] == [] and wmd["cells"]["ost"]["contested_by"] == []
    by_cell = {(r["category"], r["instrument"]): r for r in rows(client.get("/api/matrix.csv"))}
    assert by_cell[("rpo", "charter")]["contested_by"] == "paper/rpo; paper/mixed"
    assert by_cell[("rpo", "ost")]["category_contested_by"] == "paper/rpo; paper/mixed"
    assert by_cell[("wmd", "ost")]["contested_by"] == ""


@pytest.mark.django_db
def test_category_and_cell_pages_list_the_claims_about_them(client, paper):
    category = client.get(reverse("gaps:category", args=["rpo"])).content.decode()
    assert "OST leaves RPO open." in category and "Disagrees" in category
    cell = client.get(reverse("gaps:cell", args=["rpo", "charter"])).content.decode()
    assert "OST leaves RPO open." in cell
    other = client.get(reverse("gaps:cell", args=["asat", "ost"])).content.decode()
    assert "What position papers claim" not in other


@pytest.mark.django_db
def test_a_changed_assessment_changes_the_verdict_on_the_next_request(client, paper, known):
    url = reverse("gaps:claim_list")
    before = client.get(url, {"format": "json", "category": "rpo"}).json()
    assert before["claims"][0]["verdict"] == "disagrees"
    Coverage.objects.filter(category=known.categories["rpo"]).update(level="restricts")
    DataVersion.bump()  # update() sends no signals; the admin test below goes through save()
    after = client.get(url, {"format": "json", "category": "rpo"}).json()
    assert after["claims"][0]["verdict"] == "agrees"
