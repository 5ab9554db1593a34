"""One instrument's row of the coverage matrix: its strongest level in each category."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Max

from instruments.models import Instrument

from .models import LEVEL_RANK, Coverage, Level, ThreatCategory, level_rank


@dataclass(frozen=True)
class RowCell:
    category: ThreatCategory
    level: Level | None  # None: no provision of the instrument covers the category


def instrument_row(instrument: Instrument) -> list[RowCell]:
    """Every threat category with the strongest level among the instrument's provisions.

    Two queries: the categories, and the strongest rank per category, taken with MAX() in
    the database.
    """
    strongest = dict(
        Coverage.objects.filter(provision__instrument=instrument)
        .order_by()
        .values("category_id")
        .annotate(rank=Max(level_rank()))
        .values_list("category_id", "rank")
    )
    level_of = {rank: level for level, rank in LEVEL_RANK.items()}
    return [
        RowCell(category, level_of.get(strongest.get(category.pk)))
        for category in ThreatCategory.objects.order_by("position", "name")
    ]
