"""The dates a dated view rests on: an instrument cannot end before it was tabled."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from instruments.models import Instrument
from tests.conftest import make_instrument

pytestmark = pytest.mark.django_db


def test_database_refuses_an_end_before_the_tabling():
    with pytest.raises(IntegrityError), transaction.atomic():
        make_instrument(
            "bad",
            status=Instrument.Status.DRAFT,
            tabled_on=datetime.date(2014, 6, 10),
            ended_on=datetime.date(2008, 2, 12),
        )


def test_admin_form_validation_names_the_end_date():
    instrument = Instrument(
        slug="bad",
        short_name="Bad",
        title="Bad",
        kind=Instrument.Kind.DRAFT_TREATY,
        status=Instrument.Status.DRAFT,
        binding=True,
        tabled_on=datetime.date(2014, 6, 10),
        ended_on=datetime.date(2008, 2, 12),
    )
    with pytest.raises(ValidationError) as error:
        instrument.clean()
    assert "ended_on" in error.value.message_dict


def test_the_instrument_page_shows_its_dates_and_where_they_come_from(client):
    make_instrument(
        "ppwt-2008",
        short_name="PPWT 2008",
        kind=Instrument.Kind.DRAFT_TREATY,
        status=Instrument.Status.DRAFT,
        tabled_on=datetime.date(2008, 2, 12),
        ended_on=datetime.date(2014, 6, 10),
        dates_source="Tabled: a made-up *meeting summary* (unverified).",
    )
    page = client.get("/instruments/ppwt-2008/").content.decode()
    assert '<dt>Tabled</dt><dd><time datetime="2008-02-12">12 February 2008</time>' in page
    assert '<dt>Superseded or ended</dt><dd><time datetime="2014-06-10">' in page
    assert "a made-up <em>meeting summary</em> (unverified)" in page
