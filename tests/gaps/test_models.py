from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max

from provisions.models import Coverage, level_rank
from tests.conftest import make_category, make_coverage, make_instrument, make_provision

pytestmark = pytest.mark.django_db


def test_database_refuses_a_second_assessment_of_the_same_provision_and_category(treaty, category):
    provision = make_provision(treaty)
    make_coverage(provision, category, "prohibits")
    with pytest.raises(IntegrityError), transaction.atomic():
        make_coverage(provision, category, "restricts")


def test_database_refuses_an_assessment_without_rationale(treaty, category):
    with pytest.raises(IntegrityError), transaction.atomic():
        make_coverage(make_provision(treaty), category, rationale="")


def test_database_refuses_an_unknown_level(treaty, category):
    with pytest.raises(IntegrityError), transaction.atomic():
        make_coverage(make_provision(treaty), category, level="bans")


def test_clean_refuses_a_prohibition_by_a_non_binding_instrument(guidelines, category):
    coverage = Coverage(provision=make_provision(guidelines), category=category, level="prohibits")
    coverage.rationale = "It says States should not."
    with pytest.raises(ValidationError) as error:
        coverage.full_clean()
    assert "level" in error.value.message_dict


def test_clean_accepts_guidance_from_a_non_binding_instrument(guidelines, category):
    coverage = Coverage(
        provision=make_provision(guidelines), category=category, level="guidance", rationale="Why."
    )
    coverage.full_clean()


def test_clean_refuses_a_blank_rationale(treaty, category):
    coverage = Coverage(provision=make_provision(treaty), category=category, level="restricts")
    coverage.rationale = "   "
    with pytest.raises(ValidationError) as error:
        coverage.full_clean()
    assert "rationale" in error.value.message_dict


def test_level_rank_lets_the_database_pick_the_strongest_level(treaty, category):
    make_coverage(make_provision(treaty, "art-1"), category, "indirect")
    make_coverage(make_provision(treaty, "art-2"), category, "prohibits")
    make_coverage(make_provision(treaty, "art-3"), make_category("debris"), "guidance")
    strongest = Coverage.objects.filter(category=category).aggregate(top=Max(level_rank()))["top"]
    assert strongest == 4


def test_clean_refuses_a_prohibition_by_a_proposal_naming_why(category):
    proposal = make_instrument(
        "cd-1679",
        kind="working_paper",
        status="proposal",
        binding=False,
        short_name="CD/1679",
    )
    coverage = Coverage(
        provision=make_provision(proposal),
        category=category,
        level="prohibits",
        rationale="Proposes a ban.",
    )
    with pytest.raises(ValidationError) as error:
        coverage.full_clean()
    assert "CD/1679 is a proposal or working paper" in error.value.message_dict["level"][0]


def test_clean_accepts_a_prohibition_by_a_signed_treaty_not_in_force(category):
    ctbt = make_instrument("ctbt", status="signed_not_in_force", binding=True)
    coverage = Coverage(
        provision=make_provision(ctbt),
        category=category,
        level="prohibits",
        rationale="Bans any nuclear explosion.",
    )
    coverage.full_clean()
    assert coverage.rank == 4
