"""Pages about States: the list, one State (what binds it, what gaps remain), a comparison.

Every page issues a constant number of queries: standings come from
`for_state.restrictions` (four queries for any number of States) and matrices from the
matrix cache.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from lib import csv_export
from states.models import MAJOR_SPACE_POWERS, Participation, State

from . import for_state, matrix_cache
from .matrix import Matrix, Scope
from .page_cache import data_version

CODES = re.compile(r"^[A-Za-z]{2}(,[A-Za-z]{2})*$")
COMPARED = (2, 3)


def _state_rows():
    """Every State with the number of instruments in force binding it today (two queries)."""
    bound = dict(
        Participation.objects.binding()
        .values("state_id")
        .annotate(count=Count("instrument", distinct=True))
        .values_list("state_id", "count")
        .order_by()
    )
    recorded = dict(
        State.objects.annotate(n=Count("participations")).values_list("pk", "n").order_by()
    )
    return [
        (state, bound.get(state.pk, 0), recorded.get(state.pk, 0)) for state in State.objects.all()
    ]


@require_safe
def state_list(request: HttpRequest) -> HttpResponse:
    """Every State, the instruments in force that bind it, and its records (three queries)."""
    ctx = {"rows": _state_rows(), "powers": MAJOR_SPACE_POWERS}
    return render(request, "gaps/state_list.html", ctx)


@require_safe
def state_list_json(request: HttpRequest) -> HttpResponse:
    data = [
        {
            "code": state.code,
            "name": state.name,
            "kind": state.kind,
            "url": request.build_absolute_uri(state.get_absolute_url()),
            "instruments_binding": bound,
            "records": records,
        }
        for state, bound, records in _state_rows()
    ]
    return JsonResponse(
        {"states": data, "caveat": for_state.CAVEAT}, json_dumps_params={"ensure_ascii": False}
    )


@require_safe
def state_list_csv(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="states.csv"'
    writer = csv_export.writer(response)
    writer.writerow(["code", "name", "kind", "instruments_binding", "records"])
    for state, bound, records in _state_rows():
        writer.writerow([state.code, state.name, state.kind, bound, records])
    return response


@dataclass
class StatePage:
    restriction: for_state.Restriction
    matrix: Matrix


def _state_page(request: HttpRequest, code: str) -> StatePage:
    token = data_version(request)
    catalogue = matrix_cache.get_catalogue(token)
    restriction = matrix_cache.get_restriction(token, catalogue, code)
    if restriction is None:
        raise Http404("No State has that code.")
    shown = matrix_cache.get_matrix(
        token, restriction.catalogue(catalogue), Scope.IN_FORCE, state=restriction.state.code
    )
    return StatePage(restriction, shown)


@require_safe
def state_detail(request: HttpRequest, code: str) -> HttpResponse:
    """One State: its standing and records per instrument, and the gaps left for it.

    Queries: the data version, the State's records; on a cache miss the catalogue, the
    four of its restriction and three for its matrix.
    """
    if code != code.upper():
        raise Http404("State codes are in capitals.")
    page = _state_page(request, code)
    records = (
        Participation.objects.filter(state__code=code)
        .select_related("instrument")
        .order_by("instrument__position", "instrument__slug", "date", "pk")
    )
    by_instrument: dict[int, list[Participation]] = {}
    for record in records:
        by_instrument.setdefault(record.instrument_id, []).append(record)
    standings = [
        (item, by_instrument.pop(item.instrument.pk, [])) for item in page.restriction.standings
    ]
    # Records of instruments not in force or unpublished (none shipped, but an admin may add).
    others = [record for group in by_instrument.values() for record in group]
    ctx = {
        "state": page.restriction.state,
        "restriction": page.restriction,
        "standings": standings,
        "others": others,
        "matrix": page.matrix,
        "caveat": for_state.CAVEAT,
        "major": page.restriction.state.code in MAJOR_SPACE_POWERS,
    }
    return render(request, "gaps/state_detail.html", ctx)


@require_safe
def state_json(request: HttpRequest, code: str) -> HttpResponse:
    """One State's standing per instrument in force, its records and its gaps."""
    if code != code.upper():
        raise Http404("State codes are in capitals.")
    page = _state_page(request, code)
    records = Participation.objects.filter(state__code=code).select_related("instrument")
    data = {
        "code": page.restriction.state.code,
        "name": page.restriction.state.name,
        "on": page.restriction.on.isoformat(),
        "caveat": for_state.CAVEAT,
        "standings": [
            {
                "instrument": item.instrument.slug,
                "standing": item.standing,
                "label": item.label,
                "since": item.since.isoformat() if item.since else None,
            }
            for item in page.restriction.standings
        ],
        "records": [
            {
                "instrument": record.instrument.slug,
                "action": record.action,
                "date": record.date.isoformat(),
                "effective_date": record.effective_date.isoformat()
                if record.effective_date
                else None,
                "reservations": record.reservations,
                "source": record.source,
                "provenance": record.provenance,
                "note": record.note,
            }
            for record in records
        ],
        "gaps": [row.category.slug for row in page.matrix.gaps],
    }
    return JsonResponse(data, json_dumps_params={"ensure_ascii": False})


def _compared_codes(request: HttpRequest) -> tuple[list[str] | None, str]:
    values = request.GET.getlist("states")
    raw = ",".join(value.strip() for value in values if value.strip())
    if not raw:
        return None, "Give two or three State codes, e.g. ?states=US,CN,RU."
    if len(raw) > 20 or not CODES.match(raw):
        return None, "Give two or three ISO 3166 alpha-2 codes separated by commas, e.g. US,CN."
    codes = list(dict.fromkeys(code.upper() for code in raw.split(",")))
    if len(codes) not in COMPARED:
        return None, f"Compare two or three different States, not {len(codes)}."
    return codes, ""


@require_safe
def state_compare(request: HttpRequest) -> HttpResponse:
    """Two or three States side by side: which instruments bind each, where gaps differ.

    Queries: the data version; on a cache miss the States, the catalogue, four for the
    standings and three per State's matrix (at most three States).
    """
    codes, error = _compared_codes(request)
    states = matrix_cache.get_states(data_version(request))
    if codes is None:
        ctx = {"error": error, "states": states}
        return render(request, "gaps/state_compare.html", ctx, status=400)
    token = data_version(request)
    catalogue = matrix_cache.get_catalogue(token)
    restrictions = matrix_cache.get_restrictions(token, catalogue, codes)
    found = {item.state.code for item in restrictions}
    unknown = [code for code in codes if code not in found]
    if unknown:
        ctx = {"error": f"Unknown State: {', '.join(unknown)}.", "states": states}
        return render(request, "gaps/state_compare.html", ctx, status=400)
    matrices = [
        matrix_cache.get_matrix(
            token, item.catalogue(catalogue), Scope.IN_FORCE, state=item.state.code
        )
        for item in restrictions
    ]
    instruments = [
        (standing.instrument, [item.standings[index] for item in restrictions])
        for index, standing in enumerate(restrictions[0].standings)
    ]
    categories = []
    for row in matrices[0].rows:
        rows = [shown.row(row.category.slug) for shown in matrices]
        gaps = {r.gap for r in rows if r is not None}
        categories.append((row.category, rows, len(gaps) > 1))
    ctx = {
        "restrictions": restrictions,
        "instruments": instruments,
        "categories": categories,
        "codes": ",".join(codes),
        "caveat": for_state.CAVEAT,
        "states": states,
    }
    return render(request, "gaps/state_compare.html", ctx)
