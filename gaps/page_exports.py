"""The gaps, category and cell pages as JSON and CSV (`?format=json|csv`): what each page
shows, as data. Every assessment is written the same way on all three."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.http import HttpResponse
from django.urls import reverse

from lib import formats

from .matrix import Matrix, Row

Absolute = Callable[[str], str]

ASSESSMENT_COLUMNS = [
    "instrument",
    "instrument_short_name",
    "instrument_status",
    "provision",
    "provision_label",
    "level",
    "qualifier",
    "provenance",
    "rationale",
    "url",
]


def assessment_data(coverage: Any, absolute: Absolute) -> dict[str, Any]:
    """One coverage assessment with its provision and instrument (loaded with it)."""
    provision = coverage.provision
    instrument = provision.instrument
    return {
        "instrument": instrument.slug,
        "instrument_short_name": instrument.short_name,
        "instrument_status": instrument.status,
        "provision": provision.slug,
        "provision_label": provision.label,
        "level": coverage.level,
        "qualifier": coverage.qualifier,
        "provenance": provision.provenance,
        "rationale": coverage.rationale,
        "url": absolute(provision.get_absolute_url()),
    }


def _assessment_rows(coverages: Iterable[Any], absolute: Absolute) -> list[list[Any]]:
    return [list(assessment_data(c, absolute).values()) for c in coverages]


def _row_summary(row: Row | None) -> dict[str, Any]:
    if row is None:
        return {"strongest": None, "strongest_evidence": None, "gap": True, "gap_kind": None}
    return {
        "strongest": row.strongest,
        "strongest_evidence": row.strongest_evidence,
        "gap": row.gap,
        "gap_kind": row.gap_kind,
    }


def _closest(row: Row, absolute: Absolute) -> list[dict[str, Any]]:
    return [
        {
            "instrument": item.instrument,
            "instrument_name": item.instrument_name,
            "provision_label": item.provision_label,
            "level": item.level,
            "evidence": item.evidence,
            "qualifier": item.qualifier,
            "rationale": item.rationale,
            "url": absolute(item.provision_url),
            "cell_url": absolute(item.cell_url),
        }
        for item in row.closest
    ]


def gap_list_data(
    scopes: list[tuple[str, Matrix, str]], citation: str, evidence: str, absolute: Absolute
) -> dict[str, Any]:
    return {
        "corpus_citation": citation,
        "evidence": evidence,
        "scopes": [
            {
                "scope": scope,
                "label": shown.scope_label,
                "matrix_url": absolute(path),
                "category_count": len(shown.rows),
                "gap_count": len(shown.gaps),
                "gaps": [
                    {
                        "category": row.category.slug,
                        "name": row.category.name,
                        "url": absolute(row.category.url),
                        **_row_summary(row),
                        "closest": _closest(row, absolute),
                        "closest_total": row.closest_total,
                    }
                    for row in shown.gaps
                ],
            }
            for scope, shown, path in scopes
        ],
    }


GAP_LIST_COLUMNS = [
    "scope",
    "category",
    "category_name",
    "gap_kind",
    "strongest",
    "strongest_evidence",
    "closest_instrument",
    "closest_provision",
    "closest_level",
    "closest_evidence",
    "closest_rationale",
]


def gap_list_csv(scopes: list[tuple[str, Matrix, str]]) -> HttpResponse:
    """One row per gap and provision that comes closest (one row with none when none does)."""
    rows = []
    for scope, shown, _ in scopes:
        for row in shown.gaps:
            start = [scope, row.category.slug, row.category.name, row.gap_kind or ""]
            start += [row.strongest or "", row.strongest_evidence or ""]
            closest = [
                [c.instrument, c.provision_label, c.level, c.evidence, c.rationale]
                for c in row.closest
            ]
            rows += [start + line for line in closest or [[""] * 5]]
    return formats.csv_response("gaps", GAP_LIST_COLUMNS, rows)


def category_data(
    category: Any,
    by_scope: list[tuple[str, str, Row | None]],
    coverages: list[Any],
    silent: list[Any],
    events: Iterable[Any],
    absolute: Absolute,
) -> dict[str, Any]:
    return {
        "slug": category.slug,
        "name": category.name,
        "definition": category.definition,
        "url": absolute(category.get_absolute_url()),
        "scopes": [
            {"scope": scope, "label": label, **_row_summary(row)} for scope, label, row in by_scope
        ],
        "assessments": [assessment_data(coverage, absolute) for coverage in coverages],
        "instruments_silent": [item.slug for item in silent],
        "events": [
            {
                "slug": event.slug,
                "title": event.title,
                "date": event.date.isoformat(),
                "url": absolute(event.get_absolute_url()),
            }
            for event in events
        ],
    }


def assessments_csv(name: str, coverages: Iterable[Any], absolute: Absolute) -> HttpResponse:
    return formats.csv_response(name, ASSESSMENT_COLUMNS, _assessment_rows(coverages, absolute))


def cell_data(
    category: Any,
    instrument: Any,
    coverages: list[Any],
    summary: dict[str, Any] | None,
    absolute: Absolute,
) -> dict[str, Any]:
    return {
        "category": category.slug,
        "category_name": category.name,
        "instrument": instrument.slug,
        "instrument_short_name": instrument.short_name,
        "instrument_status": instrument.status,
        "url": absolute(reverse("gaps:cell", args=[category.slug, instrument.slug])),
        "strongest": summary["level"] if summary else None,
        "strongest_evidence": summary["evidence"] if summary else None,
        "assessments": [assessment_data(coverage, absolute) for coverage in coverages],
    }
