"""Events: their invariants in the database, and how their dates read."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from events.models import Event, EventSource, date_label
from tests.conftest import make_category
from tests.events.builders import make_event

pytestmark = pytest.mark.django_db
day = datetime.date.fromisoformat


def test_a_source_without_url_or_symbol_is_refused_by_the_database():
    event = make_event("e", day("2007-01-11"), [make_category()], sources=0)
    with pytest.raises(IntegrityError), transaction.atomic():
        EventSource.objects.create(event=event, title="Hearsay", provenance="summary")


def test_a_source_with_a_document_symbol_only_is_accepted():
    event = make_event("e", day("2007-01-11"), [make_category()], sources=0)
    EventSource.objects.create(
        event=event, title="Res.", symbol="A/RES/77/41", provenance="summary"
    )
    assert event.sources.get().symbol == "A/RES/77/41"


def test_an_event_cannot_end_before_it_began():
    with pytest.raises(IntegrityError), transaction.atomic():
        Event.objects.create(
            slug="e", date=day("2020-02-01"), end_date=day("2020-01-01"), title="T", summary="S"
        )
    event = Event(slug="e", date=day("2020-02-01"), end_date=day("2020-01-01"))
    with pytest.raises(ValidationError) as error:
        event.clean()
    assert "end_date" in error.value.message_dict


@pytest.mark.parametrize(
    ("precision", "label", "law_date"),
    [
        ("day", "11 January 2007", "2007-01-11"),
        ("month", "January 2007", "2007-01-31"),
        ("year", "2007", "2007-12-31"),
    ],
)
def test_the_law_is_shown_on_the_last_day_of_the_period_the_sources_give(
    precision, label, law_date
):
    event = Event(date=day("2007-01-11" if precision == "day" else "2007-01-01"))
    event.date_precision = precision
    assert date_label(event.date, precision) == label
    assert event.law_date == day(law_date)


def test_a_month_range_reads_as_two_months():
    event = Event(date=day("2015-04-01"), end_date=day("2015-10-01"), date_precision="month")
    assert event.date_label == "April 2015 to October 2015"
