"""The matrix as JSON and CSV, with the same parameters as the page."""

from __future__ import annotations

import csv
from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.http import require_safe

from . import matrix_cache
from .evidence_api import EVIDENCE_CSV_COLUMNS, add_evidence, evidence_columns
from .forms import MatrixForm
from .matrix import LEVELS, DraftComparison, Matrix
from .models import Release
from .page_cache import data_version


def _validated(request: HttpRequest) -> tuple[str, Any, Any] | JsonResponse:
    """The data version, catalogue and validated query, or a 400 naming each bad parameter."""
    token = data_version(request)
    catalogue = matrix_cache.get_catalogue(token)
    form = MatrixForm.from_request(request, catalogue)
    if not form.is_valid():
        return JsonResponse({"errors": form.error_dict()}, status=400)
    return token, catalogue, form.query()


def matrix_data(
    shown: Matrix,
    release: Release | None,
    absolute: Callable[[str], str],
    comparison: DraftComparison | None = None,
) -> dict[str, Any]:
    """The JSON document for a matrix; `absolute` turns a path into a full URL."""
    data: dict[str, Any] = {
        "scope": shown.scope,
        "selection": list(shown.selection) if shown.selection is not None else None,
        "corpus_version": release.version if release else None,
        "corpus_date": release.date.isoformat() if release else None,
        "levels": LEVELS,
        "instruments": [
            {
                "slug": column.instrument.slug,
                "short_name": column.instrument.short_name,
                "status": column.instrument.status,
                "binding": column.instrument.binding,
                "url": absolute(column.instrument.url),
                "counts": column.counts,
                "superseded_by": column.superseded_by.slug if column.superseded_by else None,
            }
            for column in shown.columns
        ],
        "categories": [
            {
                "slug": row.category.slug,
                "name": row.category.name,
                "url": absolute(row.category.url),
                "strongest": row.strongest,
                "gap": row.gap,
                "cells": {
                    slug: {
                        "level": cell.level,
                        "count": cell.count,
                        "counts": cell.counts,
                        "url": absolute(cell.url),
                        "provisions": [
                            {
                                "slug": provision.slug,
                                "label": provision.label,
                                "level": provision.level,
                                "url": absolute(provision.url),
                            }
                            for provision in cell.provisions
                        ],
                    }
                    for slug, cell in row.cells.items()
                },
            }
            for row in shown.rows
        ],
    }
    add_evidence(data, shown, comparison)
    if comparison is not None:
        data["comparison"] = {
            "instrument": comparison.instrument.slug,
            "closes": [entry.category.slug for entry in comparison.closes],
            "stays_open": [entry.category.slug for entry in comparison.stays_open],
        }
    return data


@require_safe
def matrix_json(request: HttpRequest) -> HttpResponse:
    """GET /api/matrix.json: three queries when cached, four more per matrix computed."""
    validated = _validated(request)
    if isinstance(validated, JsonResponse):
        return validated
    token, catalogue, query = validated
    shown, comparison = matrix_cache.get_view(
        token,
        catalogue,
        query.scope,
        query.selection,
        query.compare,
        with_provisions=True,
        evidence=query.evidence,
    )
    data = matrix_data(shown, Release.objects.current(), request.build_absolute_uri, comparison)
    return JsonResponse(data, json_dumps_params={"ensure_ascii": False})


CSV_HEADER = [
    "category",
    "category_name",
    "instrument",
    "instrument_short_name",
    "instrument_status",
    "level",
    "provision_count",
    "provisions",
    "counts",
    "category_strongest",
    "category_gap",
    *EVIDENCE_CSV_COLUMNS,
]


@require_safe
def matrix_csv(request: HttpRequest) -> HttpResponse:
    """GET /api/matrix.csv: one row per category and instrument in scope."""
    validated = _validated(request)
    if isinstance(validated, JsonResponse):
        return validated
    token, catalogue, query = validated
    shown = matrix_cache.get_matrix(
        token,
        catalogue,
        query.scope,
        query.selection,
        with_provisions=True,
        evidence=query.evidence,
    )
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="matrix-{shown.scope}.csv"'
    writer = csv.writer(response)
    writer.writerow(CSV_HEADER)
    for row in shown.rows:
        for column, cell in zip(shown.columns, row.line, strict=True):
            writer.writerow(
                [
                    row.category.slug,
                    row.category.name,
                    column.instrument.slug,
                    column.instrument.short_name,
                    column.instrument.status,
                    cell.level if cell else "",
                    cell.count if cell else 0,
                    "; ".join(provision.label for provision in cell.provisions) if cell else "",
                    "yes" if column.counts else "no",
                    row.strongest or "",
                    "yes" if row.gap else "no",
                    *evidence_columns(row, cell, shown.evidence),
                ]
            )
    return response
