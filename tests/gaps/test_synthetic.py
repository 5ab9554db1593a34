"""generate_synthetic makes valid, realistic, reproducible corpora."""

from __future__ import annotations

import datetime

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from gaps.corpus_export import dump_corpus
from gaps.validation import validate_corpus
from instruments.models import Instrument
from provisions.models import Capability, Coverage, Provision, ThreatCategory, Topic
from tests.conftest import make_instrument

pytestmark = pytest.mark.django_db


def generate(seed: int = 3) -> None:
    call_command(
        "generate_synthetic", "--instruments", "12", "--provisions", "300", "--categories", "15",
        "--seed", str(seed), verbosity=0,
    )  # fmt: skip


def wipe() -> None:
    for model in (Coverage, Provision, Instrument, ThreatCategory, Capability, Topic):
        model.objects.all().delete()


def test_the_generated_corpus_has_the_requested_size_and_no_defects():
    generate()
    assert Instrument.objects.count() == 12
    assert Provision.objects.count() == 300
    corpus = dump_corpus("synthetic", datetime.date(2026, 1, 1))
    assert [str(d) for d in validate_corpus(corpus)] == []


def test_the_same_seed_gives_the_same_data():
    generate(seed=5)
    first = list(
        Provision.objects.order_by("instrument__slug", "position").values_list("slug", "text")
    )
    levels = sorted(Coverage.objects.values_list("provision__slug", "category__slug", "level"))
    wipe()
    generate(seed=5)
    assert (
        list(Provision.objects.order_by("instrument__slug", "position").values_list("slug", "text"))
        == first
    )
    assert (
        sorted(Coverage.objects.values_list("provision__slug", "category__slug", "level")) == levels
    )


def test_non_binding_instruments_never_prohibit_and_drafts_form_chains():
    call_command(
        "generate_synthetic", "--instruments", "60", "--provisions", "600", "--categories", "5",
        "--seed", "11", verbosity=0,
    )  # fmt: skip
    assert not Coverage.objects.filter(
        level="prohibits", provision__instrument__binding=False
    ).exists()
    assert Instrument.objects.filter(supersedes__isnull=False).exists()
    assert Instrument.objects.values("status").distinct().count() == 4


def test_it_refuses_a_database_that_already_holds_instruments():
    make_instrument("ost-1967")
    with pytest.raises(CommandError, match="separate, empty database"):
        generate()


def test_categories_the_shipped_corpus_never_prohibits_are_never_prohibited(settings):
    from gaps.corpus import read_corpus
    from gaps.synthetic import level_weights

    corpus = read_corpus(settings.CORPUS_DIR)
    never = {
        category["slug"]
        for category, (levels, _) in zip(corpus.categories, level_weights(corpus), strict=True)
        if "prohibits" not in levels
    }
    assert never, "the shipped corpus has gaps"
    generate()
    assert Coverage.objects.filter(category__slug__in=never).exists()
    assert not Coverage.objects.filter(category__slug__in=never, level="prohibits").exists()
