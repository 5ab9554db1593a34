"""`?format=json|csv` on a page: which format was asked for, the 400 for one that is not
offered, the two responses, and the page's links to its own exports (its filters kept)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse

from . import csv_export

FORMATS = ("html", "json", "csv")


def requested(request: HttpRequest) -> str | None:
    """The format asked for ("html" when none is), or None when it names none of FORMATS."""
    chosen = request.GET.get("format", "") or "html"
    return chosen if chosen in FORMATS else None


def bad_format() -> JsonResponse:
    message = f"Use format={' or format='.join(FORMATS[1:])}, or leave it out for the page."
    return JsonResponse({"errors": {"format": [message]}}, status=400)


def json_response(data: Any, status: int = 200) -> JsonResponse:
    """UTF-8 JSON, with non-ASCII text as it is; `data` may be a list."""
    return JsonResponse(data, status=status, safe=False, json_dumps_params={"ensure_ascii": False})


def csv_response(name: str, header: list[str], rows: Iterable[list[Any]]) -> HttpResponse:
    """A CSV attachment `<name>.csv`, written with the formula-safe writer."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    writer = csv_export.writer(response)
    writer.writerow(header)
    for row in rows:
        writer.writerow(row)
    return response


def links(request: HttpRequest) -> dict[str, str]:
    """This page's address in each export format, with the parameters it was given."""
    query = request.GET.copy()
    query.pop("format", None)
    found = {}
    for name in FORMATS[1:]:
        query["format"] = name
        found[name] = f"{request.path}?{query.urlencode()}"
    return found
