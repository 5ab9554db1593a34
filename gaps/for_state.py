"""The matrix for one State: only the instruments that bind it, and why the others do not.

A restriction of the instrument catalogue. Instruments in force are kept only if the State
is bound by them today (`Participation.objects.binding`, computed in the database); every
other instrument in force is set aside with the reason: signed and not ratified, not a
party, withdrew, ratification revoked, or status unknown. "Not a party" is only ever said
when the instrument has a complete list of participants (`ParticipationList`); without one
and without a record the status is unknown, never guessed. Drafts, proposals and
non-binding instruments bind no State, so they keep their places in the wider scopes.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.urls import reverse
from django.utils import timezone

from instruments.models import Status
from states.models import Participation, ParticipationList, State
from states.standing import LABELS, Standing, classify, symbol

from .matrix import InstrumentInfo

__all__ = ["CAVEAT", "Restriction", "Standing", "restriction_for", "restrictions"]

CAVEAT = (
    "A treaty binds the States that are parties to it. Some of its rules may also bind other "
    "States as customary international law, which this view does not assess: it shows treaty "
    "obligations only."
)


@dataclass(frozen=True)
class StateInfo:
    code: str
    name: str
    kind: str
    url: str


@dataclass(frozen=True)
class ListInfo:
    as_of: datetime.date | None
    as_of_note: str
    source: str
    provenance: str


@dataclass(frozen=True)
class InstrumentStanding:
    instrument: InstrumentInfo
    standing: str
    since: datetime.date | None  # the act the standing rests on
    participant_list: ListInfo | None

    @property
    def bound(self) -> bool:
        return self.standing == Standing.BOUND

    @property
    def label(self) -> str:
        return LABELS[self.standing]

    @property
    def symbol(self) -> str:
        return symbol(self.standing)


@dataclass
class Restriction:
    """One State's standing towards every instrument in force, on a date."""

    state: StateInfo
    on: datetime.date
    standings: list[InstrumentStanding] = field(default_factory=list)

    @property
    def excluded(self) -> list[InstrumentStanding]:
        return [item for item in self.standings if not item.bound]

    @property
    def bound(self) -> list[InstrumentStanding]:
        return [item for item in self.standings if item.bound]

    def catalogue(self, catalogue: list[InstrumentInfo]) -> list[InstrumentInfo]:
        """The catalogue without the instruments in force that do not bind the State."""
        left_out = {item.instrument.pk for item in self.excluded}
        return [item for item in catalogue if item.pk not in left_out]


def state_info(state: State) -> StateInfo:
    return StateInfo(state.code, state.name, state.kind, reverse("gaps:state", args=[state.code]))


def all_states() -> list[StateInfo]:
    """Every State, by name (one query)."""
    return [state_info(state) for state in State.objects.all()]


def known_state(code: str) -> StateInfo | None:
    """The State with this code, or None (one query)."""
    state = State.objects.filter(code=code.upper()).first()
    return state_info(state) if state else None


def restrictions(
    catalogue: list[InstrumentInfo], codes: list[str], on: datetime.date | None = None
) -> list[Restriction]:
    """Each State's standing towards each instrument in force in `catalogue` (four queries).

    States come back in the order of `codes`; unknown codes are left out.
    """
    on = on or timezone.localdate()
    codes = [code.upper() for code in codes]
    states = {state.code: state for state in State.objects.by_code(codes)}
    in_force = [item for item in catalogue if item.status == Status.IN_FORCE and item.binding]
    pks = [item.pk for item in in_force]
    bound = (
        Participation.objects.binding(on)
        .filter(state__code__in=codes, instrument_id__in=pks)
        .values_list("state__code", "instrument_id")
        .distinct()
        .order_by()
    )
    bound_pairs = set(bound)
    acts: dict[tuple[str, int], list[tuple[datetime.date, datetime.date | None, str]]] = {}
    for code, instrument_id, date, effective, action in (
        Participation.objects.filter(state__code__in=codes, instrument_id__in=pks)
        .order_by("date", "pk")
        .values_list("state__code", "instrument_id", "date", "effective_date", "action")
    ):
        acts.setdefault((code, instrument_id), []).append((date, effective, action))
    lists = {
        instrument_id: ListInfo(as_of, note, source, provenance)
        for instrument_id, as_of, note, source, provenance in ParticipationList.objects.filter(
            instrument_id__in=pks
        ).values_list("instrument_id", "as_of", "as_of_note", "source", "provenance")
    }
    result = []
    for code in codes:
        state = states.get(code)
        if state is None:
            continue
        restriction = Restriction(state_info(state), on)
        for item in in_force:
            standing, since = classify(
                (code, item.pk) in bound_pairs, acts.get((code, item.pk), []), item.pk in lists
            )
            restriction.standings.append(
                InstrumentStanding(item, standing, since, lists.get(item.pk))
            )
        result.append(restriction)
    return result


def restriction_for(
    catalogue: list[InstrumentInfo], code: str, on: datetime.date | None = None
) -> Restriction | None:
    found = restrictions(catalogue, [code], on)
    return found[0] if found else None
