"""What changed in the matrix between two corpus releases: /changes/?from=&to=."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from .models import Release
from .releases import compare

MAX_VERSION_LENGTH = 40


def _pick(request: HttpRequest, name: str, default: Release | None, errors: dict) -> Release | None:
    value = request.GET.get(name, "").strip()
    if not value:
        return default
    if len(value) > MAX_VERSION_LENGTH:
        errors[name] = ["Too long for a release version."]
        return None
    release = Release.objects.of_version(value)
    if release is None:
        known = ", ".join(dict.fromkeys(Release.objects.values_list("version", flat=True)))
        shown = value if value.replace(".", "").replace("-", "").isalnum() else "that value"
        errors[name] = [f"No release {shown}. Known releases: {known or 'none yet'}."]
    return release


@require_safe
def changes(request: HttpRequest) -> HttpResponse:
    """Two releases' recorded matrices compared (a constant number of queries: at most five)."""
    latest = Release.objects.current()
    earlier = (
        Release.objects.exclude(version=latest.version).order_by("-loaded_at", "-pk").first()
        if latest
        else None
    )
    errors: dict[str, list[str]] = {}
    old = _pick(request, "from", earlier or latest, errors)
    new = _pick(request, "to", latest, errors)
    ctx: dict = {"errors": errors, "old": old, "new": new}
    if errors:
        return render(request, "gaps/changes.html", ctx, status=400)
    if old is not None and new is not None:
        ctx["changes"] = compare(old.matrix, new.matrix)
        ctx["unrecorded"] = [r for r in (old, new) if not r.matrix]
    ctx["releases"] = list(dict.fromkeys(Release.objects.values_list("version", flat=True)))
    return render(request, "gaps/changes.html", ctx)
