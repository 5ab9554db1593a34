"""The timeline page: every instrument on a time axis, and the gaps after each change."""

from __future__ import annotations

import datetime

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from . import dated, matrix_cache
from .matrix import Scope
from .page_cache import data_version
from .timeline import build_timeline


@require_safe
def timeline(request: HttpRequest) -> HttpResponse:
    """Queries: the data version, the catalogue, the dates and one matrix (three)."""
    token = data_version(request)
    catalogue = matrix_cache.get_catalogue(token)
    everything = matrix_cache.get_matrix(token, catalogue, Scope.ALL)
    ctx = {
        "timeline": build_timeline(
            catalogue, dated.fetch_dates(), everything, datetime.date.today()
        )
    }
    return render(request, "gaps/timeline.html", ctx)
