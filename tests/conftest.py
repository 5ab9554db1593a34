"""Shared fixtures: a small named cast of instruments, provisions and categories."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.core.cache import cache
from django.core.management import call_command

from events.models import Actor, Event
from gaps.models import DataVersion, Release
from instruments.models import Instrument
from positions.models import Position
from provisions.models import Capability, Coverage, Provision, ThreatCategory, Topic
from states.models import Participation, ParticipationList, State


def make_instrument(slug: str = "treaty-a", **fields) -> Instrument:
    values = {
        "short_name": slug.replace("-", " ").title(),
        "title": f"The {slug} instrument",
        "kind": Instrument.Kind.TREATY,
        "status": Instrument.Status.IN_FORCE,
        "binding": True,
        "published": True,
    }
    values.update(fields)
    return Instrument.objects.create(slug=slug, **values)


def make_provision(instrument: Instrument, slug: str = "art-1", **fields) -> Provision:
    values = {
        "label": slug.replace("-", " ").title(),
        "text": f"Text of {slug}.",
        "provenance": Provision.Provenance.OFFICIAL,
        "position": instrument.provisions.count() + 1,
    }
    values.update(fields)
    return Provision.objects.create(instrument=instrument, slug=slug, **values)


def make_category(slug: str = "asat-tests", **fields) -> ThreatCategory:
    values = {"name": slug.replace("-", " ").capitalize(), "definition": f"About {slug}."}
    values.update(fields)
    return ThreatCategory.objects.create(slug=slug, **values)


def make_coverage(
    provision: Provision, category: ThreatCategory, level: str = "prohibits", **fields
) -> Coverage:
    values = {"rationale": "Because the text says so."}
    values.update(fields)
    return Coverage.objects.create(provision=provision, category=category, level=level, **values)


@pytest.fixture
def treaty(db) -> Instrument:
    return make_instrument("treaty-a")


@pytest.fixture
def guidelines(db) -> Instrument:
    return make_instrument(
        "guidelines-b",
        kind=Instrument.Kind.GUIDELINES,
        status=Instrument.Status.NON_BINDING,
        binding=False,
    )


@pytest.fixture
def category(db) -> ThreatCategory:
    return make_category("asat-tests")


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with a cold cache: cached matrices must not leak between tests."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(scope="module")
def shipped_corpus(django_db_setup, django_db_blocker):
    """The real corpus from fixtures/, loaded once per module and removed afterwards."""
    with django_db_blocker.unblock():
        call_command("load_corpus", "--force", verbosity=0)
        yield
        remove_all_data()


def remove_all_data() -> None:
    """Delete what a module-scoped fixture wrote outside the tests' transactions."""
    for model in (
        Participation,
        ParticipationList,
        State,
        Position,
        Event,
        Actor,
        Coverage,
        Provision,
        Instrument,
        ThreatCategory,
        Capability,
        Topic,
    ):
        model.objects.all().delete()
    Release.objects.all().delete()
    DataVersion.objects.all().delete()
    # The deletions above were recorded as history; later tests expect none.
    for app in ("instruments", "states", "provisions", "positions", "events", "gaps"):
        for model in apps.get_app_config(app).get_models():
            if model.__name__.startswith("Historical"):
                model.objects.all().delete()
