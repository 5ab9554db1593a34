"""Each release records its matrix when loaded; /changes/ shows what changed between two, with
the edits that changed it; /releases/<version>/ shows a recorded matrix."""

from __future__ import annotations

import pytest

from gaps.corpus import load_corpus
from gaps.models import Release
from tests.gaps.corpus_builders import small_corpus

pytestmark = pytest.mark.django_db


def two_releases() -> None:
    first = small_corpus()
    first.version = "2026.11.0"
    load_corpus(first)
    second = small_corpus()
    second.version = "2026.12.0"
    # The treaty's ban on WMD becomes a restriction: the gap opens.
    coverage = second.instruments[0]["provisions"][3]["coverage"][0]
    assert coverage["category"] == "wmd"
    coverage["level"] = "restricts"
    load_corpus(second)


def test_loading_a_release_records_its_matrix():
    two_releases()
    recorded = Release.objects.of_version("2026.11.0").matrix
    assert recorded["cells"]["wmd|treaty-a"] == "prohibits"
    assert recorded["categories"]["wmd"]["gap_in_force"] is False
    assert Release.objects.of_version("2026.12.0").matrix["cells"]["wmd|treaty-a"] == "restricts"


def test_changes_shows_the_cell_and_the_gap_that_changed(client):
    two_releases()
    page = client.get("/changes/?from=2026.11.0&to=2026.12.0").content.decode()
    gaps = page.split('id="gap-changes-caption"')[1].split("</table>")[0]
    assert "Gaps opened or closed (2)" in gaps
    assert "<td>binding instruments in force</td>" in gaps and "<td>No gap</td>" in gaps
    cells = page.split('id="cell-changes-caption"')[1].split("</table>")[0]
    assert "Cells whose level or evidence changed (1)" in cells and "Treaty A" in cells


def test_without_parameters_the_latest_release_is_compared_with_the_one_before(client):
    two_releases()
    page = client.get("/changes/").content.decode()
    assert "Cells whose level or evidence changed (1)" in page


def test_the_same_release_twice_has_no_changes(client):
    two_releases()
    page = client.get("/changes/?from=2026.12.0&to=2026.12.0").content.decode()
    assert "No cell changed." in page and "No gap opened or closed." in page


@pytest.mark.parametrize(
    "query, name",
    [("from=1999.1.0", "from"), ("to=%3Cscript%3E", "to"), ("from=" + "9" * 41, "from")],
)
def test_an_unknown_release_is_a_400_naming_the_parameter(client, query, name):
    two_releases()
    response = client.get(f"/changes/?{query}")
    assert response.status_code == 400
    page = response.content.decode()
    assert f"<code>{name}</code>" in page
    assert "<script>" not in page


# The latest release, the one before, the two compared and the list of versions.
RELEASE_QUERIES = 5
# The edits between the two: assessments, provisions, their assessments, instruments.
EDIT_QUERIES = 4
# The current data's matrix (`releases.snapshot`), for `to=current`.
SNAPSHOT_QUERIES = 7


@pytest.mark.parametrize("releases", [2, 8])
def test_the_changes_page_issues_a_constant_number_of_queries(
    client, django_assert_max_num_queries, releases
):
    two_releases()
    for number in range(releases - 2):
        Release.objects.create(version=f"2027.{number}.0", date="2027-01-01", digest="x")
    with django_assert_max_num_queries(RELEASE_QUERIES + EDIT_QUERIES):
        assert client.get("/changes/?from=2026.11.0&to=2026.12.0").status_code == 200
