from __future__ import annotations

import dataclasses

from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_safe

from instruments.models import Instrument, Status, can_prohibit
from lib import formats
from lib.citations import download
from provisions import languages
from provisions.languages import held_table
from provisions.models import (
    LANGUAGE_NAMES,
    READING_LANGUAGES,
    Coverage,
    Provenance,
    ThreatCategory,
)
from states.models import Participation, ParticipationList

from . import dated, for_state, matrix_cache, page_exports, verdicts
from .answer import answer_for
from .citations import (
    accessed,
    citation_format_error,
    format_links,
    matrix_reference,
    matrix_warning,
    release_label,
)
from .draft_comparison import citation, matrix_title, newest_draft_treaty
from .evidence import EVIDENCE_CHOICES, cell_summary
from .forms import COMPARABLE, EvidenceForm, MatrixForm, MatrixQuery, WhatIfForm
from .matrix import (
    SCOPE_CHOICES,
    SCOPE_LABELS,
    SCOPE_STATUSES,
    STATUS_GROUPS,
    InstrumentInfo,
    Scope,
)
from .models import Release
from .page_cache import data_version
from .position_views import claims_about

SCOPES = [Scope.IN_FORCE, Scope.DRAFTS, Scope.ALL]


def _what_if_groups(
    catalogue: list[InstrumentInfo], checked: set[str], query: MatrixQuery | None = None
) -> list[tuple[str, list[tuple[InstrumentInfo, bool, str]]]]:
    """The what-if checkboxes, grouped by status like the matrix's columns, each with the
    address of its "only this": the matrix of that instrument alone, the filters kept."""
    base = query or MatrixQuery(Scope.DEFAULT, None, None)
    home = reverse("gaps:home")
    groups = []
    for key, label, _ in STATUS_GROUPS:
        items = [
            (
                item,
                item.slug in checked,
                dataclasses.replace(base, selection=(item.slug,), compare=None).path(home),
            )
            for item in catalogue
            if item.group == key
        ]
        if items:
            groups.append((label, items))
    return groups


def _scope_links(query: MatrixQuery) -> list[tuple[str, str]]:
    """While a what-if set is shown: each scope's label and address, the filters kept."""
    return [
        (label, dataclasses.replace(query, scope=scope, selection=None, compare=None).path())
        for scope, label in SCOPE_CHOICES
    ]


def _clear_path(query: MatrixQuery) -> str:
    """The what-if's "Clear all": this view, with every box unticked."""
    path = query.path()
    return f"{path}{'&' if '?' in path else '?'}choose={WhatIfForm.CLEAR}#what-if"


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    """The coverage matrix.

    Queries: the data version and the release; on a cache miss also the published
    instruments and three per matrix computed (see `gaps.matrix.build_matrix`).
    """
    token = data_version(request)
    catalogue = matrix_cache.get_catalogue(token)
    form = MatrixForm.from_request(request, catalogue)
    what_if = WhatIfForm.from_request(request)
    release = Release.objects.current()
    comparable = [item for item in catalogue if item.status in COMPARABLE]
    newest = newest_draft_treaty(comparable)
    ctx: dict = {
        "form": form,
        "what_if_form": what_if,
        "release": release,
        "release_label": release_label(release),
        "scope_choices": SCOPE_CHOICES,
        "evidence_choices": EVIDENCE_CHOICES,
        "comparable": comparable,
        "default_compare": newest.slug if newest else None,
        "states": matrix_cache.get_states(token),
    }
    if not form.is_valid() or not what_if.is_valid():
        ctx["what_if_groups"] = _what_if_groups(catalogue, set())
        return render(request, "gaps/home.html", ctx, status=400)

    query = form.query()
    dated_view = (
        matrix_cache.get_dated_catalogue(token, catalogue, query.as_of) if query.as_of else None
    )
    if error := dated.compare_error(dated_view, query.compare):
        form.add_error("compare", error)
        ctx["what_if_groups"] = _what_if_groups(catalogue, set())
        return render(request, "gaps/home.html", ctx, status=400)
    catalogue, restriction = matrix_cache.get_state_catalogue(
        token, dated_view.instruments if dated_view else catalogue, query.state, query.as_of
    )
    shown, comparison = matrix_cache.get_view(
        token,
        catalogue,
        query.scope,
        query.selection,
        query.compare,
        as_of=query.as_of,
        state=query.state,
        evidence=query.evidence,
    )
    permalink = request.build_absolute_uri(query.path())
    as_of = dated.long_date(query.as_of) if query.as_of else None
    state_name = restriction.state.name if restriction else None
    if "cite" in request.GET:
        if error := citation_format_error(request):
            return error
        title = matrix_title(shown, comparison, as_of, state_name)
        reference = matrix_reference(shown, title, permalink, release)
        return download(reference, request.GET["cite"])
    checked = set() if what_if.clear else {column.instrument.slug for column in shown.columns}
    ctx.update(
        query=query,
        matrix=shown,
        comparison=comparison,
        answer=answer_for(shown, comparison, as_of=query.as_of, state_name=state_name),
        dated=dated_view,
        event_counts=matrix_cache.get_event_counts(token),
        undated_path=dataclasses.replace(query, as_of=None).path(),
        permalink=permalink,
        contested=verdicts.get_contested(token),
        restriction=restriction,
        caveat=for_state.CAVEAT,
        citation=citation(
            shown,
            ctx["release_label"],
            permalink,
            comparison,
            as_of,
            state_name,
            accessed=accessed(),
            warning=matrix_warning(shown),
        ),
        citation_downloads=format_links(
            f"{reverse('gaps:home')}?{query.querystring() + '&' if query.querystring() else ''}"
        ),
        what_if_groups=_what_if_groups(catalogue, checked, query),
        what_if_open=bool(shown.selection) or what_if.clear,
        clear_path=_clear_path(query),
        scope_links=_scope_links(query) if shown.selection is not None else [],
    )
    return render(request, "gaps/home.html", ctx)


