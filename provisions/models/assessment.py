"""The assessment vocabulary: threat categories, capability types, coverage levels and the
assessment of each provision against each category.

The tables keep the names they had when these models lived in gaps (`db_table`), so that
moving them changed no data.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Case, F, IntegerField, Max, Q, Value, When, Window
from django.urls import reverse
from simple_history.models import HistoricalRecords

from instruments.models import can_prohibit
from lib.locking import Versioned

QUALIFIER_MAX_LENGTH = 120


class Capability(Versioned):
    """A type of counterspace capability: direct-ascent, co-orbital, electronic, ..."""

    slug = models.SlugField(max_length=60)
    name = models.CharField(max_length=100)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "name"]
        db_table = "gaps_capability"
        verbose_name_plural = "capabilities"
        constraints = [models.UniqueConstraint(fields=["slug"], name="capability_slug_unique")]

    def __str__(self) -> str:
        return self.name


class ThreatCategory(Versioned):
    """A kind of threat to security in outer space that law may or may not cover."""

    slug = models.SlugField(max_length=60)
    name = models.CharField(max_length=200)
    definition = models.TextField(help_text="Markdown.")
    identified_in = models.TextField(
        "where identified",
        blank=True,
        help_text="The documents or reports that identify this threat (Markdown).",
    )
    capabilities = models.ManyToManyField(Capability, blank=True, related_name="categories")
    position = models.PositiveIntegerField(default=0)

    history = HistoricalRecords(table_name="gaps_historicalthreatcategory")

    class Meta:
        ordering = ["position", "name"]
        db_table = "gaps_threatcategory"
        verbose_name_plural = "threat categories"
        constraints = [models.UniqueConstraint(fields=["slug"], name="category_slug_unique")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("gaps:category", args=[self.slug])


class Level(models.TextChoices):
    """How a provision covers a threat category, strongest first."""

    PROHIBITS = "prohibits", "Prohibits"
    RESTRICTS = "restricts", "Restricts"
    GUIDANCE = "guidance", "Voluntary guidance"
    INDIRECT = "indirect", "Indirect"


# Larger is stronger; lets the database take the strongest level with MAX().
LEVEL_RANK = {Level.PROHIBITS: 4, Level.RESTRICTS: 3, Level.GUIDANCE: 2, Level.INDIRECT: 1}


def level_rank(field: str = "level") -> Case:
    """A database expression giving the rank of a coverage level column."""
    return Case(
        *(When(**{field: level}, then=Value(rank)) for level, rank in LEVEL_RANK.items()),
        output_field=IntegerField(),
    )


class CoverageQuerySet(models.QuerySet):
    def published(self) -> CoverageQuerySet:
        return self.filter(provision__instrument__published=True)

    def strongest_ranks(self, instrument_ids: list[int]) -> dict[tuple[int, int], int]:
        """{(category id, instrument id): the strongest rank among its provisions} for the
        given instruments, aggregated with MAX() in the database (one query)."""
        rows = (
            self.filter(provision__instrument__in=instrument_ids)
            .order_by()
            .values("category_id", "provision__instrument_id")
            .annotate(strongest=Max(level_rank()))
        )
        return {
            (row["category_id"], row["provision__instrument_id"]): row["strongest"] for row in rows
        }

    def strongest_first(self) -> CoverageQuerySet:
        """Instruments by their strongest level here, then each one's provisions the same way.

        Adds `strength` (this assessment's rank) and `instrument_strength` (the strongest
        rank of the same instrument within the queryset's filter), computed by the database.
        """
        return self.annotate(
            strength=level_rank(),
            instrument_strength=Window(
                Max(level_rank()), partition_by=[F("provision__instrument_id")]
            ),
        ).order_by(
            "-instrument_strength",
            "provision__instrument__position",
            "provision__instrument__slug",
            "-strength",
            "provision__position",
            "pk",
        )


class Coverage(Versioned):
    """One provision's assessment against one threat category."""

    provision = models.ForeignKey(
        "provisions.Provision", on_delete=models.CASCADE, related_name="coverages"
    )
    category = models.ForeignKey(ThreatCategory, on_delete=models.PROTECT, related_name="coverages")
    level = models.CharField(
        max_length=20,
        choices=Level,
        help_text="prohibits: forbids the activity (a draft: would, once in force); "
        "restricts: binding but partial, procedural or conditional; "
        "guidance: non-binding recommendation; indirect: only through a general principle, "
        "definition or transparency duty.",
    )
    rationale = models.TextField(
        help_text="Why this level: quote the operative words and say what the provision "
        "leaves out (Markdown)."
    )
    qualifier = models.CharField(
        max_length=QUALIFIER_MAX_LENGTH,
        blank=True,
        help_text="Where the level holds only in part, say so in a few words; shown with the "
        "level everywhere, e.g. 'on celestial bodies only'.",
    )

    objects = CoverageQuerySet.as_manager()
    history = HistoricalRecords(table_name="gaps_historicalcoverage")

    class Meta:
        ordering = ["category__position", "provision__instrument__position", "provision__position"]
        db_table = "gaps_coverage"
        verbose_name = "coverage assessment"
        constraints = [
            models.UniqueConstraint(
                fields=["provision", "category"], name="coverage_unique_per_provision_category"
            ),
            models.CheckConstraint(
                condition=Q(level__in=Level.values),
                name="coverage_level_valid",
            ),
            models.CheckConstraint(condition=~Q(rationale=""), name="coverage_rationale_required"),
        ]
        indexes = [
            # Covering (PostgreSQL): a category-and-level filter finds its provisions in the
            # index alone.
            models.Index(
                fields=["category", "level"],
                include=["provision"],
                name="coverage_category_level_idx",
            )
        ]

    def __str__(self) -> str:
        return f"{self.provision} {self.get_level_display().lower()} {self.category}"

    def clean(self) -> None:
        instrument = self.provision.instrument if self.provision_id is not None else None
        if self.level == Level.PROHIBITS and instrument is not None:
            if instrument.status == instrument.Status.PROPOSAL:
                raise ValidationError(
                    {
                        "level": f"The {instrument.short_name} is a proposal or working paper, "
                        "not a treaty text: it can neither prohibit anything nor close a gap on "
                        "its own. Use 'restricts' or 'indirect' and say in the rationale what a "
                        "treaty built on it would do."
                    }
                )
            if not instrument.binding or not can_prohibit(instrument.status):
                raise ValidationError(
                    {
                        "level": "A provision of a non-binding instrument cannot prohibit "
                        "anything; use 'guidance'."
                    }
                )
        if not self.rationale.strip():
            raise ValidationError({"rationale": "Explain the assessment."})

    @property
    def rank(self) -> int:
        return LEVEL_RANK[Level(self.level)]
