"""Read-only JSON and CSV: provisions with the list's filters, instruments with provisions.

Every endpoint answers GET only; invalid parameters get a 400 whose JSON body names each
one: {"errors": {"parameter": ["message", ...]}}.
"""

from __future__ import annotations

from django.http import HttpRequest, JsonResponse, StreamingHttpResponse
from django.urls import reverse
from django.views.decorators.http import require_GET

from instruments.models import Instrument

from .json_export import json_response
from .languages import held_languages
from .listing import API_PAGE_SIZE, Links, Listing, paginate, row, validate, with_suggestions
from .models import Provision
from .views import csv_response


def _errors(listing: Listing) -> JsonResponse:
    return JsonResponse({"errors": listing.errors}, status=400)


def _page_url(request: HttpRequest, listing: Listing, number: int | None) -> str | None:
    if number is None:
        return None
    return request.build_absolute_uri(f"{request.path}?{listing.page_query(number)}")


@require_GET
def provisions_json(request: HttpRequest) -> JsonResponse | StreamingHttpResponse:
    """One page of the filtered provisions (`page`, `page_size` up to 100, default 50), or
    with `_all=1` all of them, streamed."""
    listing = validate(request.GET)
    if not listing.ok:
        return _errors(listing)
    if listing.page_form.cleaned_data.get("_all"):
        return json_response(listing, request)
    page = with_suggestions(paginate(listing, API_PAGE_SIZE, with_texts=True)).page
    assert page is not None
    links = Links(request)
    return JsonResponse(
        {
            "count": page.paginator.count,
            "next": _page_url(request, listing, page.next_page_number())
            if page.has_next()
            else None,
            "previous": _page_url(request, listing, page.previous_page_number())
            if page.has_previous()
            else None,
            "results": [row(provision, request, listing, links) for provision in page],
            # "Did you mean": re-spelt searches when this one finds few provisions.
            "suggestions": [
                {"q": q, "url": request.build_absolute_uri(f"{request.path}?{query}")}
                for q in listing.suggestions
                for query in [listing.suggestion_query(q)]
            ],
        }
    )


@require_GET
def provisions_csv(request: HttpRequest) -> StreamingHttpResponse | JsonResponse:
    """The whole filtered set as CSV, streamed."""
    listing = validate(request.GET)
    if not listing.ok:
        return _errors(listing)
    return csv_response(listing, request)


def _instrument(instrument: Instrument, request: HttpRequest) -> dict:
    return {
        "slug": instrument.slug,
        "short_name": instrument.short_name,
        "title": instrument.title,
        "kind": instrument.kind,
        "status": instrument.status,
        "binding": instrument.binding,
        "symbols": instrument.symbol_list,
        "adopted_on": instrument.adopted_on,
        "in_force_on": instrument.in_force_on,
        "parties": instrument.parties,
        "parties_as_of": instrument.parties_as_of,
        "depositary": instrument.depositary,
        "source_url": instrument.source_url,
        "selection_note": instrument.selection_note,
        "supersedes": (
            instrument.supersedes.slug
            if instrument.supersedes and instrument.supersedes.published
            else None
        ),
        "url": request.build_absolute_uri(instrument.get_absolute_url()),
        "api_url": request.build_absolute_uri(
            reverse("provisions_api:instrument", args=[instrument.slug])
        ),
    }


@require_GET
def instruments_json(request: HttpRequest) -> JsonResponse:
    """Every published instrument with its facts (one query)."""
    instruments = Instrument.objects.published().select_related("supersedes")
    return JsonResponse({"results": [_instrument(i, request) for i in instruments]})


@require_GET
def instrument_json(request: HttpRequest, slug: str) -> JsonResponse:
    """One published instrument with all its provisions and their texts in every language
    held (five queries)."""
    instrument = (
        Instrument.objects.published().select_related("supersedes").filter(slug=slug).first()
    )
    if instrument is None:
        return JsonResponse(
            {"errors": {"slug": [f"No published instrument has the slug {slug!r}."]}}, status=404
        )
    provisions = (
        Provision.objects.filter(instrument=instrument)
        .order_by("position", "pk")
        .for_listing()
        .with_texts()
    )
    data = _instrument(instrument, request)
    data["summary"] = instrument.summary
    data["languages"] = held_languages(instrument)
    links = Links(request)
    data["provisions"] = [
        {
            **row(provision, request, links=links),
            "parent": provision.parent.slug if provision.parent else None,
        }
        for provision in provisions.select_related("parent")
    ]
    return JsonResponse(data)
