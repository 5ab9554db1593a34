"""The law on a given date: the instrument catalogue restricted to what existed then.

An instrument counts on a date when it existed in its status on that day: a treaty in force
from its entry into force, a draft or proposal from the day it was tabled, non-binding
guidelines, resolutions and reports from their adoption. An instrument that a later text
superseded, or that ended, counts on the days before its end date and not from it.

An instrument whose relevant date is not recorded is left out of every dated view and listed
with the reason: a missing date is never guessed. The dates and their sources are recorded on
the instrument (`dates_source`).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from instruments.models import Instrument, Status

from .matrix import InstrumentInfo

# Which date makes an instrument of each status exist, and how to name it.
START_FIELD: dict[str, tuple[str, str]] = {
    Status.IN_FORCE: ("in_force_on", "entry into force"),
    Status.SIGNED_NOT_IN_FORCE: ("adopted_on", "adoption or opening for signature"),
    # In force once, ended since: counts from its entry into force until `ended_on`.
    Status.EXPIRED: ("in_force_on", "entry into force"),
    Status.DRAFT: ("tabled_on", "tabling"),
    Status.PROPOSAL: ("tabled_on", "tabling"),
    Status.NON_BINDING: ("adopted_on", "adoption"),
}


@dataclass(frozen=True)
class InstrumentDates:
    adopted_on: datetime.date | None
    in_force_on: datetime.date | None
    tabled_on: datetime.date | None
    ended_on: datetime.date | None
    source: str

    def start(self, status: str) -> datetime.date | None:
        """The day from which an instrument of this status counts (None when not recorded)."""
        return getattr(self, START_FIELD[status][0])


@dataclass(frozen=True)
class Excluded:
    """An instrument left out of a dated view, and why, in a sentence."""

    instrument: InstrumentInfo
    reason: str
    later: datetime.date | None = None  # when it came to count, if after the date shown


@dataclass(frozen=True)
class DatedCatalogue:
    """The catalogue on `as_of`: the instruments that count, and those left out."""

    as_of: datetime.date
    instruments: list[InstrumentInfo]
    excluded: list[Excluded]
    sources: list[tuple[InstrumentInfo, str]]  # where each instrument's dates come from

    def includes(self, slug: str) -> bool:
        return any(item.slug == slug for item in self.instruments)

    def reason(self, slug: str) -> str | None:
        return next((item.reason for item in self.excluded if item.instrument.slug == slug), None)

    @property
    def undated(self) -> list[Excluded]:
        """Left out because a date is missing, not because of the day chosen."""
        return [item for item in self.excluded if "not recorded" in item.reason]


def fetch_dates() -> dict[int, InstrumentDates]:
    """The dates of every published instrument, by primary key (one query)."""
    rows = Instrument.objects.published().values_list(
        "pk", "adopted_on", "in_force_on", "tabled_on", "ended_on", "dates_source"
    )
    return {
        pk: InstrumentDates(adopted, in_force, tabled, ended, source)
        for pk, adopted, in_force, tabled, ended, source in rows
    }


def long_date(day: datetime.date) -> str:
    return f"{day.day} {day:%B %Y}"


def _reason(item: InstrumentInfo, dates: InstrumentDates, as_of: datetime.date) -> str | None:
    """Why `item` does not count on `as_of`, or None when it does."""
    _, label = START_FIELD[item.status]
    start = dates.start(item.status)
    if start is None:
        return f"its date of {label} is not recorded, so it is left out of every dated view"
    if as_of < start:
        if item.status == Status.IN_FORCE and dates.adopted_on and dates.adopted_on <= as_of:
            return (
                f"adopted or opened for signature on {long_date(dates.adopted_on)} but not in "
                f"force until {long_date(start)}"
            )
        return f"its {label} came later, on {long_date(start)}"
    if dates.ended_on is not None and dates.ended_on <= as_of:
        return f"superseded or ended on {long_date(dates.ended_on)}"
    return None


def restrict(
    catalogue: list[InstrumentInfo], dates: dict[int, InstrumentDates], as_of: datetime.date
) -> DatedCatalogue:
    """The catalogue as it stood on `as_of` (no queries: `dates` comes from `fetch_dates`)."""
    missing = InstrumentDates(None, None, None, None, "")
    kept, excluded = [], []
    for item in catalogue:
        item_dates = dates.get(item.pk, missing)
        reason = _reason(item, item_dates, as_of)
        if reason is None:
            kept.append(item)
            continue
        start = item_dates.start(item.status)
        excluded.append(Excluded(item, reason, start if start and start > as_of else None))
    sources = [(item, dates.get(item.pk, missing).source) for item in catalogue]
    return DatedCatalogue(as_of, kept, excluded, sources)


def compare_error(dated: DatedCatalogue | None, slug: str | None) -> str | None:
    """A message when the draft to compare did not exist yet on the date shown."""
    if dated is None or slug is None or dated.includes(slug):
        return None
    return f"'{slug}' does not count on {dated.as_of.isoformat()}: {dated.reason(slug)}."
