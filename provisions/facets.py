"""Facet counts and removable active filters for the provision list.

Each facet counts, for every choice, how many provisions the list would show with that
choice added under the *other* active filters. Every count is one GROUP BY query in the
database (three facets share one when they can), so a page costs the same number of queries
whatever the size of the corpus; each facet is cached on its own under the data version.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db.models import Count, QuerySet
from django.http import QueryDict

from instruments.models import Instrument, Status

from .filters import COVERAGE_FILTERS, NO_CATEGORY, ProvisionFilter
from .models import (
    ENGLISH,
    LANGUAGE_NAMES,
    READING_LANGUAGES,
    Coverage,
    Level,
    Provenance,
    Provision,
    ProvisionText,
    ThreatCategory,
    Topic,
)
from .multilingual_search import matching_texts


@dataclass
class Choice:
    value: str
    label: str
    count: int | None = None
    selected: bool = False


@dataclass
class Facet:
    name: str  # the query parameter
    legend: str
    choices: list[Choice] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    # Choices no result has under the other filters: dead ends, shown apart without a box.
    empty: list[Choice] = field(default_factory=list)


@dataclass
class ActiveFilter:
    label: str
    remove_query: str  # the current query string without this one value


@dataclass
class Options:
    """The choices each filter offers, labelled for display: value -> label for the
    instruments, topics and categories (three queries, none when cached)."""

    instruments: dict[str, str]
    topics: dict[str, str]
    categories: dict[str, str]

    @classmethod
    def load(cls, token: str | None = None) -> Options:
        """With `token` (the data version), cached under it: the choices change only with
        the data, and building 200 instruments' worth was a tenth of a list's time."""
        key = f"provisions:facet-options:{token}" if token else None
        # Plain dicts in the cache, not this class: a shared cache outlives a deployment.
        choices = cache.get(key) if key else None
        if choices is None:
            choices = (
                dict(
                    Instrument.objects.published()
                    .in_display_order()
                    .values_list("slug", "short_name")
                ),
                dict(Topic.objects.order_by("position", "name").values_list("slug", "name")),
                dict(
                    ThreatCategory.objects.order_by("position", "name").values_list("slug", "name")
                ),
            )
            if key:
                cache.set(key, choices, CACHE_SECONDS)
        instruments, topics, categories = choices
        return cls(instruments=instruments, topics=topics, categories=categories)

    def labels(self) -> dict[str, dict[str, str]]:
        return {
            "instrument": self.instruments,
            "status": dict(Status.choices),
            "category": {
                NO_CATEGORY: "No assessment",
                **self.categories,
            },
            "level": dict(Level.choices),
            "topic": self.topics,
            "provenance": dict(Provenance.choices),
            "language": {code: LANGUAGE_NAMES[code] for code in READING_LANGUAGES},
        }


CACHE_SECONDS = 24 * 60 * 60

LEGENDS = {
    "instrument": "Instrument",
    "status": "Status of the instrument",
    "category": "Threat category",
    "level": "Coverage level",
    "topic": "Topic",
    "provenance": "Provenance of the text",
    "language": "Language of the text",
}


def _counts(
    queryset: QuerySet, column: str, counted: str = "pk", *, distinct: bool = False
) -> dict[str, int]:
    """Rows per value of `column`. Count `distinct` only where one provision can give several
    rows with the same value: COUNT(DISTINCT) sorts, and costs several times a plain count."""
    # order_by() drops the default ordering, which would otherwise join the GROUP BY.
    rows = queryset.order_by().values(column).annotate(n=Count(counted, distinct=distinct))
    return {row[column]: row["n"] for row in rows}


# Facets that count one row per provision (the filters are EXISTS and IN tests, which never
# repeat a provision), and the column each counts.
ONE_PER_PROVISION = {
    "instrument": "instrument__slug",
    "status": "instrument__status",
    "provenance": "provenance",
}


def facet_counts(filterset: ProvisionFilter, token: str | None = None) -> dict[str, dict[str, int]]:
    """For each facet, choice value -> number of results under the other filters.

    With `token` (the data version) each facet is cached on its own under it and under the
    other filters, the only ones it depends on: choosing a topic recomputes every facet but
    the topic's. On a miss, instrument, status and provenance come from one grouped query
    when none of them is chosen (they then count under the same filters), else one each;
    topic, category, level one each, language two.
    """
    keys = {name: _facet_key(token, filterset, name) for name in LEGENDS} if token else {}
    counts: dict[str, dict[str, int]] = cache.get_many(list(keys.values())) if keys else {}
    counts = {name: counts[key] for name, key in keys.items() if key in counts}
    missing = [name for name in LEGENDS if name not in counts]
    if set(ONE_PER_PROVISION) <= set(missing) and not _chosen(filterset, ONE_PER_PROVISION):
        counts.update(_shared_counts(filterset))
    for name in missing:
        if name not in counts:
            counts[name] = COUNTERS[name](filterset)
    if keys and missing:
        cache.set_many({keys[name]: counts[name] for name in missing}, CACHE_SECONDS)
    return counts


def total_from_facets(filterset: ProvisionFilter, counts: dict[str, dict[str, int]]) -> int | None:
    """The number of results, when a facet gives it: every provision has one instrument, one
    status and one provenance, so an unchosen one of these facets adds up to the total."""
    for name in ONE_PER_PROVISION:
        if name in counts and not _chosen(filterset, [name]):
            return sum(counts[name].values())
    return None


def _chosen(filterset: ProvisionFilter, names) -> bool:
    return any(filterset.form.cleaned_data.get(name) for name in names)


def _facet_key(token: str, filterset: ProvisionFilter, name: str) -> str:
    """The cache key of one facet: the data version and every filter but its own (and the
    order, which changes no count). Raw values: equal queries clean to equal filters."""
    others = [
        (other, sorted(set(filterset.data.getlist(other))))
        for other in filterset.filters
        if other not in (name, "sort")
    ]
    digest = hashlib.sha256(repr(others).encode()).hexdigest()[:32]
    return f"provisions:facet:{token}:{name}:{digest}"


def _shared_counts(filterset: ProvisionFilter) -> dict[str, dict[str, int]]:
    """Instrument, status and provenance at once, when all three count under the same filters
    (one query grouped by all three columns, at most instruments x provenances rows)."""
    columns = list(ONE_PER_PROVISION.values())
    rows = filterset.filtered(filterset.queryset).order_by().values_list(*columns)
    counts: dict[str, dict[str, int]] = {name: {} for name in ONE_PER_PROVISION}
    for *values, n in rows.annotate(n=Count("pk")):
        for name, value in zip(ONE_PER_PROVISION, values, strict=True):
            counts[name][value] = counts[name].get(value, 0) + n
    return counts


def _one_per_provision(name: str):
    def count(filterset: ProvisionFilter) -> dict[str, int]:
        return _counts(
            filterset.filtered(filterset.queryset, without={name}), ONE_PER_PROVISION[name]
        )

    return count


def topic_counts(filterset: ProvisionFilter) -> dict[str, int]:
    """A provision has a topic at most once: a plain count is exact (one query)."""
    topic_ids = filterset.filtered(filterset.queryset, without={"topic"}).order_by().values("pk")
    through = Provision.topics.through.objects.filter(provision__in=topic_ids)
    return _counts(through, "topic__slug", "provision_id")


def _assessments(filterset: ProvisionFilter) -> tuple[QuerySet, QuerySet]:
    without_coverage = filterset.filtered(filterset.queryset, without=COVERAGE_FILTERS)
    ids = without_coverage.order_by().values("pk")
    return without_coverage, Coverage.objects.filter(provision__in=ids)


def category_counts(filterset: ProvisionFilter) -> dict[str, int]:
    """Category and level share one assessment, so each counts under the other's choices; a
    provision has at most one assessment per category (one or two queries)."""
    without_coverage, assessments = _assessments(filterset)
    levels = filterset.chosen_levels()
    in_levels = assessments.filter(level__in=levels) if levels else assessments
    counts = _counts(in_levels, "category__slug", "provision_id")
    # An unassessed provision has no level, so it cannot be counted once levels are chosen.
    counts[NO_CATEGORY] = (
        0 if levels else without_coverage.assessed(unassessed=True).order_by().count()
    )
    return counts


def level_counts(filterset: ProvisionFilter) -> dict[str, int]:
    """One query; a provision may be assessed at the same level in several categories."""
    _, assessments = _assessments(filterset)
    categories, unassessed = filterset.chosen_categories()
    in_categories = (
        assessments.filter(category__in=categories) if (categories or unassessed) else assessments
    )
    return _counts(in_categories, "level", "provision_id", distinct=True)


def language_counts(filterset: ProvisionFilter) -> dict[str, int]:
    """Language -> provisions with a text in it (matching the search in that language, when
    there is one) under the other filters (two queries)."""
    base = filterset.filtered(filterset.queryset, without={"language", "q"})
    q = filterset.search_query
    english = base.search(q, [ENGLISH]) if q else base.with_text_in([ENGLISH])
    texts = ProvisionText.objects.filter(provision__in=base.order_by().values("pk"))
    if q:
        texts = matching_texts(texts, q)
    # One text per provision and language: a plain count is exact.
    return {ENGLISH: english.order_by().count(), **_counts(texts, "language", "provision_id")}


COUNTERS = {
    **{name: _one_per_provision(name) for name in ONE_PER_PROVISION},
    "topic": topic_counts,
    "category": category_counts,
    "level": level_counts,
    "language": language_counts,
}


def build_facets(
    filterset: ProvisionFilter,
    options: Options,
    errors: dict[str, list[str]],
    counts: dict[str, dict[str, int]] | None = None,
) -> list[Facet]:
    """The facets to show beside the list; counts (from facet_counts) only when every
    parameter is valid."""
    counts = {} if errors else counts if counts is not None else facet_counts(filterset)
    selected = {name: set(filterset.data.getlist(name)) for name in LEGENDS}
    facets = []
    for name, labels in options.labels().items():
        facet = Facet(name=name, legend=LEGENDS[name], errors=errors.get(name, []))
        for value, label in labels.items():
            choice = Choice(
                value=value,
                label=label,
                count=counts[name].get(value, 0) if counts else None,
                selected=value in selected[name],
            )
            # A chosen one stays a box even at 0, so that it can be unticked.
            dead_end = choice.count == 0 and not choice.selected
            (facet.empty if dead_end else facet.choices).append(choice)
        facets.append(facet)
    return facets


def _without(query: QueryDict, name: str, value: str) -> str:
    remaining = query.copy()
    remaining.setlist(name, [v for v in query.getlist(name) if v != value])
    remaining.pop("page", None)
    return remaining.urlencode()


def active_filters(query: QueryDict, options: Options) -> list[ActiveFilter]:
    """Every filter value in the query, each with a link that removes only it."""
    labels = options.labels()
    active: list[ActiveFilter] = []
    if query.get("q"):
        active.append(ActiveFilter(f"Search: “{query['q']}”", _without(query, "q", query["q"])))
    for name, legend in LEGENDS.items():
        for value in dict.fromkeys(query.getlist(name)):
            if value in labels[name]:
                active.append(
                    ActiveFilter(f"{legend}: {labels[name][value]}", _without(query, name, value))
                )
    for name, text in [("year_min", "Adopted from"), ("year_max", "Adopted until")]:
        if query.get(name):
            active.append(ActiveFilter(f"{text} {query[name]}", _without(query, name, query[name])))
    return active
