"""Facet counts and removable active filters for the provision list.

Each facet counts, for every choice, how many provisions the list would show with that
choice added under the *other* active filters. Every count is one GROUP BY query in the
database, so a page costs the same number of queries whatever the size of the corpus.
"""

from __future__ import annotations

from dataclasses import dataclass, field

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


@dataclass
class ActiveFilter:
    label: str
    remove_query: str  # the current query string without this one value


@dataclass
class Options:
    """The choices each filter offers (three queries), labelled for display."""

    instruments: list[Instrument]
    topics: list[Topic]
    categories: list

    @classmethod
    def load(cls) -> Options:
        return cls(
            instruments=list(
                Instrument.objects.published()
                .in_display_order()
                .only("slug", "short_name", "status")
            ),
            topics=list(Topic.objects.order_by("position", "name").only("slug", "name")),
            categories=list(
                ThreatCategory.objects.order_by("position", "name").only("slug", "name")
            ),
        )

    def labels(self) -> dict[str, dict[str, str]]:
        return {
            "instrument": {i.slug: i.short_name for i in self.instruments},
            "status": dict(Status.choices),
            "category": {
                NO_CATEGORY: "No assessment",
                **{c.slug: c.name for c in self.categories},
            },
            "level": dict(Level.choices),
            "topic": {t.slug: t.name for t in self.topics},
            "provenance": dict(Provenance.choices),
            "language": {code: LANGUAGE_NAMES[code] for code in READING_LANGUAGES},
        }


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


def facet_counts(filterset: ProvisionFilter) -> dict[str, dict[str, int]]:
    """For each facet, choice value -> number of results under the other filters (9 queries)."""
    base = filterset.queryset
    counts: dict[str, dict[str, int]] = {}
    # The filters are EXISTS and IN tests, which never repeat a provision: one row each.
    for name, column in [
        ("instrument", "instrument__slug"),
        ("status", "instrument__status"),
        ("provenance", "provenance"),
    ]:
        counts[name] = _counts(filterset.filtered(base, without={name}), column)

    # A provision has a topic, and an assessment per category, at most once.
    topic_ids = filterset.filtered(base, without={"topic"}).order_by().values("pk")
    through = Provision.topics.through.objects.filter(provision__in=topic_ids)
    counts["topic"] = _counts(through, "topic__slug", "provision_id")

    # Category and level share one assessment, so each counts under the other's choices.
    without_coverage = filterset.filtered(base, without=COVERAGE_FILTERS)
    assessments = Coverage.objects.filter(provision__in=without_coverage.order_by().values("pk"))
    levels = filterset.chosen_levels()
    categories, unassessed = filterset.chosen_categories()
    in_levels = assessments.filter(level__in=levels) if levels else assessments
    counts["category"] = _counts(in_levels, "category__slug", "provision_id")
    # An unassessed provision has no level, so it cannot be counted once levels are chosen.
    counts["category"][NO_CATEGORY] = (
        0 if levels else without_coverage.assessed(unassessed=True).order_by().count()
    )
    in_categories = (
        assessments.filter(category__in=categories) if (categories or unassessed) else assessments
    )
    # ... but may be assessed at the same level in several categories.
    counts["level"] = _counts(in_categories, "level", "provision_id", distinct=True)
    counts["language"] = language_counts(filterset)
    return counts


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


def build_facets(
    filterset: ProvisionFilter, options: Options, errors: dict[str, list[str]]
) -> list[Facet]:
    """The facets to show beside the list; counts only when every parameter is valid."""
    counts = {} if errors else facet_counts(filterset)
    selected = {name: set(filterset.data.getlist(name)) for name in LEGENDS}
    facets = []
    for name, labels in options.labels().items():
        facet = Facet(name=name, legend=LEGENDS[name], errors=errors.get(name, []))
        for value, label in labels.items():
            facet.choices.append(
                Choice(
                    value=value,
                    label=label,
                    count=counts[name].get(value, 0) if counts else None,
                    selected=value in selected[name],
                )
            )
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
