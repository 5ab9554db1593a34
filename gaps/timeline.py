"""The instruments on a time axis, and how many gaps the law left open after each change.

Each instrument's dates (adopted, tabled, in force, superseded or ended) become milestones;
at every date on which one happens, the gaps are counted with the instruments that existed
then (see `gaps.dated`). The counts come from one matrix of every instrument, so the whole
timeline costs the queries of one matrix whatever the number of dates.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from instruments.models import Status
from provisions.models import Level

from .dated import InstrumentDates, restrict
from .matrix import InstrumentInfo, Matrix, superseded_in

# The figure's geometry, in SVG user units.
WIDTH = 960
LABEL_WIDTH = 260
LANE_HEIGHT = 22
TOP = 30
# Bar colours by column group; the label beside each bar names the status in words.
FILLS = {"in_force": "#1f4e79", "drafts": "#8a5a00", "non_binding": "#3d6b2e"}


@dataclass(frozen=True)
class Milestone:
    day: datetime.date
    instrument: InstrumentInfo
    kind: str  # "adopted", "tabled", "entered into force", "superseded or ended"


@dataclass
class Change:
    """A date on which something happened, and the gaps left open after it."""

    day: datetime.date
    milestones: list[Milestone]
    gaps_in_force: int
    gaps_all: int


@dataclass(frozen=True)
class Lane:
    """One instrument's bar in the figure: from when it counted to its end (or today)."""

    instrument: InstrumentInfo
    start: datetime.date
    end: datetime.date | None
    adopted: datetime.date | None  # a treaty's adoption, drawn before its entry into force
    y: int
    x_start: int
    x_end: int
    x_adopted: int | None

    @property
    def bar_width(self) -> int:
        return max(self.x_end - self.x_start, 2)

    @property
    def fill(self) -> str:
        return FILLS[self.instrument.group]


@dataclass
class Timeline:
    changes: list[Change]
    lanes: list[Lane]
    undated: list[InstrumentInfo]
    ticks: list[tuple[int, int]]  # (year, x)
    categories: int
    height: int
    width: int = WIDTH
    label_width: int = LABEL_WIDTH


def milestones(item: InstrumentInfo, dates: InstrumentDates) -> list[Milestone]:
    found = []
    # A draft's adoption date field holds the day it was tabled: not a milestone of its own.
    if dates.adopted_on and item.status not in (Status.DRAFT, Status.PROPOSAL):
        found.append(Milestone(dates.adopted_on, item, "adopted"))
    if dates.tabled_on:
        found.append(Milestone(dates.tabled_on, item, "tabled"))
    if dates.in_force_on and item.status == Status.IN_FORCE:
        found.append(Milestone(dates.in_force_on, item, "entered into force"))
    if dates.ended_on:
        found.append(Milestone(dates.ended_on, item, "superseded or ended"))
    return found


def _gaps(matrix: Matrix, instruments: list[InstrumentInfo]) -> int:
    """Categories that no counting instrument of `instruments` prohibits (no queries)."""
    superseded = superseded_in(instruments)
    counting = {item.slug for item in instruments if item.pk not in superseded}
    return sum(
        1
        for row in matrix.rows
        if not any(
            cell.level == Level.PROHIBITS for slug, cell in row.cells.items() if slug in counting
        )
    )


def build_timeline(
    catalogue: list[InstrumentInfo],
    dates: dict[int, InstrumentDates],
    everything: Matrix,
    today: datetime.date,
) -> Timeline:
    """The timeline of `catalogue`; `everything` is its matrix of all instruments."""
    missing = InstrumentDates(None, None, None, None, "")
    events = sorted(
        (m for item in catalogue for m in milestones(item, dates.get(item.pk, missing))),
        key=lambda m: (m.day, m.instrument.slug),
    )
    changes: list[Change] = []
    for milestone in events:
        if changes and changes[-1].day == milestone.day:
            changes[-1].milestones.append(milestone)
            continue
        on_the_day = restrict(catalogue, dates, milestone.day).instruments
        in_force = [item for item in on_the_day if item.status == Status.IN_FORCE]
        changes.append(
            Change(
                milestone.day,
                [milestone],
                _gaps(everything, in_force),
                _gaps(everything, on_the_day),
            )
        )

    lanes_data, undated = [], []
    for item in catalogue:
        item_dates = dates.get(item.pk, missing)
        start = item_dates.start(item.status)
        if start is None:
            undated.append(item)
            continue
        adopted = item_dates.adopted_on if item.status == Status.IN_FORCE else None
        lanes_data.append((item, start, item_dates.ended_on, adopted))
    first_year = min((m.day.year for m in events), default=today.year)
    span_start = datetime.date(first_year - first_year % 10, 1, 1)
    span_end = datetime.date(today.year + 1, 1, 1)
    plot = WIDTH - LABEL_WIDTH - 20

    def x(day: datetime.date) -> int:
        share = (day - span_start).days / max((span_end - span_start).days, 1)
        return LABEL_WIDTH + round(share * plot)

    lanes_data.sort(key=lambda lane: (lane[3] or lane[1], lane[0].slug))
    lanes = [
        Lane(
            item,
            start,
            end,
            adopted,
            TOP + number * LANE_HEIGHT,
            x(start),
            x(end or today),
            x(adopted) if adopted else None,
        )
        for number, (item, start, end, adopted) in enumerate(lanes_data)
    ]
    ticks = [
        (year, x(datetime.date(year, 1, 1))) for year in range(span_start.year, today.year + 1, 10)
    ]
    return Timeline(
        changes=changes,
        lanes=lanes,
        undated=undated,
        ticks=ticks,
        categories=len(everything.rows),
        height=TOP + len(lanes) * LANE_HEIGHT + 20,
    )
