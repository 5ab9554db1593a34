"""Position documents and the claims they make about what existing law covers.

These are arguments, not law: a claim quotes its document verbatim and says, per threat
category and instrument, what the document asserts. Whether the coverage matrix bears the
claim out is computed by `gaps.verdicts`, never stored.
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from instruments.models import Instrument
from provisions.models import Provenance, ThreatCategory

VERSION_HELP = (
    "Raised by one on every save through the admin, so that a form based on an older version "
    "is refused instead of silently overwriting someone else's change."
)


def normalise(text: str) -> str:
    """Whitespace-normalised text: how quotes are matched against a document."""
    return re.sub(r"\s+", " ", text).strip()


class Kind(models.TextChoices):
    POSITION_PAPER = "position_paper", "Position paper"
    STATEMENT = "statement", "Statement"
    WORKING_PAPER = "working_paper", "Working paper"
    ARTICLE = "article", "Article"


class DatePrecision(models.TextChoices):
    DAY = "day", "Day"
    MONTH = "month", "Month"
    YEAR = "year", "Year"


class Origin(models.TextChoices):
    """Who created a position: `load_corpus` never touches positions admins created."""

    CORPUS = "corpus", "Shipped corpus"
    ADMIN = "admin", "Entered in the admin"


class Asserted(models.TextChoices):
    """What a claim asserts about a category's coverage by the instruments it names."""

    COVERED = "covered", "Covered"
    NOT_COVERED = "not_covered", "Not covered"
    PARTLY_COVERED = "partly_covered", "Covered only partly"
    ONLY_VOLUNTARY = "only_voluntary", "Only voluntary"


class PositionQuerySet(models.QuerySet):
    def published(self) -> PositionQuerySet:
        return self.filter(published=True)


class Position(models.Model):
    """A document by a State, group or author that argues what existing law covers."""

    Kind = Kind
    DatePrecision = DatePrecision
    Origin = Origin

    slug = models.SlugField(max_length=60, help_text="Stable identifier, e.g. china-2022.")
    title = models.CharField(max_length=500)
    author = models.CharField(
        max_length=300, help_text="The State, group or person whose position this is."
    )
    date = models.DateField(
        help_text="The date of the document; only as much of it as the precision says is known "
        "(a year-only date is stored as 1 January)."
    )
    date_precision = models.CharField(max_length=5, choices=DatePrecision, default="day")
    date_note = models.TextField(blank=True, help_text="How the date is known.")
    symbol = models.CharField(
        "document symbol",
        max_length=100,
        blank=True,
        help_text="The UN or CD document symbol where known, e.g. CD/1847. Never guessed.",
    )
    kind = models.CharField(max_length=20, choices=Kind)
    provenance = models.CharField(
        max_length=20,
        choices=Provenance,
        help_text="How the text held here was obtained: verbatim and checked against an "
        "official print, verbatim from an unverified copy, or a summary.",
    )
    source_url = models.URLField(max_length=500, blank=True)
    source_file = models.CharField(
        max_length=300,
        blank=True,
        help_text="The plain-text copy the text was taken from, relative to the shared sources.",
    )
    source_note = models.TextField(
        blank=True, help_text="Where the text comes from and what was not checked (Markdown)."
    )
    text = models.TextField(
        blank=True,
        help_text="The document's text as held, one paragraph per block separated by blank "
        "lines. Every claim's quote must occur in it.",
    )
    position = models.PositiveIntegerField(default=0, help_text="Order in the list.")
    published = models.BooleanField(
        default=False, help_text="Unpublished positions are hidden from public pages."
    )
    origin = models.CharField(max_length=10, choices=Origin, default=Origin.ADMIN, editable=False)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1, editable=False, help_text=VERSION_HELP)

    objects = PositionQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "date", "slug"]
        constraints = [
            models.UniqueConstraint(fields=["slug"], name="position_slug_unique"),
            models.CheckConstraint(condition=Q(kind__in=Kind.values), name="position_kind_valid"),
            models.CheckConstraint(
                condition=Q(provenance__in=Provenance.values), name="position_provenance_valid"
            ),
            models.CheckConstraint(
                condition=Q(date_precision__in=DatePrecision.values),
                name="position_date_precision_valid",
            ),
            models.CheckConstraint(
                condition=Q(origin__in=Origin.values), name="position_origin_valid"
            ),
        ]
        indexes = [models.Index(fields=["position", "date"], name="position_order_idx")]

    def __str__(self) -> str:
        return f"{self.author}, {self.date_label}"

    def get_absolute_url(self) -> str:
        return reverse("gaps:position", args=[self.slug])

    @property
    def date_label(self) -> str:
        if self.date_precision == DatePrecision.YEAR:
            return f"{self.date:%Y}"
        if self.date_precision == DatePrecision.MONTH:
            return f"{self.date:%B %Y}"
        return f"{self.date.day} {self.date:%B %Y}"


