"""The answer above the matrix: how many threats a view leaves without a prohibition, and which.

Everything is read from the `Matrix` (and the `DraftComparison`) the page shows, so the
sentence can never disagree with the table under it; no query is made here.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from .dated import long_date
from .draft_comparison import DraftComparison
from .evidence import EVIDENCE_LABELS, Evidence
from .matrix import GapKind, Matrix, Row, Scope

# What each scope counts, as the subject of the sentence: (words, whether plural).
SUBJECTS = {
    Scope.IN_FORCE: ("binding law in force", False),
    Scope.DRAFTS: (
        "binding law in force together with the signed treaties, drafts and proposals",
        False,
    ),
    Scope.ALL: ("every instrument, binding or not,", False),
}


@dataclass(frozen=True)
class GapLink:
    """A gap named in the answer, linked to its explanation on the same page."""

    slug: str
    name: str
    url: str
    kind: str


@dataclass(frozen=True)
class ComparisonAnswer:
    """What a compared draft would do to the gaps of the law in force."""

    instrument_name: str
    gaps_in_force: int
    closes: list[GapLink]
    stays_open: int
    same_base: bool  # the gaps compared are those of the matrix shown


@dataclass(frozen=True)
class Answer:
    opening: str  # "For China, as of 11 January 2007, binding law in force"
    plural: bool
    total: int
    gaps: list[GapLink]
    tells_guidance_apart: bool
    evidence: str  # what counts, when not all evidence does
    comparison: ComparisonAnswer | None = None

    @property
    def verb(self) -> str:
        return "leave" if self.plural else "leaves"

    @property
    def prohibit_verb(self) -> str:
        return "prohibit" if self.plural else "prohibits"

    @property
    def with_guidance(self) -> list[GapLink]:
        return [gap for gap in self.gaps if gap.kind == GapKind.GUIDANCE]

    @property
    def without_guidance(self) -> list[GapLink]:
        return [gap for gap in self.gaps if gap.kind == GapKind.NO_GUIDANCE]


def _link(row: Row) -> GapLink:
    return GapLink(
        row.category.slug, row.category.name, f"#why-{row.category.slug}", row.gap_kind or ""
    )


def _subject(matrix: Matrix) -> tuple[str, bool]:
    if matrix.selection is None:
        return SUBJECTS[matrix.scope]
    names = ", ".join(column.instrument.short_name for column in matrix.columns)
    count = len(matrix.columns)
    noun = "instrument" if count == 1 else "instruments"
    return f"the {count} chosen {noun} ({names})", count != 1


def answer_for(
    matrix: Matrix,
    comparison: DraftComparison | None = None,
    *,
    as_of: datetime.date | None = None,
    state_name: str | None = None,
) -> Answer:
    """The answer for the view shown: its subject, its gaps and what a draft would change."""
    subject, plural = _subject(matrix)
    lead = []
    if state_name:
        lead.append(f"for {state_name}")
    if as_of:
        lead.append(f"as of {long_date(as_of)}")
    opening = ", ".join([*lead, subject])
    gaps = [_link(row) for row in matrix.gaps]
    compared = None
    if comparison is not None:
        shown = {gap.slug for gap in gaps}
        compared = ComparisonAnswer(
            instrument_name=comparison.instrument.short_name,
            gaps_in_force=comparison.gaps_in_force,
            closes=[
                GapLink(
                    entry.category.slug,
                    entry.category.name,
                    f"#why-{entry.category.slug}"
                    if entry.category.slug in shown
                    else entry.category.url,
                    "",
                )
                for entry in comparison.closes
            ],
            stays_open=len(comparison.stays_open),
            same_base=matrix.scope == Scope.IN_FORCE,
        )
    return Answer(
        opening=opening[:1].upper() + opening[1:],
        plural=plural,
        total=len(matrix.rows),
        gaps=gaps,
        tells_guidance_apart=matrix.tells_guidance_apart,
        evidence=EVIDENCE_LABELS[matrix.evidence] if matrix.evidence != Evidence.DEFAULT else "",
        comparison=compared,
    )
