from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from .models import Provision


def provision_detail(request: HttpRequest, instrument_slug: str, slug: str) -> HttpResponse:
    provision = get_object_or_404(
        Provision.objects.published().select_related("instrument", "parent"),
        instrument__slug=instrument_slug,
        slug=slug,
    )
    ctx = {
        "provision": provision,
        "instrument": provision.instrument,
        "coverages": provision.coverages.select_related("category"),
        "topics": provision.topics.all(),
    }
    return render(request, "provisions/provision_detail.html", ctx)
