"""A hand-built cast of States and records whose answers are known.

Instruments (all in force unless said): `alpha` (entered into force 2000-01-01, with a
complete participant list as at 2020-01-01), `beta` (no participant list), `gamma` (a
draft, binds nobody).

- AA ratified alpha in 1999 (bound from its entry into force) and ratified beta.
- BB signed alpha in 1999 and never ratified: "signed, not ratified" (the list is complete).
- CC acceded to alpha in 2001, gave notice of withdrawal on 2010-01-01 effective 2011-01-01.
- DD has no record at all: alpha "not a party" (complete list), beta "status unknown".
- EE ratified alpha in 2002 and revoked that ratification in 2015 (still a signatory).

Categories: alpha prohibits `wmd`, beta prohibits `tests`, gamma prohibits `force`. So
AA's in-force matrix has one gap (force), every other State's has all three.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from instruments.models import Instrument
from states.models import Action, Participation, ParticipationList, State
from tests.conftest import make_category, make_coverage, make_instrument, make_provision

D = datetime.date


@dataclass
class StateCast:
    alpha: Instrument
    beta: Instrument
    gamma: Instrument
    states: dict[str, State]


def make_state(code: str, name: str | None = None, **fields) -> State:
    return State.objects.create(code=code, name=name or f"State {code}", **fields)


def record(state: State, instrument: Instrument, action: str, date: datetime.date, **fields):
    values = {"source": "https://treaties.un.org/example", "provenance": "official"}
    values.update(fields)
    return Participation.objects.create(
        state=state, instrument=instrument, action=action, date=date, **values
    )


def state_cast() -> StateCast:
    alpha = make_instrument("alpha", short_name="Alpha Treaty", in_force_on=D(2000, 1, 1))
    beta = make_instrument("beta", short_name="Beta Treaty", in_force_on=D(1990, 1, 1))
    gamma = make_instrument(
        "gamma",
        short_name="Gamma Draft",
        kind=Instrument.Kind.DRAFT_TREATY,
        status=Instrument.Status.DRAFT,
    )
    for position, (slug, instrument) in enumerate(
        [("wmd", alpha), ("tests", beta), ("force", gamma)], start=1
    ):
        make_coverage(make_provision(instrument, "art-1"), make_category(slug, position=position))
    ParticipationList.objects.create(
        instrument=alpha, as_of=D(2020, 1, 1), source="UNTC status list", provenance="official"
    )
    states = {code: make_state(code) for code in ["AA", "BB", "CC", "DD", "EE"]}
    record(states["AA"], alpha, Action.SIGNATURE, D(1998, 5, 1))
    record(states["AA"], alpha, Action.RATIFICATION, D(1999, 6, 1))
    record(states["AA"], beta, Action.RATIFICATION, D(1991, 6, 1))
    record(states["BB"], alpha, Action.SIGNATURE, D(1999, 6, 1))
    record(states["CC"], alpha, Action.ACCESSION, D(2001, 3, 1))
    record(states["CC"], alpha, Action.WITHDRAWAL, D(2010, 1, 1), effective_date=D(2011, 1, 1))
    record(states["EE"], alpha, Action.SIGNATURE, D(2001, 1, 1))
    record(states["EE"], alpha, Action.RATIFICATION, D(2002, 1, 1))
    record(states["EE"], alpha, Action.REVOCATION, D(2015, 1, 1))
    return StateCast(alpha, beta, gamma, states)


def more_states(cast: StateCast, count: int) -> None:
    """`count` more States, each a party to alpha and beta and a signatory of alpha."""
    for number in range(count):
        code = f"{chr(ord('F') + number // 26)}{chr(ord('A') + number % 26)}"
        state = make_state(code)
        record(state, cast.alpha, Action.SIGNATURE, D(1999, 1, 1))
        record(state, cast.alpha, Action.RATIFICATION, D(2001, 1, 1))
        record(state, cast.beta, Action.ACCESSION, D(1995, 1, 1))
