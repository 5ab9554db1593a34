"""The matrix as JSON and CSV, with the same parameters as the page."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.http import require_safe

from lib import csv_export

from . import dated, for_state, matrix_cache, verdicts
from .citations import release_label
from .dated import DatedCatalogue
from .draft_comparison import DraftComparison
from .evidence_api import EVIDENCE_CSV_COLUMNS, add_evidence, evidence_columns
from .forms import MatrixForm
from .matrix import LEVELS, Matrix
from .models import Release
from .page_cache import data_version
from .verdicts import Contested


def _validated(request: HttpRequest) -> tuple[str, Any, Any, Any] | JsonResponse:
    """The data version, catalogue, validated query and dated catalogue (with `as_of`), or a
    400 naming each bad parameter. With `as_of` the catalogue is that date's."""
    token = data_version(request)
    catalogue = matrix_cache.get_catalogue(token)
    form = MatrixForm.from_request(request, catalogue)
    if not form.is_valid():
        return JsonResponse({"errors": form.error_dict()}, status=400)
    query = form.query()
    if query.as_of is None:
        return token, catalogue, query, None
    dated_view = matrix_cache.get_dated_catalogue(token, catalogue, query.as_of)
    if error := dated.compare_error(dated_view, query.compare):
        return JsonResponse({"errors": {"compare": [error]}}, status=400)
    return token, dated_view.instruments, query, dated_view


