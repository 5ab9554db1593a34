"""The shipped States and participation records: sourced, loadable, and agreeing with sources."""

from __future__ import annotations

import csv

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db.models import Count

from states.models import Participation, ParticipationList, State

FIXTURES = settings.CORPUS_DIR


def shipped(name: str) -> list[dict[str, str]]:
    with open(FIXTURES / name, encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_every_shipped_record_carries_a_source_and_a_provenance():
    rows = shipped("participation.csv")
    assert rows
    assert all(row["source"] and row["provenance"] in ("official", "unverified") for row in rows)


def test_shipped_state_names_are_the_uns_current_short_names():
    names = {row["code"]: row["name"] for row in shipped("states.csv")}
    assert names["SZ"] == "Eswatini" and names["MK"] == "North Macedonia"
    assert names["CZ"] == "Czechia" and names["LC"] == "Saint Lucia"
    assert names["TR"] == "Türkiye"


@pytest.mark.django_db
def test_load_corpus_loads_states_lists_and_records():
    call_command("load_corpus", "--dir", str(FIXTURES))
    assert State.objects.count() == len(shipped("states.csv"))
    assert Participation.objects.count() == len(shipped("participation.csv"))
    assert ParticipationList.objects.filter(instrument__slug="moon-1979").exists()


@pytest.mark.django_db
def test_the_moon_agreement_has_seventeen_parties_after_saudi_arabias_withdrawal():
    """UNTC XXIV-2 lists 18 parties including Saudi Arabia, whose withdrawal took effect
    on 5 January 2024."""
    call_command("load_corpus", "--dir", str(FIXTURES))
    parties = (
        Participation.objects.binding()
        .filter(instrument__slug="moon-1979")
        .values("state")
        .distinct()
    )
    assert parties.count() == 17
    assert not parties.filter(state__code="SA").exists()


@pytest.mark.django_db
def test_no_major_space_power_is_bound_by_the_moon_agreement():
    call_command("load_corpus", "--dir", str(FIXTURES))
    bound = set(
        Participation.objects.binding()
        .filter(instrument__slug="moon-1979")
        .values_list("state__code", flat=True)
    )
    assert not bound & {"US", "RU", "CN", "FR", "GB", "IN", "JP"}


@pytest.mark.django_db
def test_every_un_member_is_bound_by_the_charter():
    call_command("load_corpus", "--dir", str(FIXTURES))
    members = State.objects.filter(kind=State.Kind.MEMBER).count()
    charter = (
        Participation.objects.binding()
        .filter(instrument__slug="un-charter")
        .aggregate(n=Count("state", distinct=True))
    )
    assert charter["n"] == members == 193


def test_declarations_bearing_on_obligations_are_shipped_as_reservations_text():
    rows = {
        (row["state"], row["instrument"], row["action"]): row["reservations"]
        for row in shipped("participation.csv")
    }
    assert rows[("FR", "moon-1979", "signature")].startswith(
        'Interpretative statement: "France is of the view that the provisions of article 3'
    )
    assert "Taiwan authorities" in rows[("CN", "ost-1967", "accession")]
