"""Every CSV export neutralises cells a spreadsheet would run as a formula."""

from __future__ import annotations

import csv
import datetime
import io

import pytest

from positions.models import Kind, Position, Provenance
from tests.conftest import make_category, make_coverage, make_instrument, make_provision

pytestmark = pytest.mark.django_db

FORMULA = '=HYPERLINK("http://evil.example","x")'


@pytest.fixture
def hostile():
    treaty = make_instrument("treaty-a", short_name="+Treaty")
    provision = make_provision(
        treaty,
        "art-1",
        heading=FORMULA,
        label="@Article 1",
        text="-1 is how the editor began this text.",
    )
    category = make_category("asat-tests", name=FORMULA)
    make_coverage(provision, category, "prohibits")
    return provision


def rows(response) -> list[dict[str, str]]:
    if response.streaming:
        body = b"".join(response.streaming_content)
    else:
        body = response.content
    return list(csv.DictReader(io.StringIO(body.decode())))


@pytest.mark.parametrize("url", ["/api/provisions.csv", "/provisions/?format=csv"])
def test_a_formula_in_a_heading_is_written_as_text_in_the_provisions_csv(client, hostile, url):
    response = client.get(url)
    assert response.status_code == 200
    (row,) = rows(response)
    assert row["heading"] == "'" + FORMULA
    assert row["label"] == "'@Article 1"
    assert row["text"] == "'-1 is how the editor began this text."


def test_a_formula_in_a_category_name_is_written_as_text_in_the_matrix_csv(client, hostile):
    response = client.get("/api/matrix.csv")
    assert response.status_code == 200
    (row,) = rows(response)
    assert row["category_name"] == "'" + FORMULA
    assert row["instrument_short_name"] == "'+Treaty"
    assert row["provisions"] == "'@Article 1"


def test_a_formula_in_a_category_name_is_written_as_text_in_the_capabilities_csv(client, hostile):
    (row,) = rows(client.get("/capabilities/?format=csv"))
    assert row["category_name"] == "'" + FORMULA


def test_numbers_the_matrix_csv_writes_itself_are_left_as_numbers(client, hostile):
    (row,) = rows(client.get("/api/matrix.csv"))
    assert row["provision_count"] == "1"


@pytest.mark.parametrize(
    ("url", "column"),
    [
        ("/gaps/asat-tests/?format=csv", "provision_label"),
        ("/gaps/asat-tests/treaty-a/?format=csv", "provision_label"),
        ("/instruments/treaty-a/diff/treaty-a/?format=csv", "new_label"),
        ("/instruments/treaty-a/diff/treaty-a/?format=csv&table=coverage", "category_name"),
    ],
)
def test_the_page_exports_write_formulas_as_text(client, hostile, url, column):
    (row,) = rows(client.get(url))
    assert row[column] in ("'@Article 1", "'" + FORMULA)


def test_the_positions_csv_writes_formulas_as_text(client):
    Position.objects.create(
        slug="paper",
        title=FORMULA,
        author="@someone",
        date=datetime.date(2020, 1, 1),
        kind=Kind.values[0],
        provenance=Provenance.values[0],
        text="A text.",
        published=True,
    )
    (row,) = rows(client.get("/positions/?format=csv"))
    assert (row["title"], row["author"]) == ("'" + FORMULA, "'@someone")
