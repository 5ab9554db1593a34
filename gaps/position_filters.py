"""The claims table's filters: by position, category, instrument and computed verdict."""

from __future__ import annotations

import django_filters
from django.db.models import QuerySet

from instruments.models import Instrument
from positions.models import Claim, Position
from provisions.models import ThreatCategory

from .verdicts import ClaimVerdict, Outcome


class ClaimFilter(django_filters.FilterSet):
    position = django_filters.ModelChoiceFilter(
        queryset=Position.objects.published(), to_field_name="slug", label="Position"
    )
    category = django_filters.ModelChoiceFilter(
        queryset=ThreatCategory.objects.all(),
        to_field_name="slug",
        field_name="assertions__category",
        label="Threat category",
    )
    instrument = django_filters.ModelChoiceFilter(
        queryset=Instrument.objects.published(),
        to_field_name="slug",
        field_name="assertions__instruments",
        label="Instrument named",
    )
    verdict = django_filters.ChoiceFilter(
        choices=Outcome.choices, method="filter_verdict", label="Verdict", empty_label="Any"
    )

    class Meta:
        model = Claim
        fields = ["position", "category", "instrument", "verdict"]

    def __init__(self, *args, verdicts: dict[int, ClaimVerdict], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.verdicts = verdicts

    def filter_verdict(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        """The claim's verdict, or with a category chosen its verdict on that category."""
        # Verdicts are computed from the matrix, not stored: match their claims by key.
        category = self.form.cleaned_data.get("category")
        chosen = []
        for pk, verdict in self.verdicts.items():
            judged = verdict.about(category.slug) if category is not None else verdict
            if judged is not None and judged.outcome == value:
                chosen.append(pk)
        return queryset.filter(pk__in=chosen)

    @property
    def qs(self) -> QuerySet:
        return super().qs.distinct()
