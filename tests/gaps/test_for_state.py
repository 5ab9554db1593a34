"""The matrix for one State: only what binds it, and why the rest is left out."""

from __future__ import annotations

import pytest

from gaps import for_state
from gaps.for_state import Standing
from gaps.matrix import Scope, build_matrix, fetch_catalogue
from tests.states.builders import D, record, state_cast

pytestmark = pytest.mark.django_db


TODAY = D(2024, 1, 1)


def standings(code: str, on=TODAY) -> dict[str, str]:
    restriction = for_state.restriction_for(fetch_catalogue(), code, on)
    assert restriction is not None
    return {item.instrument.slug: item.standing for item in restriction.standings}


def test_a_party_is_bound_by_both_treaties():
    state_cast()
    assert standings("AA") == {"alpha": Standing.BOUND, "beta": Standing.BOUND}


def test_a_signatory_of_a_listed_treaty_has_signed_and_not_ratified():
    state_cast()
    assert standings("BB")["alpha"] == Standing.SIGNED


def test_without_a_list_or_a_record_the_status_is_unknown():
    state_cast()
    assert standings("DD") == {"alpha": Standing.NOT_PARTY, "beta": Standing.UNKNOWN}


def test_a_signature_without_a_complete_list_does_not_say_not_ratified(db):
    cast = state_cast()
    record(cast.states["BB"], cast.beta, "signature", D(1990, 1, 1))
    assert standings("BB")["beta"] == Standing.SIGNED_UNKNOWN


def test_a_withdrawal_and_a_revocation_are_told_apart():
    state_cast()
    assert standings("CC")["alpha"] == Standing.WITHDREW
    assert standings("EE")["alpha"] == Standing.REVOKED


def test_before_its_withdrawal_took_effect_a_state_was_bound():
    state_cast()
    assert standings("CC", on=D(2010, 6, 1))["alpha"] == Standing.BOUND


def test_drafts_stay_in_the_restricted_catalogue():
    state_cast()
    catalogue = fetch_catalogue()
    restriction = for_state.restriction_for(catalogue, "DD", D(2024, 1, 1))
    assert [item.slug for item in restriction.catalogue(catalogue)] == ["gamma"]


def test_the_matrix_for_a_party_counts_what_binds_it():
    state_cast()
    catalogue = fetch_catalogue()
    restriction = for_state.restriction_for(catalogue, "AA", D(2024, 1, 1))
    shown = build_matrix(restriction.catalogue(catalogue), Scope.IN_FORCE)
    assert [row.category.slug for row in shown.gaps] == ["force"]


def test_the_matrix_for_a_non_party_leaves_every_gap_open():
    state_cast()
    catalogue = fetch_catalogue()
    restriction = for_state.restriction_for(catalogue, "BB", D(2024, 1, 1))
    shown = build_matrix(restriction.catalogue(catalogue), Scope.IN_FORCE)
    assert [row.category.slug for row in shown.gaps] == ["wmd", "tests", "force"]
    assert shown.columns == []


def test_standings_of_three_states_take_four_queries(django_assert_max_num_queries):
    state_cast()
    catalogue = fetch_catalogue()
    with django_assert_max_num_queries(4):
        found = for_state.restrictions(catalogue, ["AA", "BB", "ZZ", "CC"], D(2024, 1, 1))
    assert [item.state.code for item in found] == ["AA", "BB", "CC"]
