"""Real events that fell into the gaps of space law, each with its sources.

Nothing here is written from memory: an event is published only with at least one source
(a URL or a document symbol, its publisher and provenance), and its summary reports what
those sources say, attributed to them.
"""

from __future__ import annotations

import calendar
import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from lib.locking import Versioned
from lib.publishing import Origin, Publishable, published_field
from provisions.models import Provenance, ThreatCategory


class DatePrecision(models.TextChoices):
    """How exactly the sources date an event."""

    DAY = "day", "Day"
    MONTH = "month", "Month"
    YEAR = "year", "Year"


class Actor(Versioned):
    """A State or other actor as the sources name it; not a finding of responsibility."""

    slug = models.SlugField(max_length=80)
    name = models.CharField(max_length=120)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["slug"], name="actor_slug_unique"),
            models.UniqueConstraint(fields=["name"], name="actor_name_unique"),
        ]

    def __str__(self) -> str:
        return self.name


class EventQuerySet(models.QuerySet):
    def published(self) -> EventQuerySet:
        return self.filter(published=True)

    def listed(self) -> EventQuerySet:
        """Published events with their actors and categories (three queries in all)."""
        return self.published().prefetch_related("actors", "categories")

    def counts_by_category(self) -> dict[str, int]:
        """Published events per threat category slug (one query)."""
        rows = (
            self.published()
            .values_list("categories__slug")
            .annotate(total=models.Count("pk"))
            .order_by()
        )
        return {slug: total for slug, total in rows if slug}


class Event(Publishable):
    """A dated event reported by citable sources, e.g. a destructive ASAT test."""

    Precision = DatePrecision
    Origin = Origin

    slug = models.SlugField(max_length=80)
    date = models.DateField(
        help_text="The day it happened; with month or year precision, the first day of that "
        "month or year. Dated views of the law use the last day of that period, when the event "
        "had certainly begun.",
    )
    date_precision = models.CharField(max_length=5, choices=DatePrecision, default="day")
    end_date = models.DateField(
        null=True, blank=True, help_text="For an event that lasted: its last day (or period)."
    )
    title = models.CharField(max_length=200, help_text="Neutral: what happened, not a verdict.")
    actors = models.ManyToManyField(
        Actor,
        blank=True,
        related_name="events",
        help_text="The States or others the sources name as involved; the summary attributes "
        "each claim to its source.",
    )
    categories = models.ManyToManyField(ThreatCategory, related_name="events")
    summary = models.TextField(help_text="What happened, as the sources report it (Markdown).")
    consequences = models.TextField(
        blank=True, help_text="E.g. debris pieces catalogued, as the sources report (Markdown)."
    )
    responses = models.TextField(
        blank=True,
        help_text="Measures that a source links to this event, each with that source (Markdown).",
    )
    notes = models.TextField(
        "notes on the sources",
        blank=True,
        help_text="Doubts and choices: conflicting dates, why an actor is listed, what was not "
        "checked (Markdown).",
    )
    published = published_field("Only an event with at least one source can be published.")

    objects = EventQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["date", "slug"]
        constraints = [
            models.UniqueConstraint(fields=["slug"], name="event_slug_unique"),
            models.CheckConstraint(
                condition=Q(date_precision__in=DatePrecision.values),
                name="event_precision_valid",
            ),
            models.CheckConstraint(
                condition=Q(origin__in=Origin.values), name="event_origin_valid"
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("date")),
                name="event_ends_after_it_starts",
            ),
        ]
        indexes = [models.Index(fields=["published", "date"], name="event_published_date_idx")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("gaps:event", args=[self.slug])

    def clean(self) -> None:
        if self.end_date and self.date and self.end_date < self.date:
            raise ValidationError({"end_date": "An event cannot end before it began."})

    @property
    def law_date(self) -> datetime.date:
        """The day on which the law is shown for this event: the last day of its period."""
        return period_end(self.date, self.date_precision)

    @property
    def date_label(self) -> str:
        start = date_label(self.date, self.date_precision)
        if self.end_date is None:
            return start
        return f"{start} to {date_label(self.end_date, self.date_precision)}"


def period_end(day: datetime.date, precision: str) -> datetime.date:
    if precision == DatePrecision.YEAR:
        return datetime.date(day.year, 12, 31)
    if precision == DatePrecision.MONTH:
        return datetime.date(day.year, day.month, calendar.monthrange(day.year, day.month)[1])
    return day


def date_label(day: datetime.date, precision: str) -> str:
    if precision == DatePrecision.YEAR:
        return str(day.year)
    if precision == DatePrecision.MONTH:
        return f"{day:%B %Y}"
    return f"{day.day} {day:%B %Y}"


class EventSource(models.Model):
    """Where the facts of an event come from, with the passage relied on."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="sources")
    title = models.CharField(max_length=300)
    url = models.URLField(max_length=500, blank=True)
    symbol = models.CharField(
        "document symbol", max_length=100, blank=True, help_text="E.g. A/RES/77/41."
    )
    publisher = models.CharField(max_length=200, blank=True)
    accessed = models.DateField(null=True, blank=True)
    provenance = models.CharField(
        max_length=20,
        choices=Provenance,
        help_text="Official: checked against the official publication; unverified: a verbatim "
        "copy read elsewhere; summary: a secondary report.",
    )
    quote = models.TextField(blank=True, help_text="The passage relied on, verbatim.")
    position = models.PositiveIntegerField(default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["event", "position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(url="") | ~Q(symbol=""), name="event_source_has_url_or_symbol"
            ),
            models.CheckConstraint(
                condition=Q(provenance__in=Provenance.values),
                name="event_source_provenance_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if not self.url and not self.symbol:
            raise ValidationError("Give the source's URL or its document symbol.")
