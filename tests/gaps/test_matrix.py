"""The gap rule, scopes, superseded drafts, what-if sets and comparisons (gaps/matrix.py)."""

from __future__ import annotations

import pytest

from gaps import draft_comparison, gap_explanations, matrix
from gaps.draft_comparison import compare_with_draft
from gaps.matrix import Scope, build_matrix, fetch_catalogue
from tests.conftest import make_category, make_coverage, make_instrument, make_provision

pytestmark = pytest.mark.django_db


def summary(result: matrix.Matrix) -> dict[str, tuple[str | None, bool]]:
    return {row.category.slug: (row.strongest, row.gap) for row in result.rows}


def columns(result: matrix.Matrix) -> list[str]:
    return [column.instrument.slug for column in result.columns]


def test_in_force_scope_marks_category_without_binding_prohibition_as_gap(known):
    result = build_matrix(fetch_catalogue(), Scope.IN_FORCE)
    assert summary(result) == {
        "wmd": ("prohibits", False),
        "asat": ("restricts", True),
        "rpo": (None, True),
        "jamming": (None, True),
    }
    assert columns(result) == ["ost", "ptbt"]


def test_drafts_scope_adds_drafts_and_lets_them_close_gaps(known):
    result = build_matrix(fetch_catalogue(), Scope.DRAFTS)
    assert summary(result) == {
        "wmd": ("prohibits", False),
        "asat": ("prohibits", False),
        "rpo": ("restricts", True),
        "jamming": (None, True),
    }
    assert columns(result) == ["ost", "ptbt", "ppwt-old", "ppwt-new"]


def test_all_scope_adds_non_binding_guidance_which_never_closes_a_gap(known):
    result = build_matrix(fetch_catalogue(), Scope.ALL)
    assert summary(result)["jamming"] == ("guidance", True)
    assert summary(result)["asat"] == ("prohibits", False)
    assert columns(result) == ["ost", "ptbt", "ppwt-old", "ppwt-new", "guidelines"]


def test_unpublished_instruments_neither_show_nor_count_in_any_scope(known):
    for scope in (Scope.IN_FORCE, Scope.DRAFTS, Scope.ALL):
        result = build_matrix(fetch_catalogue(), scope)
        assert "hidden" not in columns(result)
        assert result.row("jamming").gap


def test_superseded_draft_is_shown_but_does_not_count(known):
    result = build_matrix(fetch_catalogue(), Scope.DRAFTS)
    old = next(column for column in result.columns if column.instrument.slug == "ppwt-old")
    assert not old.counts
    assert old.superseded_by.slug == "ppwt-new"
    rpo = result.row("rpo")
    assert rpo.cells["ppwt-old"].level == "prohibits"
    assert not rpo.cells["ppwt-old"].counts
    assert (rpo.strongest, rpo.gap) == ("restricts", True)


def test_superseded_draft_counts_when_its_successor_is_not_in_the_set(known):
    result = build_matrix(fetch_catalogue(), Scope.CUSTOM, ("ost", "ppwt-old"))
    assert all(column.counts for column in result.columns)
    assert summary(result)["rpo"] == ("prohibits", False)


def test_successor_that_is_not_published_supersedes_nothing(known):
    known.instruments["ppwt-new"].published = False
    known.instruments["ppwt-new"].save()
    result = build_matrix(fetch_catalogue(), Scope.DRAFTS)
    assert summary(result)["rpo"] == ("prohibits", False)


def test_what_if_set_computes_the_matrix_for_exactly_those_instruments(known):
    result = build_matrix(fetch_catalogue(), Scope.CUSTOM, ("guidelines", "ptbt"))
    assert result.scope == Scope.CUSTOM
    assert columns(result) == ["ptbt", "guidelines"]
    assert summary(result) == {
        "wmd": (None, True),
        "asat": ("guidance", True),
        "rpo": (None, True),
        "jamming": ("guidance", True),
    }


def test_cell_holds_strongest_level_and_number_of_provisions(known):
    result = build_matrix(fetch_catalogue(), Scope.IN_FORCE)
    cell = result.row("asat").cells["ost"]
    assert (cell.level, cell.count) == ("restricts", 2)
    assert [p.label for p in cell.provisions] == ["Article IX", "Article III"]
    assert cell.provisions[0].url == "/instruments/ost/art-9/"
    assert cell.url == "/gaps/asat/ost/"


def test_cells_exist_only_where_an_instrument_assessed_the_category(known):
    result = build_matrix(fetch_catalogue(), Scope.IN_FORCE)
    assert set(result.row("asat").cells) == {"ost", "ptbt"}
    assert result.row("rpo").cells == {}
    assert result.row("rpo").line == [None, None]


def test_gap_row_names_the_closest_provisions_and_their_rationale(known):
    asat = build_matrix(fetch_catalogue(), Scope.IN_FORCE).row("asat")
    assert [(c.instrument, c.provision_label, c.level) for c in asat.closest] == [
        ("ost", "Article IX", "restricts")
    ]
    assert asat.closest[0].rationale == "Consultation only; **no ban** on tests."
    assert asat.closest[0].cell_url == "/gaps/asat/ost/"


