"""What a citation of a provision or of a matrix view says, and its downloads.

A citation names the data it shows: the corpus release, "with edits to <date>" when the data
has changed since the release was loaded (`Release.citation_label`), the access date, and a
warning when the text behind it was not checked against an official source.
"""

from __future__ import annotations

import datetime

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_safe

from lib.citations import FORMAT_LABELS, FORMATS, Reference, download
from provisions import languages
from provisions.models import Provenance, Provision

from .matrix import Matrix
from .models import Release

MATRIX_WARNING = (
    "Some levels shown rest on unverified transcriptions or summaries, not on text checked "
    "against an official source: consult the official documents before quoting."
)


def release_label(release: Release | None) -> str:
    return release.citation_label if release is not None else "unreleased corpus"


def accessed() -> datetime.date:
    return timezone.localdate()


def matrix_warning(matrix: Matrix) -> str:
    """The provenance warning of a matrix view: "" when every level shown rests on official
    text (no queries)."""
    for row in matrix.rows:
        for cell in row.cells.values():
            if cell.evidence != Provenance.OFFICIAL:
                return MATRIX_WARNING
    return ""


def matrix_reference(matrix: Matrix, title: str, url: str, release: Release | None) -> Reference:
    """A matrix view, `title` saying what it shows (`draft_comparison.matrix_title`)."""
    return Reference(
        key=f"space-security-matrix-{release.version if release else 'unreleased'}",
        title=title,
        url=url,
        accessed=accessed(),
        version=release_label(release),
        note=matrix_warning(matrix),
        issued=release.date if release else None,
    )


def format_links(base: str) -> list[tuple[str, str]]:
    """(label, address) of each download, `base` being an address ending in `?` or `&`."""
    return [(FORMAT_LABELS[fmt], f"{base}cite={fmt}") for fmt in FORMATS]


def citation_format_error(request: HttpRequest) -> HttpResponse | None:
    """A 400 naming the parameter when `?cite=` is not a known format, else None."""
    fmt = request.GET.get("cite", "")
    if fmt in FORMATS:
        return None
    known = ", ".join(FORMATS)
    message = f"cite: give one of {known}."
    return render(request, "gaps/citation_error.html", {"message": message}, status=400)


@require_safe
def provision_citation(request: HttpRequest, instrument_slug: str, slug: str) -> HttpResponse:
    """A provision's citation as a BibTeX, RIS or CSL-JSON file, `?cite=` choosing the format
    and `?lang=` the language of the text, as on the provision's page (four queries)."""
    if error := citation_format_error(request):
        return error
    try:
        lang = languages.requested_language(request)
    except languages.LanguageError as exc:
        return languages.language_error(request, exc)
    provision = get_object_or_404(
        Provision.objects.published().select_related("instrument"),
        instrument__slug=instrument_slug,
        slug=slug,
    )
    # As the page: an article whose text is in its paragraphs is cited from the first one.
    cited = provision
    if not provision.text:
        cited = provision.children.order_by("position", "pk").first() or provision
    version = languages.shown(cited, languages.versions([cited], [lang]), lang)
    instrument = provision.instrument
    release = Release.objects.current()
    url = request.build_absolute_uri(provision.get_absolute_url())
    if version.lang != languages.ENGLISH:
        url += f"?lang={version.lang}"
    symbols = f", {instrument.symbols}" if instrument.symbols else ""
    reference = Reference(
        key=f"{instrument.slug}-{provision.slug}",
        title=f"{instrument.short_name} ({instrument.title}), {provision.label}{symbols}, "
        f"{version.language_name} text",
        url=url,
        accessed=accessed(),
        version=release_label(release),
        note=version.citation_warning,
        issued=release.date if release else None,
    )
    return download(reference, request.GET["cite"])