def matrix_data(
    shown: Matrix,
    release: Release | None,
    absolute: Callable[[str], str],
    comparison: DraftComparison | None = None,
    contested: Contested | None = None,
    dated_view: DatedCatalogue | None = None,
) -> dict[str, Any]:
    """The JSON document for a matrix; `absolute` turns a path into a full URL."""
    contested = contested or Contested()
    data: dict[str, Any] = {
        "scope": shown.scope,
        "as_of": dated_view.as_of.isoformat() if dated_view else None,
        "excluded": [
            {"slug": item.instrument.slug, "reason": item.reason} for item in dated_view.excluded
        ]
        if dated_view
        else [],
        "selection": list(shown.selection) if shown.selection is not None else None,
        "corpus_version": release.version if release else None,
        "corpus_date": release.date.isoformat() if release else None,
        # "corpus release 2026.11.0 (22 November 2026) with edits to 2026-12-03", as cited.
        "corpus_citation": release_label(release),
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
                "gap_kind": row.gap_kind,
                "contested_by": contested.row(row.category.slug),
                "cells": {
                    slug: {
                        "level": cell.level,
                        "count": cell.count,
                        "counts": cell.counts,
                        "url": absolute(cell.url),
                        "contested_by": contested.cell(row.category.slug, slug),
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
    token, catalogue, query, dated_view = validated
    catalogue, restriction = matrix_cache.get_state_catalogue(
        token, catalogue, query.state, query.as_of
    )
    shown, comparison = matrix_cache.get_view(
        token,
        catalogue,
        query.scope,
        query.selection,
        query.compare,
        with_provisions=True,
        as_of=query.as_of,
        state=query.state,
        evidence=query.evidence,
    )
    data = matrix_data(
        shown,
        Release.objects.current(),
        request.build_absolute_uri,
        comparison,
        verdicts.get_contested(token),
        dated_view,
    )
    if restriction is not None:
        data["state"] = state_data(restriction, request.build_absolute_uri)
    return JsonResponse(data, json_dumps_params={"ensure_ascii": False})


def state_data(restriction: for_state.Restriction, absolute: Callable[[str], str]) -> dict:
    """For `?state=`: the State, the caveat, and each instrument in force set aside and why."""
    return {
        "code": restriction.state.code,
        "name": restriction.state.name,
        "url": absolute(restriction.state.url),
        "on": restriction.on.isoformat(),
        "caveat": for_state.CAVEAT,
        "excluded": [
            {
                "instrument": item.instrument.slug,
                "standing": item.standing,
                "reason": item.label,
                "since": item.since.isoformat() if item.since else None,
                "list_as_of": (
                    item.participant_list.as_of.isoformat()
                    if item.participant_list and item.participant_list.as_of
                    else None
                ),
            }
            for item in restriction.excluded
        ],
    }


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
    "contested_by",
    "category_contested_by",
    *EVIDENCE_CSV_COLUMNS,
    # Appended last so that readers of the columns before it are unaffected.
    "category_gap_kind",
    # With `compare=`: the draft, its level on a category that is a gap in scope, and
    # whether adding it would close that gap ("" on categories that are not gaps).
    "compared_instrument",
    "compared_level",
    "gap_closed_by_compared",
    # With `state=`: that State's standing towards the row's instrument when it is in force
    # (the JSON's `state.excluded`). Each instrument in force set aside for the State has a
    # row of its own with an empty `category` and the reason in `state_reason`.
    "state",
    "state_standing",
    "state_reason",
    "state_since",
    "state_list_as_of",
]


def _standing_columns(item: for_state.InstrumentStanding) -> list[str]:
    listed = item.participant_list
    return [
        item.standing,
        item.label,
        item.since.isoformat() if item.since else "",
        listed.as_of.isoformat() if listed and listed.as_of else "",
    ]


def _set_aside_rows(restriction: for_state.Restriction) -> list[list[Any]]:
    """A row per instrument in force that does not bind the State: the instrument and the
    State's columns, every other column blank, so that the table stays rectangular."""
    state_columns = ["state_standing", "state_reason", "state_since", "state_list_as_of"]
    rows = []
    for item in restriction.excluded:
        values = {
            "instrument": item.instrument.slug,
            "instrument_short_name": item.instrument.short_name,
            "instrument_status": item.instrument.status,
            "state": restriction.state.code,
            **dict(zip(state_columns, _standing_columns(item), strict=True)),
        }
        rows.append([values.get(column, "") for column in CSV_HEADER])
    return rows


def _comparison_columns(comparison: DraftComparison | None) -> dict[str, list[str]]:
    """For each category, the three comparison columns of its rows."""
    if comparison is None:
        return {}
    found = {}
    for closes, entries in ((True, comparison.closes), (False, comparison.stays_open)):
        for entry in entries:
            level = entry.cell.level if entry.cell else ""
            found[entry.category.slug] = [
                comparison.instrument.slug,
                level,
                "yes" if closes else "no",
            ]
    return found


@require_safe
def matrix_csv(request: HttpRequest) -> HttpResponse:
    """GET /api/matrix.csv: one row per category and instrument in scope."""
    validated = _validated(request)
    if isinstance(validated, JsonResponse):
        return validated
    token, catalogue, query, _dated_view = validated
    catalogue, restriction = matrix_cache.get_state_catalogue(
        token, catalogue, query.state, query.as_of
    )
    shown, comparison = matrix_cache.get_view(
        token,
        catalogue,
        query.scope,
        query.selection,
        query.compare,
        with_provisions=True,
        as_of=query.as_of,
        state=query.state,
        evidence=query.evidence,
    )
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    name = f"matrix-{shown.scope}" + (f"-{query.state}" if query.state else "")
    name += f"-as-of-{query.as_of.isoformat()}" if query.as_of else ""
    name += f"-with-{query.compare}" if query.compare else ""
    response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    writer = csv_export.writer(response)
    writer.writerow(CSV_HEADER)
    contested = verdicts.get_contested(token)
    compared = _comparison_columns(comparison)
    no_comparison = [comparison.instrument.slug, "", ""] if comparison else ["", "", ""]
    standings = (
        {item.instrument.slug: item for item in restriction.standings} if restriction else {}
    )
    no_state = ["", "", "", ""]
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
                    "; ".join(contested.cell(row.category.slug, column.instrument.slug)),
                    "; ".join(contested.row(row.category.slug)),
                    *evidence_columns(row, cell, shown.evidence),
                    row.gap_kind or "",
                    *compared.get(row.category.slug, no_comparison),
                    restriction.state.code if restriction else "",
                    *(
                        _standing_columns(standings[column.instrument.slug])
                        if column.instrument.slug in standings
                        else no_state
                    ),
                ]
            )
    if restriction is not None:
        for line in _set_aside_rows(restriction):
            writer.writerow(line)
    return response
