"""One instrument's row of the coverage matrix: its strongest level in each category."""

from __future__ import annotations

from dataclasses import dataclass

from instruments.models import Instrument

from .models import LEVEL_RANK, Coverage, Level, ThreatCategory


@dataclass(frozen=True)
class RowCell:
    category: ThreatCategory
    level: Level | None  # None: no provision of the instrument covers the category


def instrument_row(instrument: Instrument) -> list[RowCell]:
    """Every threat category with the strongest level among the instrument's provisions
    (two queries: the categories and the strongest ranks)."""
    strongest = Coverage.objects.strongest_ranks([instrument.pk])
    level_of = {rank: level for level, rank in LEVEL_RANK.items()}
    return [
        RowCell(category, level_of.get(strongest.get((category.pk, instrument.pk))))
        for category in ThreatCategory.objects.order_by("position", "name")
    ]
