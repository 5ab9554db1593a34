"""/compare/: instruments read side by side on one category or topic."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_safe

from instruments.models import Instrument

from .models import ThreatCategory, Topic
from .side_by_side import MAX_INSTRUMENTS, build_reading, read_choice


@require_safe
def side_by_side(request: HttpRequest) -> HttpResponse:
    """The chooser, or the reading it asked for (seven queries)."""
    if "old" in request.GET or "new" in request.GET:
        # The address of the diff picker in earlier releases.
        return redirect(f"{reverse('provisions:diff_picker')}?{request.GET.urlencode()}")
    ctx = {
        "instruments": Instrument.objects.published().only("slug", "short_name"),
        "categories": ThreatCategory.objects.order_by("position", "name").only("slug", "name"),
        "topics": Topic.objects.order_by("position", "name").only("slug", "name"),
        "max_instruments": MAX_INSTRUMENTS,
    }
    choice = read_choice(request.GET)
    ctx["choice"] = choice
    if "instruments" not in request.GET:
        # The chooser, perhaps with the subject already chosen (a category page links here).
        choice.errors = {}
        return render(request, "provisions/side_by_side.html", ctx)
    if choice.errors:
        return render(request, "provisions/side_by_side.html", ctx, status=400)
    ctx["reading"] = build_reading(choice)
    return render(request, "provisions/side_by_side.html", ctx)
