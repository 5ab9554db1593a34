from __future__ import annotations

import itertools
from urllib.parse import urlencode

from django.conf import settings
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from . import definitions_export, languages
from .definitions import defined_terms
from .facets import Options, active_filters, build_facets, facet_counts, total_from_facets
from .filters import SortChoices
from .listing import HTML_PAGE_SIZE, csv_lines, paginate, validate, with_suggestions
from .models import Provision
from .moved import moved_provision


def provision_list(request: HttpRequest) -> HttpResponse:
    """The filtered list; `?format=csv` streams the whole filtered set instead of a page.

    A form sends its empty fields too (`?q=&year_min=`); the list redirects to the address of
    what was chosen, so that a shared link carries only that.
    """
    sent = [(key, value) for key, values in request.GET.lists() for value in values]
    chosen = [(key, value) for key, value in sent if value != ""]
    if len(chosen) < len(sent):
        return redirect(f"{request.path}?{urlencode(chosen)}" if chosen else request.path)
    listing = validate(request.GET, page_size=False)
    export = request.GET.get("format", "")
    if export not in ("", "csv"):
        listing.errors["format"] = ["Use format=csv, or leave it out for this page."]
    if export == "csv" and listing.ok:
        return csv_response(listing, request)
    options = Options.load(facet_token(request))
    counts = None
    if listing.ok:
        counts = facet_counts(listing.filterset, facet_token(request))
        total = total_from_facets(listing.filterset, counts)
        with_suggestions(paginate(listing, HTML_PAGE_SIZE, count=total))
    page = listing.page
    ctx = {
        "listing": listing,
        "form": listing.filterset.form,
        "facets": build_facets(listing.filterset, options, listing.errors, counts),
        "active": active_filters(listing.query, options) if listing.ok else [],
        "page": page,
        "rows": [(p, listing.excerpt_html(p)) for p in page or []],
        "previous_query": listing.page_query(page.previous_page_number())
        if page and page.has_previous()
        else "",
        "next_query": listing.page_query(page.next_page_number())
        if page and page.has_next()
        else "",
        "suggestions": [(q, listing.suggestion_query(q)) for q in listing.suggestions],
        "sort_choices": SortChoices.choices,
        "export_query": _with(listing, format="csv"),
        "api_query": _with(listing, _all="1"),
    }
    return render(request, "provisions/provision_list.html", ctx, status=200 if listing.ok else 400)


def facet_token(request: HttpRequest) -> str | None:
    """The data version to cache facets under, if FACET_CACHE is on: the page cache's
    middleware (gaps.page_cache) reads it for this view and leaves it on the request."""
    return getattr(request, "data_version", None) if settings.FACET_CACHE else None


def _with(listing, **params: str) -> str:
    query = listing.query.copy()
    query.pop("page", None)
    for name, value in params.items():
        query[name] = value
    return query.urlencode()


def csv_response(listing, request: HttpRequest) -> StreamingHttpResponse:
    lines = csv_lines(listing, request)
    # Read the first row before anything is sent: if the database is down, the answer can
    # still be a 503 rather than a CSV cut off after its headers.
    first = list(itertools.islice(lines, 2))
    response = StreamingHttpResponse(
        itertools.chain(first, lines), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = 'attachment; filename="provisions.csv"'
    return response


def provision_detail(request: HttpRequest, instrument_slug: str, slug: str) -> HttpResponse:
    """One provision with its context, `?lang=` choosing the language of its text (ten
    queries whatever the corpus size); a 301 to the new address of one whose slug or
    instrument slug was changed."""
    try:
        lang = languages.requested_language(request)
    except languages.LanguageError as error:
        return languages.language_error(request, error)
    provision = (
        Provision.objects.published()
        .select_related("instrument", "parent")
        .filter(instrument__slug=instrument_slug, slug=slug)
        .first()
    )
    if provision is None:
        moved = moved_provision(instrument_slug, slug)
        if moved is None:
            raise Http404("No such provision.")
        return redirect(moved.get_absolute_url(), permanent=True)
    instrument = provision.instrument
    siblings = Provision.objects.filter(instrument=instrument)
    before = Q(position__lt=provision.position) | Q(
        position=provision.position, pk__lt=provision.pk
    )
    after = Q(position__gt=provision.position) | Q(position=provision.position, pk__gt=provision.pk)
    neighbours = {
        "parent": provision.parent,
        "previous": siblings.filter(before).order_by("-position", "-pk").first(),
        "next": siblings.filter(after).order_by("position", "pk").first(),
        "children": list(provision.children.order_by("position", "pk")),
    }
    # They all share the instrument: give it to them so that their URLs cost no query.
    for neighbour in [neighbours["parent"], neighbours["previous"], neighbours["next"]] + (
        neighbours["children"]
    ):
        if neighbour is not None:
            neighbour.instrument = instrument
    held = languages.held_languages(instrument)
    found = languages.versions([provision, *neighbours["children"]], [lang])
    for item in [provision, *neighbours["children"]]:
        item.shown = languages.shown(item, found, lang)
    # An article whose text is in its paragraphs takes its notice and citation from them.
    children = neighbours["children"]
    version = provision.shown if provision.text or not children else children[0].shown
    ctx = {
        "provision": provision,
        "version": version,
        "instrument": instrument,
        "lang": lang,
        "lang_missing": lang not in held,
        "language_name": languages.LANGUAGE_NAMES[lang],
        "languages": languages.choices(held, lang),
        "not_held": languages.not_held(held),
        "switch_url": provision.get_absolute_url(),
        "parallel_url": reverse("provisions:parallel", args=[instrument.slug])
        + f"#{provision.slug}"
        if len(held) > 1
        else "",
        **neighbours,
        "coverages": provision.coverages.select_related("category").order_by(
            "category__position", "category__name"
        ),
        "topics": provision.topics.order_by("position", "name"),
        "defined_terms": provision.defined_terms.all(),
        "permalink": request.build_absolute_uri(provision.get_absolute_url()),
    }
    return render(request, "provisions/provision_detail.html", ctx)


def definitions(request: HttpRequest) -> HttpResponse:
    """Each defined term with the instruments that define it (one query); `?format=json` or
    `csv` gives the same as data."""
    wanted = request.GET.get("format", "html")
    if wanted not in definitions_export.FORMATS:
        message = f"Choose one of {', '.join(definitions_export.FORMATS)}."
        return JsonResponse({"errors": {"format": [message]}}, status=400)
    terms = defined_terms()
    if wanted == "json":
        return definitions_export.as_json(terms, request.build_absolute_uri)
    if wanted == "csv":
        return definitions_export.as_csv(terms, request.build_absolute_uri)
    return render(request, "provisions/definitions.html", {"terms": terms})
