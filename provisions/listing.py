"""One filtered, paginated list of provisions, shared by the HTML list, the JSON API and CSV.

Validation happens here, once: any invalid parameter (an unknown slug, a year that is not a
number, a query too long, a null character) makes the whole request a 400 that names each
parameter, instead of django-filter's habit of silently dropping invalid values.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from dataclasses import dataclass, field

from django import forms
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, QueryDict
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString

from lib import csv_export
from lib.slug_urls import SlugUrls

from . import search
from .filters import ProvisionFilter, SortChoices
from .models import ENGLISH, READING_LANGUAGES, Provision, ProvisionText, ThreatCategory
from .multilingual_search import matching_texts
from .suggestions import FEW_RESULTS, suggest
from .text import excerpt, highlighted, marked_excerpt

HTML_PAGE_SIZE = 25
API_PAGE_SIZE = 50
MAX_PAGE_SIZE = 100
CSV_CHUNK = 500
# `text` and `provenance` are the English, or with `?lang=` the text in that language
# (empty where none is held), whose code is in `language`.
CSV_COLUMNS = [
    "instrument", "label", "slug", "url", "heading", "text", "provenance", "topics", "coverage",
    "language", "instrument_name", "instrument_title", "instrument_status",
]  # fmt: skip
# After those, three columns per threat category in the matrix's order, empty where the
# provision is not assessed against it: `level:<slug>`, `qualifier:<slug>`, `rationale:<slug>`
# (docs/api.md#provisions).
ASSESSMENT_COLUMNS = ("level", "qualifier", "rationale")


class PageForm(forms.Form):
    page = forms.IntegerField(min_value=1, max_value=10**9, required=False)
    page_size = forms.IntegerField(min_value=1, max_value=MAX_PAGE_SIZE, required=False)
    lang = forms.ChoiceField(
        choices=[("", "English"), *((code, code) for code in READING_LANGUAGES)],
        required=False,
        help_text="The language of the CSV's text column.",
    )
    _all = forms.ChoiceField(
        choices=[("", "one page"), ("1", "the whole filtered set")],
        required=False,
        help_text="1: the JSON streams every filtered provision instead of one page.",
    )


@dataclass
class Listing:
    query: QueryDict  # the request's parameters, null characters removed
    filterset: ProvisionFilter
    page_form: PageForm
    errors: dict[str, list[str]] = field(default_factory=dict)
    page: Page | None = None
    headlines: dict[int, str] = field(default_factory=dict)  # raw, see search.headline()
    # For matches in another language only: provision pk -> (language, raw excerpt).
    foreign: dict[int, tuple[str, str]] = field(default_factory=dict)
    suggestions: list[str] = field(default_factory=list)  # re-spelt queries, see suggest()

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def q(self) -> str:
        return self.filterset.search_query

    def excerpt_html(self, provision: Provision) -> SafeString:
        """HTML: the highlighted match when searching, else the start of the plain text."""
        if provision.pk in self.foreign:
            lang, raw = self.foreign[provision.pk]
            return format_html('<span lang="{}">{}</span>', lang, highlighted(raw))
        raw = self.headlines.get(provision.pk)
        return highlighted(raw) if raw else conditional_escape(excerpt(provision.text))

    def suggestion_query(self, q: str) -> str:
        """The same filters with the search `q`, from the first page."""
        query = self.query.copy()
        query.pop("page", None)
        query["q"] = q
        return query.urlencode()

    def page_query(self, number: int) -> str:
        query = self.query.copy()
        query["page"] = str(number)
        return query.urlencode()


def _without_nulls(query: QueryDict) -> tuple[QueryDict, dict[str, list[str]]]:
    # psycopg2 refuses strings holding NUL, so they must never reach a query; say which
    # parameter held one rather than quietly searching for something else.
    cleaned, errors = QueryDict(mutable=True), {}
    for key, values in query.lists():
        if "\x00" in key or any("\x00" in value for value in values):
            errors[key.replace("\x00", "")] = ["Null characters are not allowed."]
        cleaned.setlist(key.replace("\x00", ""), [v.replace("\x00", "") for v in values])
    return cleaned, errors


def validate(query: QueryDict, *, page_size: bool = True) -> Listing:
    """Check every parameter; the listing has errors, or a valid filterset.

    `page_size`: whether the caller lets the query choose the page size (the API does, the
    HTML list does not and ignores the parameter).
    """
    cleaned, errors = _without_nulls(query)
    filterset = ProvisionFilter(cleaned)
    if not filterset.is_valid():
        errors.update({name: list(messages) for name, messages in filterset.errors.items()})
        _suggest_choices(filterset, cleaned, errors)
    pages = PageForm(cleaned)
    if not page_size:
        del pages.fields["page_size"]
    if not pages.is_valid():
        errors.update({name: list(messages) for name, messages in pages.errors.items()})
    return Listing(query=cleaned, filterset=filterset, page_form=pages, errors=errors)


def _suggest_choices(filterset: ProvisionFilter, query: QueryDict, errors: dict) -> None:
    """Add to the error of a filter given an unknown value the valid values closest to it,
    so that a hand-edited `topic=threat-or-use-of-force` learns of `use-of-force`."""
    for name in filterset.errors:
        field = filterset.form.fields.get(name)
        choices = [str(value) for value, _ in getattr(field, "choices", [])]
        for value in query.getlist(name):
            if value and value not in choices:
                close = difflib.get_close_matches(value, choices, n=3, cutoff=0.4)
                if close:
                    errors[name].append(f"For {value}, did you mean {' or '.join(close)}?")
                else:
                    errors[name].append(f"Valid values include {', '.join(choices[:10])}.")


# From this many matches, a search's page in document order is read by walking the
# provisions in that order and testing each (PostgreSQL: 1.3 ms for a word 18 % of 100,000
# provisions hold, against 140 ms collecting and sorting every match); with fewer, the
# matches are collected from the full-text index, which the walk would read past. The count
# is always taken from the index. See docs/benchmarks.md.
WALK_FROM = 1000


def paginate(
    listing: Listing, default_size: int, *, with_texts: bool = False, count: int | None = None
) -> Listing:
    """Fill in the requested page (the last one when the number is past the end).

    Queries: the count (unless given as `count`, known from the facets), the page, its topics
    and its assessments, its texts in other languages `with_texts`, and the excerpts of the
    page's matches when searching.
    """
    data = listing.page_form.cleaned_data
    size = data.get("page_size") or default_size
    rows = listing.filterset.qs.for_listing()
    if count is None:
        count = rows.count()
    if count >= WALK_FROM and listing.q and listing.filterset.ordering == SortChoices.INSTRUMENT:
        rows = listing.filterset.walked().for_listing()
    paginator = Paginator(rows.with_texts() if with_texts else rows, size)
    paginator.count = count  # a cached_property: set, it is not counted again
    listing.page = paginator.get_page(data.get("page") or 1)
    if listing.q and listing.page.object_list:
        ids = [provision.pk for provision in listing.page.object_list]
        rows = Provision.objects.filter(pk__in=ids).order_by()  # no join for the ordering
        listing.headlines = dict(
            rows.annotate(headline=search.headline(rows, listing.q)).values_list("pk", "headline")
        )
        unmarked = [pk for pk in ids if search.MARK_START not in (listing.headlines.get(pk) or "")]
        if unmarked:
            listing.foreign = foreign_excerpts(unmarked, listing)
    return listing


def with_suggestions(listing: Listing) -> Listing:
    """Offer re-spelt queries when a search in the English finds few provisions (one query,
    and none when it finds more; after paginate())."""
    languages = listing.filterset.form.cleaned_data.get("language") or [ENGLISH]
    page = listing.page
    if (
        listing.q
        and ENGLISH in languages
        and page is not None
        and page.paginator.count <= FEW_RESULTS
    ):
        listing.suggestions = suggest(listing.q)
    return listing


def foreign_excerpts(ids: list[int], listing: Listing) -> dict[int, tuple[str, str]]:
    """Excerpts of the texts in other languages that matched where the English did not
    (one query): the first such language of each provision, in UN order."""
    languages = listing.filterset.form.cleaned_data.get("language") or READING_LANGUAGES
    texts = ProvisionText.objects.filter(provision_id__in=ids, language__in=languages)
    matched = matching_texts(texts, listing.q).values_list("provision_id", "language", "text")
    phrases = [
        " ".join(term.words)
        for group in search.parse(listing.q).groups
        for term in group
        if not term.excluded
    ]
    order = {code: position for position, code in enumerate(READING_LANGUAGES)}
    result: dict[int, tuple[str, str]] = {}
    for provision_id, language, text in sorted(matched, key=lambda row: order[row[1]]):
        result.setdefault(provision_id, (language, marked_excerpt(text, phrases)))
    return result


class Links:
    """Absolute provision URLs for many rows, with one reverse() rather than one each."""

    def __init__(self, request: HttpRequest) -> None:
        self.site = request.build_absolute_uri("/")[:-1]
        self.path = SlugUrls("provisions:detail")

    def __call__(self, provision: Provision) -> str:
        return self.site + self.path(provision.instrument.slug, provision.slug)


def row(
    provision: Provision,
    request: HttpRequest,
    listing: Listing | None = None,
    links: Links | None = None,
) -> dict:
    """One provision as the API gives it; `provision` must come from `for_listing()`."""
    data = {
        "instrument": provision.instrument.slug,
        "label": provision.label,
        "slug": provision.slug,
        "url": (links or Links(request))(provision),
        "heading": provision.heading,
        "text": provision.text,
        "provenance": provision.provenance,
        "topics": [topic.slug for topic in provision.listed_topics],
        "coverage": [
            {"category": coverage.category.slug, "level": coverage.level}
            for coverage in provision.listed_coverages
        ],
    }
    if hasattr(provision, "listed_texts"):
        data["texts"] = texts(provision)
    if listing is not None and listing.q:
        data["headline"] = str(listing.excerpt_html(provision))
    return data


def texts(provision: Provision) -> dict[str, dict[str, str]]:
    """Language -> text with its provenance, English first (needs `with_texts()`)."""
    result = {ENGLISH: _version(provision)}
    for version in provision.listed_texts:
        result[version.language] = _version(version)
    return result


def _version(version) -> dict[str, str]:
    return {
        "text": version.text,
        "provenance": version.provenance,
        "source_note": version.source_note,
    }


LISTED = ("listed_topics", "listed_coverages", "listed_texts")


def streamed(rows: QuerySet[Provision]) -> Iterator[Provision]:
    """The rows, read CSV_CHUNK at a time, each dropping what was read with it once it has
    been written: the chunk is held until the next is read, and a prefetched text points
    back at its provision, a cycle that only the garbage collector frees, late. Without
    this the memory held grows (tests/provisions/test_streamed_exports.py)."""
    for provision in rows.iterator(chunk_size=CSV_CHUNK):
        yield provision
        for name in LISTED:
            provision.__dict__.pop(name, None)


class _Echo:
    """A file-like object for csv.writer that hands each line back instead of storing it."""

    def write(self, value: str) -> str:
        return value


def csv_lines(listing: Listing, request: HttpRequest) -> Iterator[str]:
    """The whole filtered set as CSV lines, read from the database in chunks.

    Memory stays constant: rows stream through `.iterator()`, and topics and assessments (and
    with `lang`, the texts in that language) are prefetched per chunk (three or four queries
    per CSV_CHUNK rows, after one for the categories that name the assessment columns).
    """
    writer = csv_export.writer(_Echo())
    categories = list(ThreatCategory.objects.order_by("position", "name").values_list("slug"))
    assessed = [(slug, column) for (slug,) in categories for column in ASSESSMENT_COLUMNS]
    yield writer.writerow(CSV_COLUMNS + [f"{column}:{slug}" for slug, column in assessed])
    links = Links(request)
    lang = listing.page_form.cleaned_data.get("lang") or ENGLISH
    rows = listing.filterset.qs.for_listing()
    if lang != ENGLISH:
        rows = rows.with_texts(lang)
    for provision in streamed(rows):
        data = row(provision, request, links=links)
        data["topics"] = ";".join(data["topics"])
        data["coverage"] = ";".join(f"{c['category']}:{c['level']}" for c in data["coverage"])
        data["language"] = ENGLISH
        if lang != ENGLISH:
            version = data.pop("texts").get(lang)
            data["text"] = version["text"] if version else ""
            data["provenance"] = version["provenance"] if version else ""
            data["language"] = lang if version else ""
        data["instrument_name"] = provision.instrument.short_name
        data["instrument_title"] = provision.instrument.title
        data["instrument_status"] = provision.instrument.status
        by_category = {c.category.slug: c for c in provision.listed_coverages}
        cells = [getattr(by_category.get(slug), column, "") for slug, column in assessed]
        yield writer.writerow([data[column] for column in CSV_COLUMNS] + cells)
