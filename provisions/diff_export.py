"""The diff page as JSON and CSV (`?format=json|csv`): the provisions aligned and how each
threat category's coverage moved. The CSV holds one table: `?table=provisions` (the
default) or `?table=coverage`."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpResponse

from instruments.models import Instrument
from lib import formats
from lib.textdiff import Alignment, Pair, Side

from .instrument_diff import Movement

TABLES = ("provisions", "coverage")

PROVISION_COLUMNS = [
    "old_provision",
    "old_label",
    "new_provision",
    "new_label",
    "status",
    "renumbered",
    "similarity",
]
COVERAGE_COLUMNS = ["category", "category_name", "old_level", "new_level", "direction"]


def _side(side: Side | None) -> list[str]:
    return [side.slug, side.label] if side else ["", ""]


def _pair_row(pair: Pair) -> list[Any]:
    similarity = round(pair.similarity, 3) if pair.old and pair.new else ""
    renumbered = "yes" if pair.renumbered else "no"
    return [*_side(pair.old), *_side(pair.new), pair.status, renumbered, similarity]


def _movement_row(movement: Movement) -> list[Any]:
    category = movement.category
    return [
        category.slug,
        category.name,
        movement.old.level,
        movement.new.level,
        movement.direction,
    ]


def diff_data(
    old: Instrument,
    new: Instrument,
    alignment: Alignment,
    movements: list[Movement],
    absolute: Callable[[str], str],
) -> dict[str, Any]:
    def instrument(item: Instrument) -> dict[str, str]:
        return {
            "slug": item.slug,
            "short_name": item.short_name,
            "status": item.status,
            "url": absolute(item.get_absolute_url()),
        }

    return {
        "old": instrument(old),
        "new": instrument(new),
        "counts": alignment.counts,
        "provisions": [
            dict(zip(PROVISION_COLUMNS, _pair_row(p), strict=True)) for p in alignment.pairs
        ],
        "coverage": [dict(zip(COVERAGE_COLUMNS, _movement_row(m), strict=True)) for m in movements],
    }


def diff_csv(
    table: str, old: Instrument, new: Instrument, alignment: Alignment, movements: list[Movement]
) -> HttpResponse:
    name = f"{new.slug}-from-{old.slug}-{table}"
    if table == "coverage":
        return formats.csv_response(name, COVERAGE_COLUMNS, map(_movement_row, movements))
    return formats.csv_response(name, PROVISION_COLUMNS, map(_pair_row, alignment.pairs))