@require_safe
def gap_list(request: HttpRequest) -> HttpResponse:
    """The gaps of each scope with their explanations (a constant number of queries);
    `?format=json|csv` gives them as data."""
    chosen = formats.requested(request)
    if chosen is None:
        return formats.bad_format()
    evidence_form = EvidenceForm.from_request(request)
    if not evidence_form.is_valid():
        return render(request, "gaps/evidence_error.html", {"form": evidence_form}, status=400)
    evidence = evidence_form.cleaned_data["evidence"]
    token = data_version(request)
    catalogue = matrix_cache.get_catalogue(token)
    release = Release.objects.current()
    scopes = [
        (
            scope,
            matrix_cache.get_matrix(token, catalogue, scope, evidence=evidence),
            MatrixQuery(scope, None, None, evidence=evidence).path(),
        )
        for scope in SCOPES
    ]
    if chosen == "json":
        absolute = request.build_absolute_uri
        data = page_exports.gap_list_data(scopes, release_label(release), evidence, absolute)
        return formats.json_response(data)
    if chosen == "csv":
        return page_exports.gap_list_csv(scopes)
    ctx = {
        "scopes": scopes,
        "release": release,
        "release_label": release_label(release),
        "evidence": evidence,
        "evidence_choices": EVIDENCE_CHOICES,
        "formats": formats.links(request),
    }
    return render(request, "gaps/gap_list.html", ctx)


