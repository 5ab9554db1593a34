"""Evidence in every cell: the provenance behind each level, and the evidence filter."""

from __future__ import annotations

import csv
import io

import pytest
from pytest_django.asserts import assertContains

from gaps.draft_comparison import compare_with_draft
from gaps.evidence import Evidence
from gaps.matrix import Scope, build_matrix, fetch_catalogue
from tests.gaps.evidence_builders import evidence_corpus

pytestmark = pytest.mark.django_db


@pytest.fixture
def corpus():
    return evidence_corpus()


def gaps_of(matrix) -> set[str]:
    return {row.category.slug for row in matrix.gaps}


def closes(evidence: str) -> set[str]:
    catalogue = fetch_catalogue()
    base = build_matrix(catalogue, Scope.IN_FORCE, evidence=evidence)
    return {entry.category.slug for entry in compare_with_draft(catalogue, base, "ppwt").closes}


def test_a_cell_carries_the_best_evidence_among_the_provisions_that_give_its_level(corpus):
    matrix = build_matrix(fetch_catalogue(), Scope.DRAFTS)
    asat = matrix.row("asat").cells["ost"]
    assert (asat.level, asat.evidence, asat.count) == ("restricts", "official", 2)
    # A summary that prohibits outranks an official text that only restricts: the level
    # comes first, and the evidence is the evidence for that level.
    jamming = matrix.row("jamming").cells["ppwt"]
    assert (jamming.level, jamming.evidence) == ("prohibits", "summary")
    assert matrix.row("asat").cells["ppwt"].evidence == "unverified"


def test_each_row_says_the_evidence_behind_its_strongest_level(corpus):
    matrix = build_matrix(fetch_catalogue(), Scope.IN_FORCE)
    assert (matrix.row("rpo").strongest, matrix.row("rpo").strongest_evidence) == (
        "prohibits",
        "summary",
    )
    assert matrix.row("wmd").strongest_evidence == "official"
    assert matrix.row("jamming").strongest_evidence is None


def test_a_qualifier_is_carried_with_the_level_it_limits(corpus):
    matrix = build_matrix(fetch_catalogue(), Scope.IN_FORCE)
    row = matrix.row("nonwmd")
    assert row.cells["ost"].qualifier == "on celestial bodies only"
    assert row.strongest_qualifier == "on celestial bodies only"
    assert matrix.row("asat").cells["ost"].qualifier == ""


def test_a_qualifier_is_dropped_when_an_unqualified_provision_gives_the_same_level(corpus):
    from tests.conftest import make_coverage, make_provision

    provision = make_provision(corpus.ost, "art-1", provenance="unverified")
    make_coverage(provision, corpus.categories["nonwmd"], "restricts")
    cell = build_matrix(fetch_catalogue(), Scope.IN_FORCE).row("nonwmd").cells["ost"]
    assert (cell.qualifier, cell.evidence) == ("", "official")


@pytest.mark.parametrize(
    ("evidence", "in_force_gaps"),
    [
        (Evidence.ALL, {"asat", "jamming", "nonwmd"}),
        (Evidence.VERBATIM, {"asat", "rpo", "jamming", "nonwmd"}),
        (Evidence.OFFICIAL, {"asat", "rpo", "jamming", "nonwmd"}),
    ],
)
def test_the_evidence_filter_decides_which_gaps_the_law_in_force_leaves(
    corpus, evidence, in_force_gaps
):
    assert gaps_of(build_matrix(fetch_catalogue(), Scope.IN_FORCE, evidence=evidence)) == (
        in_force_gaps
    )


@pytest.mark.parametrize(
    ("evidence", "closed"),
    [
        (Evidence.ALL, {"asat", "jamming"}),
        (Evidence.VERBATIM, {"asat"}),
        (Evidence.OFFICIAL, set()),
    ],
)
def test_which_gaps_the_draft_would_close_on_the_strength_of_text_actually_read(
    corpus, evidence, closed
):
    assert closes(evidence) == closed


def test_the_filter_applies_to_a_what_if_set(corpus):
    chosen = ("ost", "ppwt")
    every = build_matrix(fetch_catalogue(), Scope.CUSTOM, chosen)
    official = build_matrix(fetch_catalogue(), Scope.CUSTOM, chosen, evidence=Evidence.OFFICIAL)
    assert not every.row("rpo").gap
    assert official.row("rpo").gap
    assert official.row("jamming").cells["ppwt"].level == "restricts"
    assert "rpo" not in official.row("rpo").cells


def test_gap_explanations_count_only_the_evidence_the_filter_admits(corpus):
    matrix = build_matrix(fetch_catalogue(), Scope.IN_FORCE, evidence=Evidence.OFFICIAL)
    closest = matrix.row("asat").closest
    assert [(item.provision_label, item.evidence) for item in closest] == [("Art-9", "official")]
    assert matrix.row("asat").closest_total == 1


def test_the_matrix_page_shows_evidence_in_symbol_and_words(client, corpus):
    response = client.get("/", {"scope": "drafts"})
    html = response.content.decode()
    jamming = html[html.index('href="/gaps/jamming/ppwt/"') :]
    jamming = jamming[: jamming.index("</td>")]
    assert "Prohibits" in jamming
    assert '<span aria-hidden="true">⚠<span class="evidence-word"> summary</span></span>' in jamming
    assert '<span class="visually-hidden">, from a summary</span>' in jamming
    assertContains(response, '<span class="qualifier"> — on celestial bodies only</span>')
    assertContains(response, "Evidence behind each level")


