"""If a draft entered into force: which gaps it would close; and how to cite a matrix view."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from instruments.models import Kind

from .evidence import EVIDENCE_LABELS, Evidence
from .matrix import (
    SCOPE_LABELS,
    CategoryInfo,
    Cell,
    InstrumentInfo,
    Matrix,
    Row,
    Scope,
    build_matrix,
)


@dataclass
class ComparedRow:
    category: CategoryInfo
    before: str | None  # strongest level in force
    cell: Cell | None  # the compared instrument's own coverage of the category
    row: Row  # the row with the instrument added, explaining what is still left open
    before_evidence: str | None = None  # the evidence behind `before`


@dataclass
class DraftComparison:
    instrument: InstrumentInfo
    closes: list[ComparedRow]
    stays_open: list[ComparedRow]

    @property
    def gaps_in_force(self) -> int:
        return len(self.closes) + len(self.stays_open)


def compare_with_draft(
    catalogue: list[InstrumentInfo], base: Matrix, instrument_slug: str
) -> DraftComparison:
    """Which gaps of `base` one more instrument would close, and which would stay open.

    "If the 2014 PPWT entered into force": the matrix of base's instruments plus that one
    (three queries at most).
    """
    instrument = next(item for item in catalogue if item.slug == instrument_slug)
    chosen = tuple(column.instrument.slug for column in base.columns)
    combined = build_matrix(
        catalogue,
        Scope.CUSTOM,
        tuple(sorted({*chosen, instrument_slug})),
        with_provisions=False,
        evidence=base.evidence,
    )
    closes, stays_open = [], []
    for before in base.gaps:
        after = combined.row(before.category.slug)
        assert after is not None  # both matrices list every category
        entry = ComparedRow(
            before.category,
            before.strongest,
            after.cells.get(instrument_slug),
            after,
            before_evidence=before.strongest_evidence,
        )
        (stays_open if after.gap else closes).append(entry)
    return DraftComparison(instrument, closes, stays_open)


def matrix_title(
    matrix: Matrix,
    comparison: DraftComparison | None = None,
    as_of: str | None = None,
    state_name: str | None = None,
) -> str:
    """What a matrix view shows, as a citation names it.

    `as_of` names the date of a dated view ("the law as of 11 January 2007").
    """
    if matrix.selection is not None:
        scope = f"selected instruments ({', '.join(matrix.selection)})"
    else:
        scope = SCOPE_LABELS[matrix.scope]
    compared = f", compared with {comparison.instrument.short_name}" if comparison else ""
    if as_of:
        compared += f", the law as of {as_of}"
    if state_name:
        scope = f"{scope} binding {state_name}"
    if matrix.evidence != Evidence.DEFAULT:
        compared += f", evidence: {EVIDENCE_LABELS[matrix.evidence]}"
    return f"Space Security Treaty Gaps, coverage matrix, scope: {scope}{compared}"


def citation(
    matrix: Matrix,
    release_label: str,
    url: str,
    comparison: DraftComparison | None = None,
    as_of: str | None = None,
    state_name: str | None = None,
    *,
    accessed: datetime.date | None = None,
    warning: str = "",
) -> str:
    """How to cite the view being shown, e.g. in a delegation's working paper: what it
    shows, the data (`release_label`), its address, the access date and, when some levels
    rest on text not checked against an official source, the warning saying so."""
    text = f"{matrix_title(matrix, comparison, as_of, state_name)}, {release_label}, {url}"
    if accessed is not None:
        text += f", accessed {accessed.isoformat()}"
    return f"{text}. {warning}" if warning else text


def newest_draft_treaty(comparable: list[InstrumentInfo]) -> InstrumentInfo | None:
    """The comparison the page offers first: the most recently tabled draft treaty that no
    other supersedes, or else the most recent instrument that can be compared (None when
    there is none). Undated ones come last; among equals, list order decides."""
    replaced = {item.supersedes_id for item in comparable}
    current = [item for item in comparable if item.pk not in replaced] or comparable
    drafts = [item for item in current if item.kind == Kind.DRAFT_TREATY] or current
    if not drafts:
        return None
    return max(drafts, key=lambda item: item.introduced_on or datetime.date.min)
