"""An instrument's parties, counted from the participation records (never typed in).

Four queries whatever the number of States: the States bound today (decided in the
database by `Participation.objects.binding`), every record of the instrument with its
State, the instrument's list of participants if one is held, and the space powers.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Count
from django.utils import timezone

from instruments.models import Instrument
from states.models import MAJOR_SPACE_POWERS, Participation, ParticipationList, State
from states.standing import LABELS, classify, symbol


@dataclass(frozen=True)
class PowerStanding:
    state: State
    standing: str

    @property
    def label(self) -> str:
        return LABELS[self.standing]

    @property
    def symbol(self) -> str:
        return symbol(self.standing)


@dataclass
class Parties:
    """Who is bound by an instrument today, who only signed, and how current the list is."""

    on: datetime.date
    parties: list[tuple[State, Participation]]  # the joining act that binds each party
    others: list[tuple[State, str, list[Participation]]]  # signatories, withdrawn: standing
    powers: list[PowerStanding]
    participant_list: ParticipationList | None
    latest_record: datetime.date | None
    records: int = 0
    by_state: dict[int, list[Participation]] = field(default_factory=dict)

    @property
    def count(self) -> int:
        return len(self.parties)

    @property
    def complete(self) -> bool:
        return self.participant_list is not None


def parties_of(instrument: Instrument, on: datetime.date | None = None) -> Parties:
    on = on or timezone.localdate()
    bound = set(
        Participation.objects.binding(on)
        .filter(instrument=instrument)
        .values_list("state_id", flat=True)
    )
    records = list(
        Participation.objects.filter(instrument=instrument)
        .select_related("state")
        .order_by("state__name", "date", "pk")
    )
    participant_list = ParticipationList.objects.filter(instrument=instrument).first()
    by_state: dict[int, list[Participation]] = {}
    states: dict[int, State] = {}
    for record in records:
        by_state.setdefault(record.state_id, []).append(record)
        states[record.state_id] = record.state
    parties, others = [], []
    for state_id, acts in by_state.items():
        state = states[state_id]
        standing, _ = classify(
            state_id in bound,
            [(act.date, act.effective_date, act.action) for act in acts],
            participant_list is not None,
        )
        if state_id in bound:
            parties.append((state, [act for act in acts if act.joins][-1]))
        else:
            others.append((state, LABELS[standing], acts))
    powers = []
    for state in sorted(
        State.objects.by_code(list(MAJOR_SPACE_POWERS)),
        key=lambda state: MAJOR_SPACE_POWERS.index(state.code),
    ):
        acts = [(act.date, act.effective_date, act.action) for act in by_state.get(state.pk, [])]
        standing, _ = classify(state.pk in bound, acts, participant_list is not None)
        powers.append(PowerStanding(state, standing))
    return Parties(
        on=on,
        parties=parties,
        others=others,
        powers=powers,
        participant_list=participant_list,
        latest_record=max((record.date for record in records), default=None),
        records=len(records),
        by_state=by_state,
    )


def party_counts(on: datetime.date | None = None) -> dict[int, int]:
    """Instrument pk -> the number of States it binds today, for every instrument (one query)."""
    return dict(
        Participation.objects.binding(on)
        .values("instrument_id")
        .annotate(count=Count("state", distinct=True))
        .values_list("instrument_id", "count")
        .order_by()
    )
