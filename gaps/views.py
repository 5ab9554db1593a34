from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from .models import Coverage, ThreatCategory


def home(request: HttpRequest) -> HttpResponse:
    ctx = {"categories": ThreatCategory.objects.all()}
    return render(request, "gaps/home.html", ctx)


def category_detail(request: HttpRequest, slug: str) -> HttpResponse:
    category = get_object_or_404(ThreatCategory, slug=slug)
    coverages = (
        Coverage.objects.filter(category=category, provision__instrument__published=True)
        .select_related("provision__instrument")
        .order_by("provision__instrument__position", "provision__position")
    )
    ctx = {"category": category, "coverages": coverages}
    return render(request, "gaps/category_detail.html", ctx)
