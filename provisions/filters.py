"""The provision list's filters: one FilterSet for the HTML list, the JSON API and CSV.

Within one filter the chosen values are alternatives (instrument A or B); different filters
combine (instrument A and topic T). Category and level look at the same assessment:
`category=asat-tests&level=prohibits` finds provisions that prohibit ASAT tests.
"""

from __future__ import annotations

from collections.abc import Iterable

import django_filters
from django import forms
from django.db.models import QuerySet

from instruments.models import Instrument, Status

from .models import (
    LANGUAGE_NAMES,
    READING_LANGUAGES,
    Level,
    Provenance,
    Provision,
    ThreatCategory,
    Topic,
)

MAX_QUERY_LENGTH = 500
NO_CATEGORY = "none"
COVERAGE_FILTERS = frozenset({"category", "level"})


class SortChoices:
    INSTRUMENT = "instrument"
    RELEVANCE = "relevance"
    choices = [(INSTRUMENT, "Instrument order"), (RELEVANCE, "Relevance (with a search)")]

    @classmethod
    def effective(cls, chosen: str | None, q: str | None) -> str:
        """What a list is ordered by: as chosen, else best match first when searching."""
        return chosen or (cls.RELEVANCE if q else cls.INSTRUMENT)


class YearFilter(django_filters.Filter):
    field_class = forms.IntegerField


class ProvisionFilterForm(forms.Form):
    def clean(self) -> dict:
        data = super().clean()
        first, last = data.get("year_min"), data.get("year_max")
        if first is not None and last is not None and first > last:
            self.add_error("year_max", "The last year must not come before the first year.")
        return data


def _categories(request=None) -> QuerySet:
    return ThreatCategory.objects.order_by("position", "name")


class ProvisionFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label="Search the texts",
        method="filter_search",
        max_length=MAX_QUERY_LENGTH,
        help_text='Words, "a phrase", or, -excluded.',
    )
    instrument = django_filters.ModelMultipleChoiceFilter(
        queryset=Instrument.objects.published(),
        to_field_name="slug",
        field_name="instrument__slug",
        distinct=False,
    )
    status = django_filters.MultipleChoiceFilter(
        choices=Status.choices, field_name="instrument__status", distinct=False
    )
    category = django_filters.ModelMultipleChoiceFilter(
        label="Threat category",
        queryset=_categories,
        to_field_name="slug",
        null_label="No assessment",
        null_value=NO_CATEGORY,
        method="filter_coverage",
    )
    level = django_filters.MultipleChoiceFilter(
        label="Coverage level", choices=Level.choices, method="filter_coverage"
    )
    topic = django_filters.ModelMultipleChoiceFilter(
        queryset=Topic.objects.order_by("position", "name"),
        to_field_name="slug",
        method="filter_topic",
    )
    year_min = YearFilter(
        label="Adopted from (year)",
        field_name="instrument__adopted_on",
        lookup_expr="year__gte",
        min_value=1,
        max_value=9999,
    )
    year_max = YearFilter(
        label="Adopted until (year)",
        field_name="instrument__adopted_on",
        lookup_expr="year__lte",
        min_value=1,
        max_value=9999,
    )
    provenance = django_filters.MultipleChoiceFilter(
        label="Provenance of the text", choices=Provenance.choices, distinct=False
    )
    language = django_filters.MultipleChoiceFilter(
        label="Language of the text",
        choices=[(code, LANGUAGE_NAMES[code]) for code in READING_LANGUAGES],
        method="filter_language",
        help_text="Provisions with a text in these languages; a search looks in them only.",
    )
    sort = django_filters.ChoiceFilter(
        choices=SortChoices.choices, method="filter_nothing", empty_label=None
    )

    class Meta:
        model = Provision
        fields: list[str] = []
        form = ProvisionFilterForm

    def __init__(self, data=None, queryset=None, **kwargs) -> None:
        if queryset is None:
            queryset = Provision.objects.published()
        super().__init__(data, queryset, **kwargs)

    # Each filter on its own; filter_queryset() below decides which to apply.

    def filter_search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.search(value, self.form.cleaned_data.get("language") or None)

    def walked(self) -> QuerySet:
        """The results again, in document order, the search written to be read a page at a
        time (`search.matching(walk=True)`): the same rows as `qs`."""
        return self.filtered(self.queryset.all(), walk=True).in_document_order()

    def filter_language(self, queryset: QuerySet, name: str, value: Iterable[str]) -> QuerySet:
        return queryset.with_text_in(value) if value else queryset

    def filter_topic(self, queryset: QuerySet, name: str, value: Iterable) -> QuerySet:
        # An empty choice arrives as an empty QuerySet, which django-filter does not skip.
        return queryset.with_any_topic(value) if value else queryset

    def filter_coverage(self, queryset: QuerySet, name: str, value) -> QuerySet:
        # Category and level are applied together, in filtered(): one assessment, both tests.
        return queryset

    def filter_nothing(self, queryset: QuerySet, name: str, value) -> QuerySet:
        return queryset

    # The whole set ---------------------------------------------------------------------

    def filtered(
        self, queryset: QuerySet, without: Iterable[str] = (), *, walk: bool = False
    ) -> QuerySet:
        """`queryset` under every active filter except those named in `without`.

        Facet counts use this: each facet counts its choices under the *other* filters.
        """
        without = set(without)
        data = self.form.cleaned_data
        for name, value in data.items():
            if name in without or name in COVERAGE_FILTERS:
                continue
            if name == "q" and value and "language" in without:
                # Counting languages: the search looks in every language.
                queryset = queryset.search(value)
                continue
            if name == "q" and value and walk:
                languages = data.get("language") or None
                queryset = queryset.search(value, languages, walk=True)
                continue
            queryset = self.filters[name].filter(queryset, value)
        if not COVERAGE_FILTERS & without:
            queryset = self.with_coverage_filter(queryset)
        return queryset

    def with_coverage_filter(self, queryset: QuerySet) -> QuerySet:
        """Apply the category and level filters together."""
        categories, unassessed = self.chosen_categories()
        levels = self.chosen_levels()
        if not (categories or unassessed or levels):
            return queryset
        return queryset.assessed(categories, levels, unassessed=unassessed)

    def chosen_categories(self) -> tuple[list, bool]:
        """The categories chosen, and whether "no assessment" is among them."""
        chosen = self.form.cleaned_data.get("category") or []
        return [c for c in chosen if c != NO_CATEGORY], NO_CATEGORY in chosen

    def chosen_levels(self) -> list[str]:
        return list(self.form.cleaned_data.get("level") or [])

    def filter_queryset(self, queryset: QuerySet) -> QuerySet:
        queryset = self.filtered(queryset)
        q = self.form.cleaned_data.get("q")
        if q and self.ordering == SortChoices.RELEVANCE:
            return queryset.by_relevance(q)
        return queryset.in_document_order()

    @property
    def ordering(self) -> str:
        """The order of the results (see SortChoices.effective)."""
        data = self.form.cleaned_data if self.is_valid() else {}
        return SortChoices.effective(data.get("sort"), data.get("q"))

    @property
    def search_query(self) -> str:
        return (self.form.cleaned_data.get("q") or "") if self.is_valid() else ""
