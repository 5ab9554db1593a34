"""Instrument pages: the list, one instrument's text, and the diff between two."""

from __future__ import annotations

from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from instruments.models import Instrument, Status
from lib import formats
from states.models import MAJOR_SPACE_POWERS

from . import languages
from .diff_export import TABLES, diff_csv, diff_data
from .instrument_diff import align_instruments, coverage_movement
from .instrument_row import instrument_row
from .moved import moved_instrument
from .parties import parties_of, party_counts
from .toc import table_of_contents


def instrument_list(request: HttpRequest) -> HttpResponse:
    """Published instruments grouped by status, with their facts and party counts (two queries)."""
    instruments = list(
        Instrument.objects.published()
        .select_related("supersedes", "participation_list")
        .annotate(provision_count=Count("provisions"))
        .in_display_order()
    )
    counts = party_counts()
    for instrument in instruments:
        instrument.recorded_parties = counts.get(instrument.pk, 0)
    groups = [
        (label, [i for i in instruments if i.status == value]) for value, label in Status.choices
    ]
    ctx = {
        "groups": [(label, members) for label, members in groups if members],
    }
    return render(request, "provisions/instrument_list.html", ctx)


def instrument_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """Facts, summary, coverage row, table of contents and full text, `?lang=` choosing the
    language of the text (eleven queries); a 301 to the new address of one whose slug was
    changed."""
    try:
        lang = languages.requested_language(request)
    except languages.LanguageError as error:
        return languages.language_error(request, error)
    instrument = Instrument.objects.published().select_related("supersedes").filter(slug=slug)
    instrument = instrument.first()
    if instrument is None:
        moved = moved_instrument(slug)
        if moved is None:
            raise Http404("No such instrument.")
        return redirect(moved.get_absolute_url(), permanent=True)
    provisions = list(instrument.provisions.order_by("position", "pk"))
    held = languages.held_languages(instrument)
    found = languages.versions(provisions, [lang])
    for provision in provisions:
        provision.shown = languages.shown(provision, found, lang)
    ctx = {
        "instrument": instrument,
        "lang": lang,
        "lang_missing": lang not in held,
        "language_name": languages.LANGUAGE_NAMES[lang],
        "languages": languages.choices(held, lang),
        "not_held": languages.not_held(held),
        "switch_url": instrument.get_absolute_url(),
        "parallel_url": reverse("provisions:parallel", args=[instrument.slug])
        if len(held) > 1
        else "",
        "provisions": provisions,
        "toc": table_of_contents(provisions),
        "cells": instrument_row(instrument),
        "parties": parties_of(instrument),
        "space_powers": MAJOR_SPACE_POWERS,
        "superseded_by": instrument.superseded_by.published().order_by("position", "slug"),
        "supersedes": instrument.supersedes
        if instrument.supersedes and instrument.supersedes.published
        else None,
    }
    return render(request, "provisions/instrument_detail.html", ctx)


def instrument_diff(request: HttpRequest, new: str, old: str) -> HttpResponse:
    """What changed from one instrument to another: provisions aligned, coverage moved;
    `?format=json|csv` gives both as data (the CSV one `?table=` of them)."""
    chosen, table = formats.requested(request), request.GET.get("table") or TABLES[0]
    if chosen is None:
        return formats.bad_format()
    if table not in TABLES:
        message = f"Use table={' or table='.join(TABLES)}."
        return formats.json_response({"errors": {"table": [message]}}, status=400)
    found = {i.slug: i for i in Instrument.objects.published().filter(slug__in=[new, old])}
    if new not in found or old not in found:
        raise Http404("Both instruments must exist and be published.")
    alignment = align_instruments(found[old], found[new])
    movements = coverage_movement(found[old], found[new])
    if chosen == "json":
        absolute = request.build_absolute_uri
        data = diff_data(found[old], found[new], alignment, movements, absolute)
        return formats.json_response(data)
    if chosen == "csv":
        return diff_csv(table, found[old], found[new], alignment, movements)
    links = formats.links(request)
    ctx = {
        "old": found[old],
        "new": found[new],
        "comparison": alignment,
        "movements": movements,
        "instruments": Instrument.objects.published().only("slug", "short_name"),
        "formats": links,
        "coverage_csv": f"{links['csv']}&table=coverage",
    }
    return render(request, "provisions/instrument_diff.html", ctx)


def diff_picker(request: HttpRequest) -> HttpResponse:
    """The target of the "compare two instruments" form: sends on to the diff page."""
    old, new = request.GET.get("old", "").strip(), request.GET.get("new", "").strip()
    if not old or not new:
        ctx = {"message": "Choose two instruments to compare: both 'old' and 'new' are needed."}
        return render(request, "provisions/diff_error.html", ctx, status=400)
    published = set(
        Instrument.objects.published().filter(slug__in=[old, new]).values_list("slug", flat=True)
    )
    unknown = [slug for slug in (old, new) if slug not in published]
    if unknown:
        ctx = {"message": f"No published instrument is called {', '.join(unknown)}."}
        return render(request, "provisions/diff_error.html", ctx, status=400)
    return redirect(reverse("provisions:diff", args=[new, old]))
