from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from .models import Instrument


def instrument_list(request: HttpRequest) -> HttpResponse:
    instruments = Instrument.objects.published()
    ctx = {"instruments": instruments}
    return render(request, "instruments/instrument_list.html", ctx)


def instrument_detail(request: HttpRequest, slug: str) -> HttpResponse:
    instrument = get_object_or_404(
        Instrument.objects.published().select_related("supersedes"), slug=slug
    )
    provisions = instrument.provisions.order_by("position")
    ctx = {"instrument": instrument, "provisions": provisions}
    return render(request, "instruments/instrument_detail.html", ctx)


def about(request: HttpRequest) -> HttpResponse:
    instruments = Instrument.objects.published().with_provenance_counts()
    return render(request, "instruments/about.html", {"instruments": instruments})
