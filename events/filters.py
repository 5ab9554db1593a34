"""The event list's filters, shared by the HTML list, its JSON and its CSV."""

from __future__ import annotations

import django_filters
from django import forms

from provisions.models import ThreatCategory

from .models import Actor, Event


class YearFilter(django_filters.NumberFilter):
    field_class = forms.IntegerField


class EventFilter(django_filters.FilterSet):
    category = django_filters.ModelChoiceFilter(
        label="Threat category",
        queryset=ThreatCategory.objects.order_by("position", "name"),
        to_field_name="slug",
        field_name="categories",
    )
    year = YearFilter(
        label="Year",
        field_name="date__year",
        min_value=1900,
        max_value=2100,
    )
    actor = django_filters.ModelChoiceFilter(
        label="Actor, as reported",
        queryset=Actor.objects.order_by("name"),
        to_field_name="slug",
        field_name="actors",
    )

    class Meta:
        model = Event
        fields = ["category", "year", "actor"]
