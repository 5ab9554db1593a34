"""The capability crosswalk: capability types against threat categories, with the
instruments that touch each category, as a page, JSON and CSV."""

from __future__ import annotations

import csv
import io

import pytest

from instruments.models import Instrument
from provisions.models import Capability, ThreatCategory
from tests.gaps.matrix_builders import bulk_corpus

pytestmark = pytest.mark.django_db


@pytest.fixture
def crosswalk_corpus(known):
    direct = Capability.objects.create(slug="direct-ascent", name="Direct-ascent", position=1)
    electronic = Capability.objects.create(slug="electronic", name="Electronic", position=2)
    known.categories["asat"].capabilities.add(direct)
    known.categories["jamming"].capabilities.add(electronic)
    known.categories["rpo"].capabilities.add(direct, electronic)
    return known


def test_each_category_lists_the_instruments_that_touch_it_strongest_first(
    client, crosswalk_corpus
):
    data = client.get("/capabilities/?format=json").json()
    rows = {row["slug"]: row for row in data["categories"]}
    assert list(rows) == ["wmd", "asat", "rpo", "jamming"]
    assert rows["rpo"]["capabilities"] == ["direct-ascent", "electronic"]
    # PPWT 2014 prohibits, the Outer Space Treaty restricts, then indirect and guidance.
    assert [(i["slug"], i["level"]) for i in rows["asat"]["instruments"]] == [
        ("ppwt-new", "prohibits"),
        ("ost", "restricts"),
        ("guidelines", "guidance"),
        ("ptbt", "indirect"),
    ]
    # The unpublished treaty that prohibits jamming is never shown.
    assert [i["slug"] for i in rows["jamming"]["instruments"]] == ["guidelines"]


def test_choosing_a_capability_keeps_the_threats_that_involve_it(client, crosswalk_corpus):
    data = client.get("/capabilities/?format=json&capability=electronic").json()
    assert [row["slug"] for row in data["categories"]] == ["rpo", "jamming"]
    page = client.get("/capabilities/?capability=direct-ascent").content.decode()
    assert "Destructive ASAT tests" in page and "Jamming</a></th>" not in page
    assert 'value="direct-ascent" checked' in page


def test_the_page_is_a_table_with_header_cells_and_marks_in_words(client, crosswalk_corpus):
    page = client.get("/capabilities/").content.decode()
    assert '<th scope="col">Direct-ascent</th>' in page
    assert '<th scope="row"><a href="/gaps/rpo/">Proximity operations</a></th>' in page
    assert '<span class="visually-hidden">involved</span>' in page
    assert '<a href="/gaps/asat/ppwt-new/">PPWT 2014</a>' in page
    assert "No instrument addresses it." not in page  # every category is touched


def test_the_csv_has_a_line_per_category_and_instrument(client, crosswalk_corpus):
    response = client.get("/capabilities/?format=csv&capability=electronic")
    assert response["Content-Type"].startswith("text/csv")
    lines = list(csv.reader(io.StringIO(response.content.decode())))
    assert lines[0] == [
        "category",
        "category_name",
        "capabilities",
        "instrument",
        "status",
        "level",
    ]
    assert ["jamming", "Jamming", "electronic", "guidelines", "non_binding", "guidance"] in lines
    assert sum(line[0] == "rpo" for line in lines) == 2  # the two PPWTs


def test_an_unknown_capability_is_a_400_naming_it_and_the_choices(client, crosswalk_corpus):
    page = client.get("/capabilities/?capability=lasers")
    assert page.status_code == 400
    assert (
        "<code>capability</code>: Unknown capability lasers; choose from" in page.content.decode()
    )
    api = client.get("/capabilities/?capability=lasers&format=json")
    assert api.status_code == 400
    assert "direct-ascent, electronic" in api.json()["errors"]["capability"][0]


def test_an_unknown_format_is_a_400_naming_it(client, crosswalk_corpus):
    page = client.get("/capabilities/?format=xml")
    assert page.status_code == 400
    assert "<code>format</code>: Choose one of html, json, csv." in page.content.decode()


def test_the_crosswalk_costs_the_same_queries_whatever_the_size(
    client, django_assert_max_num_queries
):
    for size in (1, 10):
        bulk_corpus(instruments=3 * size, categories=2 * size, provisions=2 * size)
        # data version, instruments, capability slugs, capabilities, categories and their
        # capabilities, strongest levels
        with django_assert_max_num_queries(7):
            assert client.get("/capabilities/").status_code == 200
        with django_assert_max_num_queries(7):
            assert client.get("/capabilities/?format=json").status_code == 200
        Instrument.objects.all().delete()
        ThreatCategory.objects.all().delete()
