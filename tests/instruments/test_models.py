from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from instruments.models import Instrument
from tests.conftest import make_instrument

pytestmark = pytest.mark.django_db


def test_instrument_slugs_are_unique_in_the_database():
    make_instrument("ost-1967")
    with pytest.raises(IntegrityError), transaction.atomic():
        make_instrument("ost-1967")


def test_database_refuses_an_unknown_status():
    with pytest.raises(IntegrityError), transaction.atomic():
        make_instrument("bad", status="repealed")


def test_database_refuses_an_instrument_in_force_that_is_not_binding():
    with pytest.raises(IntegrityError), transaction.atomic():
        make_instrument("bad", status=Instrument.Status.IN_FORCE, binding=False)


def test_database_refuses_non_binding_guidelines_marked_binding():
    with pytest.raises(IntegrityError), transaction.atomic():
        make_instrument(
            "bad",
            kind=Instrument.Kind.GUIDELINES,
            status=Instrument.Status.NON_BINDING,
            binding=True,
        )


def test_database_refuses_an_instrument_superseding_itself():
    instrument = make_instrument("draft", status=Instrument.Status.DRAFT)
    instrument.supersedes = instrument
    with pytest.raises(IntegrityError), transaction.atomic():
        instrument.save()


def test_clean_refuses_a_superseding_cycle():
    old = make_instrument("ppwt-2008", status=Instrument.Status.DRAFT)
    new = make_instrument("ppwt-2014", status=Instrument.Status.DRAFT, supersedes=old)
    old.supersedes = new
    with pytest.raises(ValidationError) as error:
        old.full_clean()
    assert "cycle" in str(error.value)


def test_clean_asks_for_the_date_of_a_parties_count():
    instrument = make_instrument("ost-1967", parties=115)
    with pytest.raises(ValidationError) as error:
        instrument.full_clean()
    assert "parties_as_of" in error.value.message_dict


def test_clean_refuses_an_entry_into_force_date_on_a_draft():
    instrument = make_instrument("draft", status=Instrument.Status.DRAFT, in_force_on="2020-01-01")
    with pytest.raises(ValidationError) as error:
        instrument.full_clean()
    assert "in_force_on" in error.value.message_dict


def test_new_instruments_start_unpublished_and_admin_made():
    instrument = Instrument(
        slug="new", short_name="New", title="New", kind="treaty", status="draft"
    )
    assert instrument.published is False
    assert instrument.origin == Instrument.Origin.ADMIN


def test_published_queryset_hides_unpublished_instruments():
    make_instrument("visible")
    make_instrument("hidden", published=False)
    assert list(Instrument.objects.published().values_list("slug", flat=True)) == ["visible"]


def test_symbol_list_splits_on_semicolons():
    instrument = Instrument(symbols="CD/1839; A/74/20 annex II")
    assert instrument.symbol_list == ["CD/1839", "A/74/20 annex II"]


@pytest.mark.parametrize("status", ["signed_not_in_force", "expired"])
def test_database_refuses_a_signed_or_expired_treaty_that_is_not_binding(status):
    with pytest.raises(IntegrityError), transaction.atomic():
        make_instrument("bad", status=status, binding=False)


def test_database_refuses_a_proposal_marked_binding():
    with pytest.raises(IntegrityError), transaction.atomic():
        make_instrument(
            "bad", kind=Instrument.Kind.WORKING_PAPER, status=Instrument.Status.PROPOSAL
        )


def test_clean_refuses_an_entry_into_force_date_on_a_signed_treaty():
    instrument = make_instrument("ctbt", status=Instrument.Status.SIGNED_NOT_IN_FORCE)
    instrument.in_force_on = datetime.date(1996, 9, 24)
    with pytest.raises(ValidationError) as error:
        instrument.full_clean()
    assert "in_force_on" in error.value.message_dict


def test_clean_refuses_a_proposal_marked_binding_naming_its_status():
    instrument = Instrument(
        slug="cd-1679",
        short_name="CD/1679",
        title="Possible elements",
        kind=Instrument.Kind.WORKING_PAPER,
        status=Instrument.Status.PROPOSAL,
        binding=True,
    )
    with pytest.raises(ValidationError) as error:
        instrument.full_clean()
    assert "proposal or working paper cannot be marked legally binding" in str(error.value)


def test_an_expired_treaty_keeps_its_entry_into_force_date():
    instrument = make_instrument(
        "abm", status=Instrument.Status.EXPIRED, in_force_on=datetime.date(1972, 10, 3)
    )
    instrument.full_clean()
    assert instrument.in_force_on is not None