def test_a_gap_shows_its_first_closest_provisions_and_counts_the_rest(client):
    treaty = make_instrument("treaty")
    other = make_instrument("other", position=2)
    debris = make_category("debris")
    for n in range(1, 8):
        make_coverage(make_provision(treaty, f"art-{n}", position=n), debris, "restricts")
    make_coverage(make_provision(other, "art-1"), debris, "indirect")
    row = build_matrix(fetch_catalogue(), Scope.IN_FORCE).row("debris")
    assert row.gap and row.strongest == "restricts"
    assert [c.provision_label for c in row.closest] == [f"Art {n}" for n in range(1, 6)]
    assert (row.closest_total, row.closest_more) == (7, 2)
    html = client.get("/").content.decode()
    assert "And 2 more provisions at this level" in html
    assert html.count('class="rationale"') == gap_explanations.CLOSEST_SHOWN


def test_closest_provisions_leave_out_superseded_drafts(known):
    rpo = build_matrix(fetch_catalogue(), Scope.DRAFTS).row("rpo")
    assert [(c.instrument, c.level) for c in rpo.closest] == [("ppwt-new", "restricts")]


def test_rows_that_are_not_gaps_or_not_covered_at_all_carry_no_explanation(known):
    result = build_matrix(fetch_catalogue(), Scope.IN_FORCE)
    assert result.row("wmd").closest == []
    assert result.row("rpo").closest == []


def test_comparison_lists_gaps_a_draft_would_close_and_those_that_stay_open(known):
    catalogue = fetch_catalogue()
    base = build_matrix(catalogue, Scope.IN_FORCE)
    result = compare_with_draft(catalogue, base, "ppwt-new")
    assert [entry.category.slug for entry in result.closes] == ["asat"]
    assert [entry.category.slug for entry in result.stays_open] == ["rpo", "jamming"]
    closed = result.closes[0]
    assert (closed.before, closed.cell.level) == ("restricts", "prohibits")
    rpo = result.stays_open[0]
    assert rpo.cell.level == "restricts"
    assert rpo.row.closest[0].instrument == "ppwt-new"
    assert result.stays_open[1].cell is None
    assert result.gaps_in_force == 3


def test_comparison_with_the_superseded_draft_alone_counts_what_it_prohibits(known):
    catalogue = fetch_catalogue()
    base = build_matrix(catalogue, Scope.IN_FORCE)
    result = compare_with_draft(catalogue, base, "ppwt-old")
    assert result.closes[0].category.slug == "rpo"
    assert [entry.category.slug for entry in result.stays_open] == ["asat", "jamming"]


def test_columns_are_grouped_by_status_in_order(known):
    result = build_matrix(fetch_catalogue(), Scope.ALL)
    assert [(group.key, [c.instrument.slug for c in group.columns]) for group in result.groups] == [
        ("in_force", ["ost", "ptbt"]),
        ("drafts", ["ppwt-old", "ppwt-new"]),
        ("non_binding", ["guidelines"]),
    ]


def test_proposals_count_in_the_drafts_scope_but_not_in_force(db):
    category = make_category("asat")
    proposal = make_instrument(
        "cd-1679",
        kind="working_paper",
        status="proposal",
        binding=False,
        short_name="Working paper",
    )
    make_coverage(make_provision(proposal, "art-1"), category, "restricts")
    assert build_matrix(fetch_catalogue(), Scope.IN_FORCE).row("asat").strongest is None
    assert build_matrix(fetch_catalogue(), Scope.DRAFTS).row("asat").strongest == "restricts"


def test_a_signed_treaty_not_in_force_counts_with_the_drafts_and_can_close_a_gap(db):
    category = make_category("nuclear-tests")
    ctbt = make_instrument("ctbt", kind="treaty", status="signed_not_in_force", binding=True)
    make_coverage(make_provision(ctbt, "art-1"), category, "prohibits")
    assert build_matrix(fetch_catalogue(), Scope.IN_FORCE).row("nuclear-tests").gap
    drafts = build_matrix(fetch_catalogue(), Scope.DRAFTS)
    assert not drafts.row("nuclear-tests").gap
    assert [group.key for group in drafts.groups] == ["drafts"]


def test_an_instrument_no_longer_in_force_counts_only_among_all(db):
    category = make_category("missile-defence")
    expired = make_instrument("abm", kind="treaty", status="expired", binding=True)
    make_coverage(make_provision(expired, "art-5"), category, "prohibits")
    assert build_matrix(fetch_catalogue(), Scope.DRAFTS).row("missile-defence").gap
    every = build_matrix(fetch_catalogue(), Scope.ALL)
    assert not every.row("missile-defence").gap
    assert [group.key for group in every.groups] == ["expired"]


def test_empty_database_gives_an_empty_matrix(db):
    result = build_matrix(fetch_catalogue(), Scope.IN_FORCE)
    assert (result.rows, result.columns, result.groups) == ([], [], [])


def test_category_without_any_instrument_in_scope_is_a_gap(db):
    make_category("asat")
    result = build_matrix(fetch_catalogue(), Scope.IN_FORCE)
    assert summary(result) == {"asat": (None, True)}


def test_citation_names_scope_corpus_and_address(known):
    result = build_matrix(fetch_catalogue(), Scope.DRAFTS)
    text = draft_comparison.citation(result, "corpus 1.0 (1 May 2026)", "http://x/?scope=drafts")
    assert text == (
        "Space Security Treaty Gaps, coverage matrix, scope: binding instruments in force, "
        "signed treaties not in force, drafts and proposals, corpus 1.0 (1 May 2026), "
        "http://x/?scope=drafts"
    )


def test_citation_of_a_what_if_set_lists_the_instruments(known):
    result = build_matrix(fetch_catalogue(), Scope.CUSTOM, ("ost", "ptbt"))
    text = draft_comparison.citation(result, "unreleased corpus", "http://x/")
    assert "scope: selected instruments (ost, ptbt)" in text
