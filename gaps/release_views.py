"""What changed in the matrix between two corpus releases (/changes/?from=&to=), with the
edits that changed it, and each recorded release's matrix (/releases/<version>/)."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from .citations import accessed, release_label
from .models import Release
from .release_edits import edits_between
from .releases import compare, snapshot

MAX_VERSION_LENGTH = 40
CURRENT = "current"  # `to=current`: the data now in the database, edits since the release too


@dataclass
class Live:
    """The data now in the database, compared as if it were a release."""

    release: Release | None
    matrix: dict

    version = CURRENT

    def __str__(self) -> str:
        return f"the current data ({release_label(self.release)})"


def _pick(request: HttpRequest, name: str, default: Release | None, errors: dict) -> Release | None:
    value = request.GET.get(name, "").strip()
    if not value:
        return default
    if len(value) > MAX_VERSION_LENGTH:
        errors[name] = ["Too long for a release version."]
        return None
    if value == CURRENT and name == "to":
        return CURRENT  # type: ignore[return-value]  # replaced by the view
    release = Release.objects.of_version(value)
    if release is None:
        known = ", ".join(dict.fromkeys(Release.objects.values_list("version", flat=True)))
        shown = value if value.replace(".", "").replace("-", "").isalnum() else "that value"
        errors[name] = [f"No release {shown}. Known releases: {known or 'none yet'}."]
    return release


@require_safe
def changes(request: HttpRequest) -> HttpResponse:
    """Two releases' recorded matrices compared, or a release and the current data
    (`to=current`), each change with the edits that made it.

    A constant number of queries: at most five for the releases, four for the edits, and
    seven for the current data's matrix (`releases.snapshot`).
    """
    latest = Release.objects.current()
    earlier = (
        Release.objects.exclude(version=latest.version).order_by("-loaded_at", "-pk").first()
        if latest
        else None
    )
    errors: dict[str, list[str]] = {}
    old = _pick(request, "from", earlier or latest, errors)
    new = _pick(request, "to", latest, errors)
    ctx: dict = {"errors": errors, "old": old, "new": new, "current": CURRENT}
    if errors:
        return render(request, "gaps/changes.html", ctx, status=400)
    if new == CURRENT:
        new = ctx["new"] = Live(latest, snapshot())
    if old is not None and new is not None:
        found = compare(old.matrix, new.matrix)
        end = None if isinstance(new, Live) else new.loaded_at
        if old.matrix and new.matrix and (end is None or end > old.loaded_at):
            index = edits_between(old.loaded_at, end)
            keys = [change.key for change in found.cells]
            ctx["cell_edits"] = [(change, index.for_cell(change.key)) for change in found.cells]
            ctx["gap_edits"] = [
                (change, index.for_category(change.slug, keys)) for change in found.gaps
            ]
        else:
            ctx["cell_edits"] = [(change, []) for change in found.cells]
            ctx["gap_edits"] = [(change, []) for change in found.gaps]
        ctx["changes"] = found
        ctx["unrecorded"] = [r for r in (old, new) if not r.matrix]
        ctx["staff"] = request.user.is_staff
    ctx["releases"] = list(dict.fromkeys(Release.objects.values_list("version", flat=True)))
    return render(request, "gaps/changes.html", ctx)


def _release(version: str) -> Release:
    if (
        len(version) > MAX_VERSION_LENGTH
        or (release := Release.objects.of_version(version)) is None
    ):
        raise Http404("No such release.")
    return release


def release_table(release: Release) -> dict:
    """The recorded matrix as rows for a table: each category with its cells, in the
    instruments' order, and its gaps (no queries)."""
    recorded = release.matrix
    instruments = recorded.get("instruments", {})
    cells, evidence = recorded.get("cells", {}), recorded.get("evidence", {})
    rows = []
    for slug, category in recorded.get("categories", {}).items():
        line = [
            (cells.get(f"{slug}|{instrument}"), evidence.get(f"{slug}|{instrument}", ""))
            for instrument in instruments
        ]
        rows.append((slug, category, line))
    return {"instruments": instruments, "rows": rows, "has_evidence": "evidence" in recorded}


@require_safe
def release_detail(request: HttpRequest, version: str) -> HttpResponse:
    """A release's matrix as it was recorded when the release was loaded (two queries)."""
    release = _release(version)
    ctx = {
        "release": release,
        "table": release_table(release),
        "accessed": accessed(),
        "permalink": request.build_absolute_uri(release.get_absolute_url()),
        "releases": list(dict.fromkeys(Release.objects.values_list("version", flat=True))),
    }
    return render(request, "gaps/release.html", ctx)


@require_safe
def release_json(request: HttpRequest, version: str) -> JsonResponse:
    """A release's recorded matrix as JSON (one query)."""
    release = _release(version)
    return JsonResponse(
        {
            "version": release.version,
            "date": release.date.isoformat(),
            "loaded_at": timezone.localtime(release.loaded_at).isoformat(),
            "edited_to": timezone.localtime(release.edited_to).isoformat()
            if release.edited_to
            else None,
            "url": request.build_absolute_uri(release.get_absolute_url()),
            "matrix": release.matrix,
        },
        json_dumps_params={"ensure_ascii": False},
    )