class ClaimQuerySet(models.QuerySet):
    def published(self) -> ClaimQuerySet:
        return self.filter(position__published=True)

    def with_assertions(self) -> ClaimQuerySet:
        """Claims with their position, assertions, categories and instruments (three queries)."""
        return self.select_related("position").prefetch_related(
            models.Prefetch(
                "assertions",
                queryset=Assertion.objects.select_related("category").prefetch_related(
                    models.Prefetch("instruments", queryset=Instrument.objects.order_by())
                ),
            )
        )


class Claim(models.Model):
    """One assertion of a position about coverage, quoted verbatim with its paragraph."""

    position = models.ForeignKey(Position, on_delete=models.CASCADE, related_name="claims")
    slug = models.SlugField(max_length=80, help_text="Unique within the position.")
    paragraph = models.CharField(
        max_length=20,
        blank=True,
        help_text="The paragraph number as the document gives it, or as counted in the "
        "position's source note; empty when unknown.",
    )
    quote = models.TextField(
        help_text="Verbatim from the position's text (whitespace aside); never paraphrased."
    )
    note = models.TextField(blank=True, help_text="How the quote is read (Markdown).")
    order = models.PositiveIntegerField(
        "position in document", default=0, help_text="Where the quote stands in the document."
    )
    version = models.PositiveIntegerField(default=1, editable=False, help_text=VERSION_HELP)

    objects = ClaimQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["position__position", "position__date", "position__slug", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["position", "slug"], name="claim_slug_unique"),
            models.CheckConstraint(condition=~Q(quote=""), name="claim_quote_not_empty"),
        ]
        indexes = [models.Index(fields=["position", "order"], name="claim_order_idx")]

    def __str__(self) -> str:
        where = f", para. {self.paragraph}" if self.paragraph else ""
        return f"{self.position.slug}{where}: {self.slug}"

    def get_absolute_url(self) -> str:
        return f"{reverse('gaps:position', args=[self.position.slug])}#claim-{self.slug}"

    def clean(self) -> None:
        """A quote must occur in the position's text, whitespace aside (one query)."""
        position = Position.objects.filter(pk=self.position_id).first()
        if position is not None and position.text and self.quote:
            if normalise(self.quote) not in normalise(position.text):
                raise ValidationError(
                    {"quote": "This quote does not occur verbatim in the position's text."}
                )

    @property
    def key(self) -> str:
        """The claim's identifier in the API: `<position>/<claim>`."""
        return f"{self.position.slug}/{self.slug}"


class Assertion(models.Model):
    """What a claim asserts about one threat category and the instruments it names."""

    Asserted = Asserted

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="assertions")
    category = models.ForeignKey(
        ThreatCategory, on_delete=models.PROTECT, related_name="assertions"
    )
    instruments = models.ManyToManyField(
        Instrument,
        blank=True,
        related_name="assertions",
        help_text="The instruments the claim speaks about; none when it speaks of the law "
        "or of an approach in general.",
    )
    asserted = models.CharField(
        max_length=20,
        choices=Asserted,
        help_text="covered: the instruments prohibit it; not_covered: they do not; "
        "partly_covered: they cover it only in part or not effectively; only_voluntary: "
        "only non-binding measures address it.",
    )
    note = models.TextField(
        blank=True,
        help_text="How the claim is read for this category, and what it says the law leaves "
        "out (Markdown).",
    )
    version = models.PositiveIntegerField(default=1, editable=False, help_text=VERSION_HELP)

    history = HistoricalRecords()

    class Meta:
        ordering = ["claim", "category__position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["claim", "category"], name="assertion_category_unique"),
            models.CheckConstraint(
                condition=Q(asserted__in=Asserted.values), name="assertion_asserted_valid"
            ),
        ]
        indexes = [models.Index(fields=["category", "asserted"], name="assertion_category_idx")]

    def __str__(self) -> str:
        return f"{self.claim}: {self.category} {self.get_asserted_display().lower()}"
