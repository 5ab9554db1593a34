"""The evidence behind each cell in the matrix's JSON and CSV, added to what `gaps.api` writes."""

from __future__ import annotations

from typing import Any

from .draft_comparison import DraftComparison
from .evidence import EVIDENCE_LEVELS
from .matrix import Cell, Matrix, Row

# Appended after the CSV's other columns, so that readers of the older columns are unaffected.
EVIDENCE_CSV_COLUMNS = ["evidence", "qualifier", "category_strongest_evidence", "evidence_filter"]


def evidence_columns(row: Row, cell: Cell | None, evidence_filter: str = "") -> list[str]:
    """The CSV values of EVIDENCE_CSV_COLUMNS for one cell."""
    return [
        cell.evidence if cell else "",
        cell.qualifier if cell else "",
        row.strongest_evidence or "",
        evidence_filter,
    ]


def add_evidence(
    data: dict[str, Any], shown: Matrix, comparison: DraftComparison | None = None
) -> None:
    """Add the evidence of every cell, provision and strongest level to a matrix document."""
    data["evidence"] = shown.evidence
    data["evidence_levels"] = EVIDENCE_LEVELS
    rows = {row.category.slug: row for row in shown.rows}
    for category in data["categories"]:
        row = rows[category["slug"]]
        category["strongest_evidence"] = row.strongest_evidence
        category["strongest_qualifier"] = row.strongest_qualifier
        for slug, cell_data in category["cells"].items():
            cell = row.cells[slug]
            cell_data["evidence"] = cell.evidence
            cell_data["qualifier"] = cell.qualifier
            for provision, ref in zip(cell_data["provisions"], cell.provisions, strict=True):
                provision["evidence"] = ref.evidence
                provision["qualifier"] = ref.qualifier
    if comparison is not None:
        closing = {id(entry) for entry in comparison.closes}
        data["comparison_evidence"] = {
            entry.category.slug: {
                "before": entry.before,
                "before_evidence": entry.before_evidence,
                "level": entry.cell.level if entry.cell else None,
                "evidence": entry.cell.evidence if entry.cell else None,
                "qualifier": entry.cell.qualifier if entry.cell else "",
                "closes": id(entry) in closing,
            }
            for entry in [*comparison.closes, *comparison.stays_open]
        }
