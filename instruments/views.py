from __future__ import annotations

from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from .models import Instrument, Status
from .toc import table_of_contents


def instrument_list(request: HttpRequest) -> HttpResponse:
    """Published instruments grouped by status, with their facts (one query)."""
    instruments = list(
        Instrument.objects.published()
        .select_related("supersedes")
        .annotate(provision_count=Count("provisions"))
        .order_by("position", "slug")
    )
    groups = [
        (label, [i for i in instruments if i.status == value]) for value, label in Status.choices
    ]
    ctx = {"groups": [(label, members) for label, members in groups if members]}
    return render(request, "instruments/instrument_list.html", ctx)


def instrument_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """Facts, summary, table of contents and full text (three queries here, two for the
    coverage row, which the template takes from the gaps app)."""
    instrument = get_object_or_404(
        Instrument.objects.published().select_related("supersedes"), slug=slug
    )
    provisions = list(instrument.provisions.order_by("position", "pk"))
    ctx = {
        "instrument": instrument,
        "provisions": provisions,
        "toc": table_of_contents(provisions),
        "superseded_by": instrument.superseded_by.published().order_by("position", "slug"),
        "supersedes": instrument.supersedes
        if instrument.supersedes and instrument.supersedes.published
        else None,
    }
    return render(request, "instruments/instrument_detail.html", ctx)


def about(request: HttpRequest) -> HttpResponse:
    instruments = Instrument.objects.published().with_provenance_counts()
    return render(request, "instruments/about.html", {"instruments": instruments})
