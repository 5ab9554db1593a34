"""Events and the law as it stood on their dates: the list, its JSON and CSV, an event page."""

from __future__ import annotations

import csv
import datetime
from dataclasses import dataclass
from typing import Any

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from events.filters import EventFilter
from events.models import Event

from . import dated, matrix_cache
from .matrix import Cell, Column, Row, Scope
from .page_cache import data_version

PAGE_SIZE = 50
CSV_HEADER = ["slug", "date", "date_precision", "end_date", "title", "actors", "categories", "url"]


def _filtered(request: HttpRequest) -> EventFilter:
    return EventFilter(request.GET, queryset=Event.objects.listed())


def _errors(filterset: EventFilter) -> dict[str, list[str]]:
    return {name: list(messages) for name, messages in filterset.form.errors.items()}


@require_safe
def event_list(request: HttpRequest) -> HttpResponse:
    """Every published event, filtered, fifty a page (six queries: the count, the page, its
    actors and categories, and the choices of the category and actor filters)."""
    filterset = _filtered(request)
    if not filterset.is_valid():
        ctx = {"filterset": filterset, "errors": _errors(filterset), "page": None}
        return render(request, "gaps/event_list.html", ctx, status=400)
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    ctx = {"filterset": filterset, "page": page, "querystring": query.urlencode()}
    return render(request, "gaps/event_list.html", ctx)


def _row(event: Event, absolute) -> dict[str, Any]:
    return {
        "slug": event.slug,
        "date": event.date.isoformat(),
        "date_precision": event.date_precision,
        "end_date": event.end_date.isoformat() if event.end_date else None,
        "title": event.title,
        "actors": [actor.name for actor in event.actors.all()],
        "categories": [category.slug for category in event.categories.all()],
        "url": absolute(event.get_absolute_url()),
    }


@require_safe
def event_list_json(request: HttpRequest) -> HttpResponse:
    """GET /events.json: the filtered events (three queries)."""
    filterset = _filtered(request)
    if not filterset.is_valid():
        return JsonResponse({"errors": _errors(filterset)}, status=400)
    events = [_row(event, request.build_absolute_uri) for event in filterset.qs]
    return JsonResponse({"events": events}, json_dumps_params={"ensure_ascii": False})


@require_safe
def event_list_csv(request: HttpRequest) -> HttpResponse:
    """GET /events.csv: one row per filtered event (three queries)."""
    filterset = _filtered(request)
    if not filterset.is_valid():
        return JsonResponse({"errors": _errors(filterset)}, status=400)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="events.csv"'
    writer = csv.writer(response)
    writer.writerow(CSV_HEADER)
    for event in filterset.qs:
        row = _row(event, request.build_absolute_uri)
        row["actors"] = "; ".join(row["actors"])
        row["categories"] = "; ".join(row["categories"])
        writer.writerow([row[name] or "" for name in CSV_HEADER])
    return response


@dataclass
class LaterInstrument:
    """An instrument that addresses the category and came to count only after the event."""

    short_name: str
    url: str
    level: str
    cell_url: str
    since: datetime.date


@dataclass
class LawOnTheDay:
    """One category of an event: its matrix rows on the event's date, and what came later."""

    category: Any
    in_force: Row | None
    all_instruments: Row | None
    later: list[LaterInstrument]
    columns: list[tuple[Column, Cell | None]]  # the in-force instruments and their cells


@require_safe
def event_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """An event and, for each of its categories, the law as it stood on its date.

    Queries: the event, its actors, categories and sources; the data version and, on a
    cache miss, the catalogue, the dates and three per matrix (two on the date, one today).
    """
    event = get_object_or_404(
        Event.objects.published().prefetch_related("actors", "categories", "sources"), slug=slug
    )
    token = data_version(request)
    catalogue = matrix_cache.get_catalogue(token)
    as_of = event.law_date
    on_the_day = matrix_cache.get_dated_catalogue(token, catalogue, as_of)
    in_force = matrix_cache.get_matrix(token, on_the_day.instruments, Scope.IN_FORCE, as_of=as_of)
    everything = matrix_cache.get_matrix(token, on_the_day.instruments, Scope.ALL, as_of=as_of)
    today = matrix_cache.get_matrix(token, catalogue, Scope.ALL)
    came_later = {item.instrument.slug: item for item in on_the_day.excluded if item.later}
    law = []
    for category in event.categories.all():
        now = today.row(category.slug)
        later = [
            LaterInstrument(
                came_later[slug].instrument.short_name,
                came_later[slug].instrument.url,
                cell.level,
                cell.url,
                came_later[slug].later,
            )
            for slug, cell in (now.cells.items() if now else [])
            if slug in came_later and cell.counts
        ]
        later.sort(key=lambda item: item.since)
        row = in_force.row(category.slug)
        columns = list(zip(in_force.columns, row.line, strict=True)) if row else []
        law.append(LawOnTheDay(category, row, everything.row(category.slug), later, columns))
    ctx = {
        "event": event,
        "as_of": as_of,
        "dated": on_the_day,
        "law": law,
        "in_force": in_force,
        "matrix_link": f"?as_of={as_of.isoformat()}",
        "as_of_label": dated.long_date(as_of),
    }
    return render(request, "gaps/event_detail.html", ctx)
