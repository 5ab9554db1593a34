"""Everything the diff page compares between two instruments, fetched in a fixed number of
queries: their provisions (aligned by lib.textdiff) and how their coverage of each threat
category differs.
"""

from __future__ import annotations

from dataclasses import dataclass

from instruments.models import Instrument
from lib.textdiff import Alignment, Side, align

from .levels import LEVEL_SYMBOLS, NO_COVERAGE_LABEL, NO_COVERAGE_SYMBOL
from .models import LEVEL_RANK, Coverage, Provision, ThreatCategory

_LEVEL_OF_RANK = {rank: level for level, rank in LEVEL_RANK.items()}


@dataclass(frozen=True)
class Strength:
    """The strongest coverage level one instrument gives a category (or none)."""

    level: str  # a Level value, or "none"
    label: str
    symbol: str
    rank: int

    @classmethod
    def of_rank(cls, rank: int | None) -> Strength:
        if not rank:
            return cls("none", NO_COVERAGE_LABEL, NO_COVERAGE_SYMBOL, 0)
        level = _LEVEL_OF_RANK[rank]
        return cls(level.value, level.label, LEVEL_SYMBOLS[level], rank)


@dataclass(frozen=True)
class Movement:
    category: ThreatCategory
    old: Strength
    new: Strength

    @property
    def direction(self) -> str:
        """ "stronger", "weaker" or "same", from the old instrument to the new."""
        if self.new.rank > self.old.rank:
            return "stronger"
        if self.new.rank < self.old.rank:
            return "weaker"
        return "same"


def _sides(provisions: list[Provision]) -> list[Side]:
    return [Side(p.slug, p.label, p.heading, p.text) for p in provisions]


def align_instruments(old: Instrument, new: Instrument) -> Alignment:
    """Align the provisions of two instruments (one query)."""
    by_instrument: dict[int, list[Provision]] = {old.pk: [], new.pk: []}
    provisions = Provision.objects.filter(instrument__in=[old.pk, new.pk]).order_by(
        "instrument_id", "position", "pk"
    )
    for provision in provisions.only("instrument_id", "slug", "label", "heading", "text"):
        by_instrument[provision.instrument_id].append(provision)
    return align(_sides(by_instrument[old.pk]), _sides(by_instrument[new.pk]))


def coverage_movement(old: Instrument, new: Instrument) -> list[Movement]:
    """For every category, the strongest level in the old and in the new instrument (two
    queries: the categories and the strongest ranks)."""
    strongest = Coverage.objects.strongest_ranks([old.pk, new.pk])
    return [
        Movement(
            category,
            Strength.of_rank(strongest.get((category.pk, old.pk))),
            Strength.of_rank(strongest.get((category.pk, new.pk))),
        )
        for category in ThreatCategory.objects.all()
    ]
