"""The site's URLs plus views that fail on purpose, at /probe/ and under /api/."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.db import ProgrammingError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import path

# Django looks the error handlers up on the URLconf module.
from config.urls import handler400, handler403, handler404, handler500  # noqa: F401
from config.urls import urlpatterns as site_urlpatterns
from provisions.models import ThreatCategory

NUMERIC_KEYS = ["page", "per_page", "limit", "offset", "year"]
SECRET_TEXT = "SELECT secret FROM vault -- /srv/app/config/settings.py"


def probe(request: HttpRequest, kind: str) -> HttpResponse:
    if kind == "forbidden":
        raise PermissionDenied
    if kind == "suspicious":
        raise SuspiciousOperation(SECRET_TEXT)
    if kind == "crash":
        raise RuntimeError(SECRET_TEXT)
    if kind == "sql-error":
        raise ProgrammingError(SECRET_TEXT)
    # "query": reads the database like any page or API endpoint.
    return JsonResponse({"categories": list(ThreatCategory.objects.values_list("slug", flat=True))})


def fragile(request: HttpRequest) -> HttpResponse:
    """Trusts its query string, as careless code does: ?page=x is a 500."""
    numbers = {key: int(request.GET[key]) for key in NUMERIC_KEYS if key in request.GET}
    return JsonResponse(numbers)


urlpatterns = [
    *site_urlpatterns,
    path("probe/<slug:kind>/", probe),
    path("api/probe/<slug:kind>/", probe),
    path("api/fragile/", fragile),
]
