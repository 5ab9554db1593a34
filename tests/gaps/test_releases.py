"""Each release records its matrix when loaded; /changes/ shows what changed between two, with
the edits that changed it; /releases/<version>/ shows a recorded matrix."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from gaps.corpus import load_corpus
from gaps.models import Release
from provisions.models import Coverage, Provision
from tests.admin_forms import change_form_data
from tests.gaps.corpus_builders import small_corpus
from tests.roles import client_for, make_staff

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


def one_release() -> None:
    corpus = small_corpus()
    corpus.version = "2026.11.0"
    load_corpus(corpus)


def edit_coverage_in_the_admin(client, **changes) -> None:
    coverage = Coverage.objects.get(category__slug="wmd")
    url = reverse("admin:provisions_coverage_change", args=[coverage.pk])
    data = change_form_data(client.get(url))
    data.update(changes)
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]


def cell_rows(page: str) -> str:
    return page.split('id="cell-changes-caption"')[1].split("</table>")[0]


def test_a_release_records_the_evidence_of_each_cell():
    two_releases()
    recorded = Release.objects.of_version("2026.11.0").matrix
    assert recorded["evidence"] == {"wmd|treaty-a": "official", "debris|guidelines-b": "official"}


def test_a_cell_whose_evidence_changed_is_listed_with_the_edit_that_changed_it(client):
    one_release()
    paragraph = Provision.objects.get(slug="art-2-para-1")
    paragraph.provenance = "summary"
    paragraph.save()
    cells = cell_rows(client.get("/changes/?from=2026.11.0&to=current").content.decode())
    assert "Cells whose level or evidence changed (1)" in cells
    assert "<td>Evidence</td>" in cells
    assert (
        "Treaty A, Article II, paragraph 1 changed: provenance Verbatim, checked against an "
        "official source → Summary, not treaty text"
    ) in cells


def test_a_record_made_before_evidence_was_recorded_is_compared_by_level_only(client):
    one_release()
    old = Release.objects.get()
    del old.matrix["evidence"]
    old.save()
    Provision.objects.filter(slug="art-2-para-1").update(provenance="summary")
    page = client.get("/changes/?from=2026.11.0&to=current").content.decode()
    assert "No cell changed." in page


def test_changes_up_to_the_current_data_name_the_admin_edit_but_not_the_editor(client):
    one_release()
    editor = make_staff("erin", "editors")
    edit_coverage_in_the_admin(client_for(editor), level="restricts")
    page = client.get("/changes/?from=2026.11.0&to=current").content.decode()
    assert (
        "to <strong>the current data (corpus release 2026.11.0 (22 November 2026) with edits to "
        in page
    )
    cells = cell_rows(page)
    edit = (
        "The assessment of Article II, paragraph 1 against WMD changed: level Prohibits → Restricts"
    )
    assert edit in cells
    assert timezone.localdate().isoformat() in cells
    gaps = page.split('id="gap-changes-caption"')[1].split("</table>")[0]
    assert edit in gaps
    assert "erin" not in page and "/admin/" not in page
    staff_page = client_for(editor).get("/changes/?from=2026.11.0&to=current").content.decode()
    coverage = Coverage.objects.get(category__slug="wmd")
    assert ", by erin" in staff_page
    assert f'href="/admin/provisions/coverage/{coverage.pk}/history/"' in staff_page


def test_changes_between_two_releases_name_the_load_and_not_later_edits(client):
    two_releases()
    coverage = Coverage.objects.get(category__slug="wmd")
    coverage.level = "indirect"
    coverage.save()
    cells = cell_rows(client.get("/changes/?from=2026.11.0&to=2026.12.0").content.decode())
    assert "level Prohibits → Restricts (loaded with corpus release 2026.12.0)" in cells
    assert "Indirect" not in cells


def test_an_edit_that_leaves_the_matrix_alone_changes_no_cell(client):
    one_release()
    coverage = Coverage.objects.get(category__slug="wmd")
    coverage.rationale = "Reworded."
    coverage.save()
    page = client.get("/changes/?from=2026.11.0&to=current").content.decode()
    assert "No cell changed." in page


@pytest.mark.parametrize("edits", [1, 6])
def test_changes_up_to_the_current_data_issue_a_constant_number_of_queries(
    client, django_assert_max_num_queries, edits
):
    one_release()
    coverage = Coverage.objects.get(category__slug="wmd")
    paragraph = Provision.objects.get(slug="art-2-para-1")
    for number in range(edits):
        coverage.level = ["restricts", "indirect"][number % 2]
        coverage.save()
        paragraph.provenance = ["summary", "unverified"][number % 2]
        paragraph.save()
    with django_assert_max_num_queries(RELEASE_QUERIES - 1 + EDIT_QUERIES + SNAPSHOT_QUERIES):
        page = client.get("/changes/?from=2026.11.0&to=current").content.decode()
    # Two edits a round, listed under the cell and under the two gaps it opened.
    assert page.count("<li><time") == 3 * 2 * edits


def test_a_release_page_shows_its_recorded_matrix_even_after_edits(
    client, django_assert_max_num_queries
):
    two_releases()
    Coverage.objects.filter(category__slug="wmd").update(level="indirect")
    with django_assert_max_num_queries(2):
        response = client.get("/releases/2026.11.0/")
    page = response.content.decode()
    table = page.split('id="release-caption"')[1].split("</table>")[0]
    assert '<th scope="col">Treaty A</th>' in table and '<th scope="row">WMD</th>' in table
    assert "Prohibits" in table and "official" in table and "Restricts" not in table
    assert "<td>No gap</td>" in table
    assert 'href="/releases/2026.12.0/"' in page


def test_a_release_is_also_json(client):
    two_releases()
    data = client.get("/releases/2026.12.0.json").json()
    assert data["version"] == "2026.12.0"
    assert data["matrix"]["cells"]["wmd|treaty-a"] == "restricts"
    assert data["edited_to"] is None


def test_an_unknown_release_page_is_a_404(client):
    two_releases()
    assert client.get("/releases/1999.1.0/").status_code == 404
    assert client.get("/releases/" + "9" * 41 + ".json").status_code == 404
