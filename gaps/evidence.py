"""Evidence in every cell: how solid the text behind an assessment is.

Each assessment inherits the provenance of its provision: official (verbatim, checked),
unverified (verbatim, not checked) or summary (reported, not read). A cell shows the best
evidence among the provisions that give it its level; the evidence filter lets only
assessments of some provenances count at all ("which gaps would the draft close on the
strength of text we have actually read?").
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import Value

from provisions.models import (
    EVIDENCE_FOR_RANK,
    EVIDENCE_RANK,
    Coverage,
    Provenance,
    evidence_rank,
    level_rank,
)


class Evidence:
    """Which assessments count, by the provenance of their provision's text."""

    ALL = "all"
    VERBATIM = "verbatim"  # official and unverified verbatim text; no summaries
    OFFICIAL = "official"  # only verbatim text checked against an official source
    DEFAULT = ALL


EVIDENCE_PROVENANCES: dict[str, tuple[str, ...] | None] = {
    Evidence.ALL: None,
    Evidence.VERBATIM: (Provenance.OFFICIAL, Provenance.UNVERIFIED),
    Evidence.OFFICIAL: (Provenance.OFFICIAL,),
}
EVIDENCE_LABELS = {
    Evidence.ALL: "all evidence, including summaries",
    Evidence.VERBATIM: "verbatim text only (official or unverified transcription)",
    Evidence.OFFICIAL: "only verbatim text checked against an official source",
}
# Short, for the form's options on a narrow screen; EVIDENCE_LABELS say it in full.
EVIDENCE_CHOICES = [
    (Evidence.ALL, "All, summaries too"),
    (Evidence.VERBATIM, "Verbatim text only"),
    (Evidence.OFFICIAL, "Official text only"),
]
# Strongest first, as the API lists them.
EVIDENCE_LEVELS: list[str] = sorted(EVIDENCE_RANK, key=EVIDENCE_RANK.get, reverse=True)
# A cell's strength: its level and, among the provisions at that level, the best evidence,
# in one number the database can take the MAX() of.
STRENGTH_BASE = 10


def counted_coverages(evidence: str = Evidence.DEFAULT):
    """The assessments the evidence filter lets count."""
    provenances = EVIDENCE_PROVENANCES[evidence]
    coverages = Coverage.objects.all()
    if provenances is not None:
        coverages = coverages.filter(provision__provenance__in=provenances)
    return coverages


def strength():
    """A cell's level and the best evidence at that level, as one number (see STRENGTH_BASE)."""
    return level_rank() * Value(STRENGTH_BASE) + evidence_rank()


def strongest_evidence(cells: Iterable[Any], strongest: str | None) -> dict[str, Any]:
    """The best evidence among the counting cells at the row's strongest level, and their
    qualifier if every one of them is qualified."""
    if strongest is None:
        return {}
    top = [cell for cell in cells if cell.counts and cell.level == strongest]
    best = max((EVIDENCE_RANK.get(cell.evidence, 0) for cell in top), default=0)
    qualifiers = [cell.qualifier for cell in top]
    return {
        "strongest_evidence": EVIDENCE_FOR_RANK.get(best),
        "strongest_qualifier": "; ".join(dict.fromkeys(qualifiers)) if all(qualifiers) else "",
    }


def cell_qualifier(rank: int, unqualified: int, qualified_top: str | None) -> str:
    """The qualifier of a cell whose level only qualified provisions give, else ""."""
    if not qualified_top or unqualified >= rank:
        return ""
    strength, _, qualifier = qualified_top.partition("|")
    return qualifier if int(strength) // STRENGTH_BASE == rank else ""


def cell_summary(coverages: list[Any]) -> dict[str, Any] | None:
    """What the cell page says of its level: the provisions that give it, the best evidence
    among them, how many of each provenance, and the qualifier if every one is qualified.

    `coverages` are one cell's assessments, strongest first (`strongest_first()`), with their
    provisions loaded.
    """
    if not coverages:
        return None
    level = coverages[0].level
    top = [coverage for coverage in coverages if coverage.level == level]
    provenances = [coverage.provision.provenance for coverage in top]
    best = max(provenances, key=lambda value: EVIDENCE_RANK.get(value, 0))
    qualifiers = [coverage.qualifier for coverage in top]
    return {
        "level": level,
        "evidence": best,
        "qualifier": "; ".join(dict.fromkeys(qualifiers)) if all(qualifiers) else "",
        "giving": len(top),
        "by_evidence": [
            (value, provenances.count(value))
            for value in sorted(set(provenances), key=lambda v: -EVIDENCE_RANK.get(v, 0))
        ],
    }
