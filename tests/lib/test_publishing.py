"""Instruments and events carry their publishing fields from one place, lib/publishing.py."""

from __future__ import annotations

import pytest

from events.models import Event
from instruments.models import Instrument
from lib.publishing import Origin, Publishable

SHARED = ("origin", "updated_at", "version")


@pytest.mark.parametrize("model", [Instrument, Event])
def test_instruments_and_events_take_their_publishing_fields_from_one_abstract_model(model):
    assert issubclass(model, Publishable)
    assert model.Origin is Origin
    for name in SHARED:
        assert (
            model._meta.get_field(name).deconstruct()[1:]
            == (Publishable._meta.get_field(name).deconstruct()[1:])
        )


def test_each_model_says_what_publishing_requires_of_it():
    event_help = Event._meta.get_field("published").help_text
    instrument_help = Instrument._meta.get_field("published").help_text
    assert "at least one source" in event_help
    assert "hidden from public pages" in instrument_help
