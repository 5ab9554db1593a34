"""The diff between two instruments as JSON and CSV: the provisions aligned and how the
coverage of each threat category moved."""

from __future__ import annotations

import csv
import io

import pytest

from tests.gaps.matrix_builders import known_corpus

pytestmark = pytest.mark.django_db

URL = "/instruments/ppwt-new/diff/ppwt-old/"


@pytest.fixture
def known(db):
    return known_corpus()


def test_the_json_holds_the_alignment_and_the_coverage_movement(client, known):
    data = client.get(f"{URL}?format=json").json()
    assert (data["old"]["slug"], data["new"]["slug"]) == ("ppwt-old", "ppwt-new")
    pairs = [(p["old_provision"], p["new_provision"], p["status"]) for p in data["provisions"]]
    assert ("", "art-4", "added") in pairs
    assert data["counts"]["added"] == 1
    moved = {
        m["category"]: (m["old_level"], m["new_level"], m["direction"]) for m in data["coverage"]
    }
    assert moved["rpo"] == ("prohibits", "restricts", "weaker")
    assert moved["asat"] == ("none", "prohibits", "stronger")
    assert moved["jamming"] == ("none", "none", "same")


def test_the_csv_gives_either_table(client, known):
    provisions = client.get(f"{URL}?format=csv")
    assert 'filename="ppwt-new-from-ppwt-old-provisions.csv"' in provisions["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(provisions.content.decode())))
    assert {row["new_label"] for row in rows} == {"Article II (2014)", "Article IV (2014)"}
    coverage = client.get(f"{URL}?format=csv&table=coverage").content.decode()
    rows = list(csv.DictReader(io.StringIO(coverage)))
    assert [row["category"] for row in rows] == ["wmd", "asat", "rpo", "jamming"]
    assert next(r for r in rows if r["category"] == "rpo")["direction"] == "weaker"


def test_the_page_links_to_both_tables_and_bad_choices_are_400(client, known):
    page = client.get(URL).content.decode()
    assert f'href="{URL}?format=json"' in page
    assert f'href="{URL}?format=csv&amp;table=coverage"' in page
    assert client.get(f"{URL}?format=pdf").status_code == 400
    response = client.get(f"{URL}?format=csv&table=parties")
    assert response.status_code == 400
    assert "table=provisions or table=coverage" in response.json()["errors"]["table"][0]
