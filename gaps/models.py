from __future__ import annotations

import uuid

from django.core.exceptions import ValidationError
from django.db import connections, models
from django.db.models import Case, F, IntegerField, Max, Q, Value, When, Window
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from provisions.models import Provision


class Capability(models.Model):
    """A type of counterspace capability: direct-ascent, co-orbital, electronic, ..."""

    slug = models.SlugField(max_length=60)
    name = models.CharField(max_length=100)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "name"]
        verbose_name_plural = "capabilities"
        constraints = [models.UniqueConstraint(fields=["slug"], name="capability_slug_unique")]

    def __str__(self) -> str:
        return self.name


class ThreatCategory(models.Model):
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

    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "name"]
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


class Coverage(models.Model):
    """One provision's assessment against one threat category."""

    provision = models.ForeignKey(Provision, on_delete=models.CASCADE, related_name="coverages")
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

    objects = CoverageQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["category__position", "provision__instrument__position", "provision__position"]
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
        indexes = [models.Index(fields=["category", "level"], name="coverage_category_level_idx")]

    def __str__(self) -> str:
        return f"{self.provision} {self.get_level_display().lower()} {self.category}"

    def clean(self) -> None:
        if (
            self.level == Level.PROHIBITS
            and self.provision_id is not None
            and not self.provision.instrument.binding
        ):
            raise ValidationError(
                {
                    "level": "A provision of a non-binding instrument cannot prohibit anything; "
                    "use 'guidance'."
                }
            )
        if not self.rationale.strip():
            raise ValidationError({"rationale": "Explain the assessment."})

    @property
    def rank(self) -> int:
        return LEVEL_RANK[Level(self.level)]


class ReleaseQuerySet(models.QuerySet):
    def current(self) -> Release | None:
        """The most recently loaded corpus release (one query)."""
        return self.order_by("-loaded_at", "-pk").first()


class Release(models.Model):
    """A version of the shipped corpus, recorded each time `load_corpus` loads one."""

    version = models.CharField(max_length=40)
    date = models.DateField()
    digest = models.CharField(
        max_length=64, help_text="SHA-256 of the fixture files, to skip reloading unchanged data."
    )
    loaded_at = models.DateTimeField(auto_now_add=True)

    objects = ReleaseQuerySet.as_manager()

    class Meta:
        ordering = ["-loaded_at"]
        get_latest_by = "loaded_at"

    def __str__(self) -> str:
        return f"Corpus {self.version} ({self.date:%d %B %Y})"


class DataVersionQuerySet(models.QuerySet):
    def current(self) -> str:
        """The token of the data now in the database (one query); "initial" before any change.

        Written out rather than built with the ORM: the page cache asks for it on every
        request it answers, and building the query took longer than running it.
        """
        table = connections[self.db].ops.quote_name(self.model._meta.db_table)
        with connections[self.db].cursor() as cursor:
            cursor.execute(f"SELECT token FROM {table} WHERE id = %s", [DataVersion.SINGLETON])
            row = cursor.fetchone()
        return (row[0] if row else "") or "initial"


class DataVersion(models.Model):
    """A token that changes whenever data shown in the coverage matrix changes.

    The computed matrix is cached under this token, so a change anywhere (admin, loader,
    shell) is visible on the next request. Signals in `gaps.signals` bump it on every save
    and delete of the models the matrix reads; `QuerySet.update()` and `bulk_create()` send
    no signals, so code that uses them must call `DataVersion.bump()` itself. A random token
    rather than a counter: after a rolled-back transaction a counter would repeat an old
    value and resurrect a stale cache entry.
    """

    SINGLETON = 1

    token = models.CharField(max_length=32)
    changed_at = models.DateTimeField(auto_now=True)

    objects = DataVersionQuerySet.as_manager()

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(pk=1), name="dataversion_single_row"),
        ]

    def __str__(self) -> str:
        return f"Data version {self.token}"

    @classmethod
    def bump(cls) -> None:
        """Give the data a new token (one query, two the very first time)."""
        token = uuid.uuid4().hex
        if not cls.objects.filter(pk=cls.SINGLETON).update(token=token, changed_at=timezone.now()):
            cls.objects.update_or_create(pk=cls.SINGLETON, defaults={"token": token})
