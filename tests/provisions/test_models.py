from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from tests.conftest import make_instrument, make_provision

pytestmark = pytest.mark.django_db


def test_provision_slugs_are_unique_within_an_instrument(treaty):
    make_provision(treaty, "art-1")
    with pytest.raises(IntegrityError), transaction.atomic():
        make_provision(treaty, "art-1")


def test_the_same_provision_slug_may_exist_in_two_instruments(treaty):
    other = make_instrument("treaty-b")
    make_provision(treaty, "art-1")
    make_provision(other, "art-1")
    assert treaty.provisions.count() == other.provisions.count() == 1


def test_database_refuses_an_unknown_provenance(treaty):
    with pytest.raises(IntegrityError), transaction.atomic():
        make_provision(treaty, "art-1", provenance="hearsay")


def test_clean_refuses_a_parent_from_another_instrument(treaty):
    other = make_instrument("treaty-b")
    foreign_parent = make_provision(other, "art-4")
    paragraph = make_provision(treaty, "art-4-para-1", parent=foreign_parent)
    with pytest.raises(ValidationError) as error:
        paragraph.full_clean()
    assert "parent" in error.value.message_dict


def test_provision_urls_nest_under_their_instrument(treaty):
    provision = make_provision(treaty, "art-4-para-1")
    assert provision.get_absolute_url() == "/instruments/treaty-a/art-4-para-1/"