def test_the_page_filter_keeps_its_value_in_every_form_and_link(client, corpus):
    response = client.get("/", {"evidence": "official", "compare": "ppwt"})
    assertContains(response, '<option value="official" selected>')
    assertContains(response, '<input type="hidden" name="evidence" value="official">', count=2)
    assertContains(response, "/api/matrix.json?compare=ppwt&amp;evidence=official")
    assertContains(response, "it would close 0 and leave 4 open, counting only verbatim text")
    assertContains(response, "evidence: only verbatim text checked against an official source")


@pytest.mark.parametrize("url", ["/", "/api/matrix.json", "/api/matrix.csv"])
def test_an_unknown_evidence_filter_gets_a_400_naming_the_parameter(client, corpus, url):
    response = client.get(url, {"evidence": "hearsay"})
    assert response.status_code == 400
    assert "evidence" in response.content.decode()
    assert "Unknown evidence filter" in response.content.decode()


def test_a_repeated_evidence_filter_gets_a_400(client, corpus):
    response = client.get("/api/matrix.json?evidence=official&evidence=all")
    assert response.status_code == 400
    assert response.json()["errors"] == {"evidence": ["Give this parameter only once."]}


def test_the_json_gives_each_cell_and_each_strongest_level_its_evidence(client, corpus):
    data = client.get("/api/matrix.json", {"scope": "drafts", "compare": "ppwt"}).json()
    assert data["evidence"] == "all"
    assert data["evidence_levels"] == ["official", "unverified", "summary"]
    rows = {category["slug"]: category for category in data["categories"]}
    assert rows["jamming"]["cells"]["ppwt"]["evidence"] == "summary"
    assert rows["rpo"]["strongest_evidence"] == "summary"
    assert rows["nonwmd"]["cells"]["ost"]["qualifier"] == "on celestial bodies only"
    provisions = rows["asat"]["cells"]["ost"]["provisions"]
    assert [p["evidence"] for p in provisions] == ["official", "summary"]
    assert data["comparison_evidence"]["jamming"] == {
        "before": None,
        "before_evidence": None,
        "level": "prohibits",
        "evidence": "summary",
        "qualifier": "",
        "closes": True,
    }


def test_the_json_filter_answers_what_the_draft_closes_on_read_text(client, corpus):
    data = client.get("/api/matrix.json", {"compare": "ppwt", "evidence": "verbatim"}).json()
    assert data["evidence"] == "verbatim"
    assert data["comparison"]["closes"] == ["asat"]


def test_the_csv_has_an_evidence_column(client, corpus):
    response = client.get("/api/matrix.csv", {"scope": "drafts", "evidence": "verbatim"})
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    cell = next(r for r in rows if (r["category"], r["instrument"]) == ("jamming", "ppwt"))
    assert (cell["level"], cell["evidence"], cell["evidence_filter"]) == (
        "restricts",
        "official",
        "verbatim",
    )
    empty = next(r for r in rows if (r["category"], r["instrument"]) == ("rpo", "ost"))
    assert (empty["level"], empty["evidence"]) == ("", "")


def test_the_cell_page_says_which_evidence_the_level_rests_on(client, corpus):
    response = client.get("/gaps/asat/ost/")
    assertContains(response, "2 provisions give this level")
    assertContains(response, "1 from official text, 1 from a summary")
    assertContains(response, "the cell shows the strongest evidence among them: restricts")


def test_the_category_page_shows_evidence_per_scope_and_per_provision(client, corpus):
    response = client.get("/gaps/rpo/")
    assertContains(response, '<span class="visually-hidden">, from a summary</span>')


def in_force_part(html: str) -> str:
    return html[html.index('id="scope-in_force"') : html.index('id="scope-drafts"')]


def test_the_gap_list_counts_only_the_evidence_asked_for(client, corpus):
    every = client.get("/gaps/").content.decode()
    official = client.get("/gaps/", {"evidence": "official"}).content.decode()
    assert "Proximity operations" not in in_force_part(every)
    assert "Proximity operations" in in_force_part(official)
    assert '<option value="official" selected>' in official
    assert "/?scope=drafts&amp;evidence=official" in official


def test_the_category_page_counts_only_the_evidence_asked_for(client, corpus):
    every = client.get("/gaps/rpo/").content.decode()
    official = client.get("/gaps/rpo/", {"evidence": "official"}).content.decode()
    assert "counting official text only" in official
    assert every.count('<strong class="gap">Gap</strong>') == 0
    assert official.count('<strong class="gap">Gap</strong>') == 3


@pytest.mark.parametrize("url", ["/gaps/", "/gaps/rpo/"])
def test_an_unknown_evidence_filter_on_the_gap_pages_gets_a_400(client, corpus, url):
    response = client.get(url, {"evidence": "rumour"})
    assertContains(response, "<code>evidence</code>: Unknown evidence filter", status_code=400)
    response = client.get(url + "?evidence=all&evidence=official")
    assertContains(response, "Give this parameter only once.", status_code=400)