@require_safe
def category_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """A category with every instrument's relevant provisions, strongest first; `?lang=`
    shows their texts in that language where one is held (one query more); `?format=json|csv`
    gives the assessments as data."""
    chosen = formats.requested(request)
    if chosen is None:
        return formats.bad_format()
    try:
        lang = languages.requested_language(request)
    except languages.LanguageError as error:
        return languages.language_error(request, error)
    evidence_form = EvidenceForm.from_request(request)
    if not evidence_form.is_valid():
        return render(request, "gaps/evidence_error.html", {"form": evidence_form}, status=400)
    evidence = evidence_form.cleaned_data["evidence"]
    category = get_object_or_404(ThreatCategory.objects.prefetch_related("capabilities"), slug=slug)
    coverages = list(
        Coverage.objects.published()
        .filter(category=category)
        .select_related("provision__instrument")
        .strongest_first()
    )
    found = languages.versions([c.provision for c in coverages], [lang])
    for coverage in coverages:
        coverage.provision.shown = languages.shown(coverage.provision, found, lang)
    token = data_version(request)
    catalogue = matrix_cache.get_catalogue(token)
    by_scope = [
        (
            scope,
            SCOPE_LABELS[scope],
            matrix_cache.get_matrix(token, catalogue, scope, evidence=evidence).row(category.slug),
        )
        for scope in SCOPES
    ]
    every = matrix_cache.get_matrix(token, catalogue, Scope.ALL).row(category.slug)
    silent = [item for item in catalogue if every is None or item.slug not in every.cells]
    events = category.events.published().order_by("date", "slug")
    if chosen == "json":
        absolute = request.build_absolute_uri
        data = page_exports.category_data(category, by_scope, coverages, silent, events, absolute)
        return formats.json_response(data)
    if chosen == "csv":
        return page_exports.assessments_csv(category.slug, coverages, request.build_absolute_uri)
    ctx = {
        "category": category,
        "coverages": coverages,
        "lang": lang,
        "language_name": LANGUAGE_NAMES[lang],
        "text_languages": languages.choices(list(READING_LANGUAGES), lang),
        "by_scope": by_scope,
        "silent": silent,
        "claims_about": claims_about(token, category.slug),
        "claims_about_url": f"{reverse('gaps:claim_list')}?category={category.slug}",
        "events": events,
        "evidence": evidence,
        "evidence_choices": EVIDENCE_CHOICES,
        "formats": formats.links(request),
    }
    return render(request, "gaps/category_detail.html", ctx)


@require_safe
def cell_detail(request: HttpRequest, category_slug: str, instrument_slug: str) -> HttpResponse:
    """One instrument's provisions assessed against one category (three queries);
    `?format=json|csv` gives them as data."""
    chosen = formats.requested(request)
    if chosen is None:
        return formats.bad_format()
    category = get_object_or_404(ThreatCategory, slug=category_slug)
    instrument = get_object_or_404(Instrument.objects.published(), slug=instrument_slug)
    coverages = list(
        Coverage.objects.filter(category=category, provision__instrument=instrument)
        .select_related("provision__instrument")
        .strongest_first()
    )
    summary = cell_summary(coverages)
    absolute = request.build_absolute_uri
    if chosen == "json":
        data = page_exports.cell_data(category, instrument, coverages, summary, absolute)
        return formats.json_response(data)
    if chosen == "csv":
        name = f"{category.slug}-{instrument.slug}"
        return page_exports.assessments_csv(name, coverages, absolute)
    ctx = {
        "category": category,
        "instrument": instrument,
        "coverages": coverages,
        "claims_about": claims_about(data_version(request), category.slug, instrument.slug),
        "claims_about_url": (
            f"{reverse('gaps:claim_list')}?category={category.slug}&instrument={instrument.slug}"
        ),
        "summary": summary,
        "formats": formats.links(request),
    }
    return render(request, "gaps/cell_detail.html", ctx)


@require_safe
def about(request: HttpRequest) -> HttpResponse:
    """Where the data came from: provisions per instrument by provenance, the texts in other
    languages, and the participation records with their participant lists and dates."""
    counts = {
        f"{value}_count": Count("provisions", filter=Q(provisions__provenance=value))
        for value in Provenance.values
    }
    instruments = Instrument.objects.published().annotate(
        provision_count=Count("provisions"), **counts
    )
    ctx = {
        "instruments": instruments,
        "languages": [(code, LANGUAGE_NAMES[code]) for code in READING_LANGUAGES],
        "held": held_table(),
        "participation": Participation.objects.values("provenance")
        .annotate(count=Count("pk"))
        .order_by("provenance"),
        "participant_lists": ParticipationList.objects.select_related("instrument"),
        "caveat": for_state.CAVEAT,
        "statuses": status_rules(),
    }
    return render(request, "gaps/about.html", ctx)


def status_rules() -> list[dict]:
    """For each status: whether it can prohibit, the scopes it counts in, comparable or not."""
    return [
        {
            "value": value,
            "label": label,
            "can_prohibit": can_prohibit(value),
            "scopes": [SCOPE_LABELS[scope] for scope in SCOPES if value in SCOPE_STATUSES[scope]],
            "comparable": value in COMPARABLE,
        }
        for value, label in Status.choices
    ]
