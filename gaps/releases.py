"""Each corpus release's matrix, recorded when it is loaded, and what changed between two.

The record is plain data (JSON): the level of every cell of the matrix of all instruments,
the evidence behind it (records made before evidence was recorded have none), and each
category's strongest level and gap in the in-force scope and in the whole corpus. Comparing
two records says which cells and which gaps changed; `gaps.release_edits` says which edits
changed them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .matrix import Scope, build_matrix, fetch_catalogue
from .models import Release


def snapshot() -> dict[str, Any]:
    """The matrix of the data now in the database, as plain data (seven queries)."""
    catalogue = fetch_catalogue()
    in_force = build_matrix(catalogue, Scope.IN_FORCE, with_provisions=False)
    everything = build_matrix(catalogue, Scope.ALL, with_provisions=False)
    categories = {}
    for row in everything.rows:
        binding = in_force.row(row.category.slug)
        categories[row.category.slug] = {
            "name": row.category.name,
            "strongest_in_force": binding.strongest if binding else None,
            "gap_in_force": binding.gap if binding else True,
            "strongest_all": row.strongest,
            "gap_all": row.gap,
        }
    return {
        "instruments": {c.instrument.slug: c.instrument.short_name for c in everything.columns},
        "categories": categories,
        "cells": {
            f"{row.category.slug}|{slug}": cell.level
            for row in everything.rows
            for slug, cell in row.cells.items()
        },
        "evidence": {
            f"{row.category.slug}|{slug}": cell.evidence
            for row in everything.rows
            for slug, cell in row.cells.items()
        },
    }


def record(release: Release) -> None:
    release.matrix = snapshot()
    release.save(update_fields=["matrix"])


@dataclass(frozen=True)
class CellChange:
    category: str
    instrument: str
    before: str | None
    after: str | None
    before_evidence: str | None = None  # None: no cell, or a record without evidence
    after_evidence: str | None = None
    key: str = ""  # "category-slug|instrument-slug"

    @property
    def level_changed(self) -> bool:
        return self.before != self.after

    @property
    def evidence_changed(self) -> bool:
        return self.before_evidence != self.after_evidence


@dataclass(frozen=True)
class GapChange:
    category: str
    scope: str
    before: bool | None  # None: the category did not exist
    after: bool | None
    slug: str = ""


@dataclass
class Changes:
    cells: list[CellChange]
    gaps: list[GapChange]
    added: list[str]  # instruments
    removed: list[str]


def compare(old: dict[str, Any], new: dict[str, Any]) -> Changes:
    """What changed from the record `old` to `new` (no queries)."""
    names = {**old.get("instruments", {}), **new.get("instruments", {})}
    categories = {**old.get("categories", {}), **new.get("categories", {})}
    old_cells, new_cells = old.get("cells", {}), new.get("cells", {})
    # Evidence is compared only when both records hold it.
    with_evidence = "evidence" in old and "evidence" in new
    old_evidence, new_evidence = old.get("evidence", {}), new.get("evidence", {})
    cells = []
    for key in sorted(set(old_cells) | set(new_cells)):
        before, after = old_cells.get(key), new_cells.get(key)
        was, now = old_evidence.get(key), new_evidence.get(key)
        if before != after or (with_evidence and was != now):
            category, instrument = key.split("|", 1)
            cells.append(
                CellChange(
                    categories.get(category, {}).get("name", category),
                    names.get(instrument, instrument),
                    before,
                    after,
                    was,
                    now,
                    key,
                )
            )
    gaps = []
    for slug, data in categories.items():
        before = old.get("categories", {}).get(slug)
        after = new.get("categories", {}).get(slug)
        for key, scope in (("gap_in_force", "binding instruments in force"), ("gap_all", "all")):
            was = before[key] if before else None
            now = after[key] if after else None
            if was != now:
                gaps.append(GapChange(data["name"], scope, was, now, slug))
    old_names, new_names = old.get("instruments", {}), new.get("instruments", {})
    return Changes(
        cells,
        gaps,
        added=[new_names[slug] for slug in new_names if slug not in old_names],
        removed=[old_names[slug] for slug in old_names if slug not in new_names],
    )
