"""The capability crosswalk page, /capabilities/, and its JSON and CSV."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from lib import formats
from provisions.models import Capability

from . import matrix_cache
from .crosswalk import Crosswalk, build_crosswalk
from .page_cache import data_version


def _errors(request: HttpRequest, known: set[str]) -> dict[str, list[str]]:
    errors = {}
    unknown = [slug for slug in request.GET.getlist("capability") if slug not in known]
    if unknown:
        choices = ", ".join(sorted(known))
        errors["capability"] = [f"Unknown capability {', '.join(unknown)}; choose from {choices}."]
    if formats.requested(request) is None:
        errors["format"] = [f"Choose one of {', '.join(formats.FORMATS)}."]
    return errors


def _json(crosswalk: Crosswalk, absolute) -> JsonResponse:
    data = {
        "capabilities": [{"slug": c.slug, "name": c.name} for c in crosswalk.capabilities],
        "chosen": crosswalk.chosen,
        "categories": [
            {
                "slug": row.category.slug,
                "name": row.category.name,
                "capabilities": row.capability_slugs,
                "instruments": [
                    {
                        "slug": touch.instrument.slug,
                        "short_name": touch.instrument.short_name,
                        "status": touch.instrument.status,
                        "level": touch.level,
                        "url": absolute(touch.url),
                    }
                    for touch in row.touches
                ],
            }
            for row in crosswalk.rows
        ],
    }
    return formats.json_response(data)


def _csv(crosswalk: Crosswalk) -> HttpResponse:
    header = ["category", "category_name", "capabilities", "instrument", "status", "level"]
    rows = []
    for row in crosswalk.rows:
        capabilities = "; ".join(row.capability_slugs)
        lines = [[t.instrument.slug, t.instrument.status, t.level] for t in row.touches]
        rows += [
            [row.category.slug, row.category.name, capabilities, *line]
            for line in lines or [["", "", ""]]
        ]
    return formats.csv_response("capabilities", header, rows)


@require_safe
def capabilities(request: HttpRequest) -> HttpResponse:
    """Capability types against threat categories, with the instruments that touch each
    category (five queries: the data version, the published instruments, then the crosswalk)."""
    token = data_version(request)
    catalogue = matrix_cache.get_catalogue(token)
    known = set(Capability.objects.values_list("slug", flat=True))
    errors = _errors(request, known)
    wanted = request.GET.get("format", "html")
    if errors:
        if wanted in ("json", "csv"):
            return JsonResponse({"errors": errors}, status=400)
        ctx = {"errors": errors, "crosswalk": build_crosswalk(catalogue, [])}
        return render(request, "gaps/capabilities.html", ctx, status=400)
    crosswalk = build_crosswalk(catalogue, request.GET.getlist("capability"))
    if wanted == "json":
        return _json(crosswalk, request.build_absolute_uri)
    if wanted == "csv":
        return _csv(crosswalk)
    query = request.GET.urlencode()
    ctx = {"crosswalk": crosswalk, "query": query}
    return render(request, "gaps/capabilities.html", ctx)
