from __future__ import annotations

import datetime

import pytest
from django.db import IntegrityError, transaction

from states.models import Action, Participation
from tests.states.builders import D, record, state_cast

pytestmark = pytest.mark.django_db


def bound_codes(on: datetime.date) -> set[tuple[str, str]]:
    return set(
        Participation.objects.binding(on)
        .values_list("state__code", "instrument__slug")
        .distinct()
        .order_by()
    )


def test_binding_answers_every_state_and_instrument_at_once():
    state_cast()
    assert bound_codes(D(2024, 1, 1)) == {("AA", "alpha"), ("AA", "beta")}


def test_a_ratification_binds_only_once_the_treaty_is_in_force():
    state_cast()
    assert ("AA", "alpha") not in bound_codes(D(1999, 12, 31))
    assert ("AA", "alpha") in bound_codes(D(2000, 1, 1))


def test_a_withdrawal_ends_the_obligation_only_when_it_takes_effect():
    state_cast()
    assert ("CC", "alpha") in bound_codes(D(2010, 6, 1))
    assert ("CC", "alpha") not in bound_codes(D(2011, 1, 1))


def test_a_revoked_ratification_no_longer_binds():
    state_cast()
    assert ("EE", "alpha") in bound_codes(D(2014, 12, 31))
    assert ("EE", "alpha") not in bound_codes(D(2015, 1, 1))


def test_a_draft_binds_nobody_even_when_ratified():
    cast = state_cast()
    record(cast.states["AA"], cast.gamma, Action.RATIFICATION, D(2020, 1, 1))
    assert ("AA", "gamma") not in bound_codes(D(2024, 1, 1))


def test_rejoining_after_a_withdrawal_binds_again():
    cast = state_cast()
    record(cast.states["CC"], cast.alpha, Action.ACCESSION, D(2012, 1, 1))
    assert ("CC", "alpha") in bound_codes(D(2013, 1, 1))


def test_database_refuses_a_withdrawal_without_the_date_it_takes_effect():
    cast = state_cast()
    with pytest.raises(IntegrityError), transaction.atomic():
        record(cast.states["AA"], cast.alpha, Action.WITHDRAWAL, D(2020, 1, 1))


def test_database_refuses_the_same_act_twice():
    cast = state_cast()
    with pytest.raises(IntegrityError), transaction.atomic():
        record(cast.states["AA"], cast.alpha, Action.RATIFICATION, D(1999, 6, 1))


def test_database_refuses_an_effective_date_before_the_act():
    cast = state_cast()
    with pytest.raises(IntegrityError), transaction.atomic():
        record(
            cast.states["DD"],
            cast.alpha,
            Action.RATIFICATION,
            D(2005, 1, 1),
            effective_date=D(2004, 1, 1),
        )


def test_a_participation_reads_as_a_sentence():
    cast = state_cast()
    first = cast.states["AA"].participations.filter(instrument=cast.alpha).chronological()[0]
    assert str(first) == "State AA: Signature of Alpha Treaty (1998-05-01)"
