"""The catalogue restricted to a date: who counts on the boundary days, and why others not."""

from __future__ import annotations

import pytest

from gaps.dated import fetch_dates, restrict
from gaps.matrix import Scope, build_matrix, fetch_catalogue
from tests.gaps.dated_builders import dated_corpus, day

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue():
    dated_corpus()
    return fetch_catalogue()


def counted(catalogue, as_of: str) -> set[str]:
    return {item.slug for item in restrict(catalogue, fetch_dates(), day(as_of)).instruments}


def test_the_outer_space_treaty_does_not_count_on_the_last_day_of_1966(catalogue):
    assert counted(catalogue, "1966-12-31") == {"ptbt"}


def test_a_treaty_counts_from_the_day_of_its_entry_into_force_not_the_day_before(catalogue):
    assert "ost" not in counted(catalogue, "1967-10-09")
    assert "ost" in counted(catalogue, "1967-10-10")


def test_a_treaty_adopted_but_not_yet_in_force_is_left_out_with_that_reason(catalogue):
    dated = restrict(catalogue, fetch_dates(), day("1967-10-09"))
    assert dated.reason("ost") == (
        "adopted or opened for signature on 19 December 1966 but not in force until 10 October 1967"
    )


def test_on_the_day_of_the_2007_test_there_are_no_lts_guidelines_and_no_resolution(catalogue):
    shown = counted(catalogue, "2007-01-11")
    assert shown == {"ost", "ptbt"}
    dated = restrict(catalogue, fetch_dates(), day("2007-01-11"))
    assert dated.reason("lts") == "its adoption came later, on 21 June 2019"
    assert dated.reason("res-77-41") == "its adoption came later, on 7 December 2022"


def test_a_non_binding_instrument_counts_from_the_day_of_its_adoption(catalogue):
    assert "res-77-41" not in counted(catalogue, "2022-12-06")
    assert "res-77-41" in counted(catalogue, "2022-12-07")


def test_a_draft_counts_from_its_tabling_and_until_the_day_before_it_ended(catalogue):
    assert "ppwt-2008" not in counted(catalogue, "2008-02-11")
    assert "ppwt-2008" in counted(catalogue, "2008-02-12")
    assert "ppwt-2008" in counted(catalogue, "2014-06-09")
    assert {"ppwt-2008", "ppwt-2014"} & counted(catalogue, "2014-06-10") == {"ppwt-2014"}
    reason = restrict(catalogue, fetch_dates(), day("2014-06-10")).reason("ppwt-2008")
    assert reason == "superseded or ended on 10 June 2014"


def test_an_instrument_without_its_date_is_never_counted_and_says_so(catalogue):
    for as_of in ("1950-01-01", "2008-02-12", "2100-01-01"):
        dated = restrict(catalogue, fetch_dates(), day(as_of))
        assert not dated.includes("undated")
        assert [item.instrument.slug for item in dated.undated] == ["undated"]
        assert "tabling is not recorded" in dated.reason("undated")


def test_the_matrix_on_a_date_has_the_gaps_of_that_date(catalogue):
    def gaps(as_of: str, scope: str) -> set[str]:
        dated = restrict(catalogue, fetch_dates(), day(as_of))
        return {row.category.slug for row in build_matrix(dated.instruments, scope).gaps}

    assert "wmd" in gaps("1967-10-09", Scope.IN_FORCE)
    assert "wmd" not in gaps("1967-10-10", Scope.IN_FORCE)
    # The old draft banned proximity operations; its successor only restricts them.
    assert "rpo" not in gaps("2014-06-09", Scope.DRAFTS)
    assert "rpo" in gaps("2014-06-10", Scope.DRAFTS)
