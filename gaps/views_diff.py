"""The page comparing two instruments, at /instruments/<new>/diff/<old>/.

The view lives in gaps, not instruments, because it shows how coverage moved and the
dependencies run gaps -> provisions -> instruments; the URL still sits under /instruments/.
"""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from instruments.models import Instrument

from .comparison import compare_provisions, coverage_movement


def instrument_diff(request: HttpRequest, new: str, old: str) -> HttpResponse:
    found = {i.slug: i for i in Instrument.objects.published().filter(slug__in=[new, old])}
    if new not in found or old not in found:
        raise Http404("Both instruments must exist and be published.")
    comparison = compare_provisions(found[old], found[new])
    ctx = {
        "old": found[old],
        "new": found[new],
        "comparison": comparison,
        "movements": coverage_movement(found[old], found[new]),
        "instruments": Instrument.objects.published().only("slug", "short_name"),
    }
    return render(request, "gaps/instrument_diff.html", ctx)


def compare(request: HttpRequest) -> HttpResponse:
    """The target of the "compare two instruments" form: sends on to the diff page."""
    old, new = request.GET.get("old", "").strip(), request.GET.get("new", "").strip()
    if not old or not new:
        ctx = {"message": "Choose two instruments to compare: both 'old' and 'new' are needed."}
        return render(request, "gaps/bad_request.html", ctx, status=400)
    published = set(
        Instrument.objects.published().filter(slug__in=[old, new]).values_list("slug", flat=True)
    )
    unknown = [slug for slug in (old, new) if slug not in published]
    if unknown:
        ctx = {"message": f"No published instrument is called {', '.join(unknown)}."}
        return render(request, "gaps/bad_request.html", ctx, status=400)
    return redirect(reverse("gaps:diff", args=[new, old]))
