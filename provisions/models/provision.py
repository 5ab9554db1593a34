from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Case, Exists, IntegerField, OuterRef, Q, Value, When
from django.urls import reverse
from django.utils.text import slugify
from simple_history.models import HistoricalRecords

from instruments.models import Instrument, display_order
from lib.locking import Versioned

from .. import multilingual_search
from .. import search as fulltext
from .assessment import Coverage
from .listed import ListingIterable


class Topic(Versioned):
    """A research topic such as verification or dispute settlement."""

    slug = models.SlugField(max_length=60)
    name = models.CharField(max_length=100)
    description = models.TextField(blank=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "name"]
        constraints = [models.UniqueConstraint(fields=["slug"], name="topic_slug_unique")]

    def __str__(self) -> str:
        return self.name


class ProvisionQuerySet(models.QuerySet):
    def published(self) -> ProvisionQuerySet:
        return self.filter(instrument__published=True)

    def in_document_order(self) -> ProvisionQuerySet:
        """Instruments in their order (Instrument.objects.in_display_order()), provisions as
        the instrument orders them."""
        return self.order_by(*display_order("instrument__"), "position", "pk")

    def search(
        self, q: str, languages: Iterable[str] | None = None, *, walk: bool = False
    ) -> ProvisionQuerySet:
        """Provisions matching a web-search query (words, "phrases", or, -word) in any of
        `languages` (codes, "en" for the English; every language held when None).

        Works on PostgreSQL and SQLite alike; see provisions/search.py and
        provisions/multilingual_search.py.
        """
        from .translation import ENGLISH, ProvisionText  # late: it imports this module

        chosen = None if languages is None else set(languages)
        texts = ProvisionText.objects.all()
        if chosen is not None:
            texts = texts.filter(language__in=chosen - {ENGLISH})
        others = None
        if chosen is None or chosen - {ENGLISH}:
            others = multilingual_search.matching_texts(texts, q).values("provision_id")
        english = chosen is None or ENGLISH in chosen
        return fulltext.matching(self, q, english=english, or_in=others, walk=walk)

    def with_text_in(self, languages: Iterable[str]) -> ProvisionQuerySet:
        """Provisions with a text in any of `languages` (an EXISTS subquery per the others;
        "en": a non-empty English text)."""
        from .translation import ENGLISH, ProvisionText  # late: it imports this module

        chosen = set(languages)
        condition = Q(pk__in=[])
        if ENGLISH in chosen:
            condition |= ~Q(text="")
        if chosen - {ENGLISH}:
            condition |= Exists(
                ProvisionText.objects.filter(provision=OuterRef("pk"), language__in=chosen)
            )
        return self.filter(condition)

    def by_relevance(self, q: str) -> ProvisionQuerySet:
        """Ordered best match first, then in document order (annotates `rank`)."""
        return self.annotate(rank=fulltext.rank(self, q)).order_by(
            "-rank", *display_order("instrument__"), "position", "pk"
        )

    def with_any_topic(self, topics) -> ProvisionQuerySet:
        """Provisions tagged with at least one of `topics` (a subquery: no duplicate rows)."""
        through = self.model.topics.through
        return self.filter(pk__in=through.objects.filter(topic__in=topics).values("provision_id"))

    def assessed(self, categories=(), levels=(), *, unassessed: bool = False) -> ProvisionQuerySet:
        """Filter on coverage assessments.

        Keeps provisions with an assessment in one of `categories` (any category when none
        are given) at one of `levels` (any level when none are given): the same assessment
        must satisfy both. With `unassessed`, keeps provisions without any assessment too, or
        only those when no category is given. A level cannot hold for an unassessed
        provision, so unassessed provisions never pass once levels are given. Each test is an
        EXISTS subquery: no duplicate rows.
        """
        model = Coverage
        if unassessed and not categories:
            if levels:
                return self.none()
            return self.filter(~Exists(model.objects.filter(provision=OuterRef("pk"))))
        coverages = model.objects.filter(provision=OuterRef("pk"))
        if categories:
            coverages = coverages.filter(category__in=categories)
        if levels:
            coverages = coverages.filter(level__in=levels)
        condition = Exists(coverages)
        if unassessed and not levels:
            condition |= ~Exists(model.objects.filter(provision=OuterRef("pk")))
        return self.filter(condition)

    def for_listing(self) -> ProvisionQuerySet:
        """With what a list shows: the instrument, and as lists `listed_topics` and
        `listed_coverages` (each coverage with its `category`) the topics and assessments,
        read as light rows by listed.py (three queries in all)."""
        queryset = self.select_related("instrument")
        # As values() does: the class that turns the query's rows into results.
        queryset._iterable_class = ListingIterable
        return queryset

    def iterator(self, chunk_size: int | None = None):
        # Without server-side cursors (DB_DISABLE_SERVER_SIDE_CURSORS) Django reads the rows
        # at once; a listing still builds and attaches them a chunk at a time.
        self.streamed = True
        return super().iterator(chunk_size)

    def with_texts(self, language: str | None = None) -> ProvisionQuerySet:
        """With `listed_texts`, a list of the texts in other languages (one query), only
        those in `language` when given."""
        from .translation import ProvisionText  # late: it imports this module

        texts = ProvisionText.objects.order_by("language")
        if language is not None:
            texts = texts.filter(language=language)
        return self.prefetch_related(
            models.Prefetch("translations", queryset=texts, to_attr="listed_texts")
        )


class Provenance(models.TextChoices):
    """Where the text of a provision came from."""

    OFFICIAL = "official", "Verbatim, checked against an official source"
    UNVERIFIED = "unverified", "Verbatim, from an unverified transcription"
    SUMMARY = "summary", "Summary, not treaty text"


# How solid the evidence behind an assessment is, by its provision's provenance: larger is
# stronger, so that the database can take the strongest with MAX().
EVIDENCE_RANK = {Provenance.OFFICIAL: 3, Provenance.UNVERIFIED: 2, Provenance.SUMMARY: 1}
EVIDENCE_FOR_RANK = {rank: provenance.value for provenance, rank in EVIDENCE_RANK.items()}


def evidence_rank(field: str = "provision__provenance") -> Case:
    """A database expression giving the evidence rank of a provenance column (0 if unknown)."""
    return Case(
        *(When(**{field: value}, then=Value(rank)) for value, rank in EVIDENCE_RANK.items()),
        default=Value(0),
        output_field=IntegerField(),
    )


class Provision(models.Model):
    """An article, paragraph, guideline or preamble of an instrument, with its text."""

    Provenance = Provenance

    instrument = models.ForeignKey(Instrument, on_delete=models.CASCADE, related_name="provisions")
    slug = models.SlugField(
        max_length=60, help_text="Unique within the instrument, e.g. art-4 or art-4-para-1."
    )
    label = models.CharField(
        max_length=100,
        help_text="As the instrument numbers it: 'Article IV', 'Article IV, paragraph 1', "
        "'Guideline B.8', 'Preamble'.",
    )
    heading = models.CharField(max_length=300, blank=True)
    text = models.TextField(
        blank=True,
        help_text="Markdown. Leave empty only for an article whose paragraphs are entered as "
        "child provisions: the text then lives in the paragraphs.",
    )
    position = models.PositiveIntegerField(default=0, help_text="Order within the instrument.")
    parent = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="children",
        help_text="The article a paragraph belongs to.",
    )
    topics = models.ManyToManyField(Topic, blank=True, related_name="provisions")
    provenance = models.CharField(
        "provenance of the text",
        max_length=20,
        choices=Provenance,
        help_text="Where this text came from. Never mark text official unless it was checked "
        "against an official publication.",
    )
    source_note = models.TextField(
        blank=True,
        help_text="The file or document the text was taken from, and any corrections made.",
    )
    version = models.PositiveIntegerField(
        default=1,
        editable=False,
        help_text="Raised by one on every save through the admin (optimistic locking).",
    )

    objects = ProvisionQuerySet.as_manager()
    # Topics are recorded too, so that a restored provision gets its topics back.
    history = HistoricalRecords(m2m_fields=[topics])

    class Meta:
        ordering = ["instrument__position", "instrument__slug", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["instrument", "slug"], name="provision_slug_unique_in_instrument"
            ),
            models.CheckConstraint(
                condition=Q(provenance__in=Provenance.values),
                name="provision_provenance_valid",
            ),
            models.CheckConstraint(
                condition=~Q(parent=models.F("pk")), name="provision_not_its_own_parent"
            ),
        ]
        indexes = [
            # Covering (PostgreSQL): the matrix's cells and examples read a scope's provisions
            # from the index alone (at 100k provisions, 10 ms of heap reads became 1.5 ms).
            models.Index(
                fields=["instrument", "position"],
                include=["id", "provenance", "slug", "label"],
                name="provision_order_idx",
            ),
            models.Index(fields=["provenance"], name="provision_provenance_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.instrument.short_name}, {self.label}"

    def get_absolute_url(self) -> str:
        return reverse("provisions:detail", args=[self.instrument.slug, self.slug])

    def clean(self) -> None:
        if (
            self.parent_id is not None
            and self.instrument_id is not None
            and self.parent.instrument_id != self.instrument_id
        ):
            raise ValidationError(
                {"parent": "The parent provision must belong to the same instrument."}
            )
        if self.parent_id is not None and self.pk is not None and self.parent_id == self.pk:
            raise ValidationError({"parent": "A provision cannot be its own parent."})


class DeletedProvision(Provision.history.model):
    """The recorded deletion of a provision, for the admin's list of what can be restored."""

    class Meta:
        proxy = True
        verbose_name = "deleted provision"
        verbose_name_plural = "deleted provisions"


class DefinedTerm(Versioned):
    """A term that a provision defines, such as "space object" in the Liability Convention."""

    provision = models.ForeignKey(Provision, on_delete=models.CASCADE, related_name="defined_terms")
    term = models.CharField(
        max_length=200, help_text="As the provision words it, e.g. 'outer space object'."
    )
    slug = models.SlugField(
        max_length=200,
        help_text="The term normalised; the definitions page sets terms with the same slug "
        "side by side. Filled in from the term when left empty.",
    )
    position = models.PositiveIntegerField(default=0, help_text="Order within the provision.")

    # Recorded so that a restored provision gets its defined terms back.
    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["provision", "slug"], name="definedterm_unique_per_provision"
            ),
            models.CheckConstraint(condition=~Q(slug=""), name="definedterm_slug_required"),
        ]
        indexes = [models.Index(fields=["slug"], name="definedterm_slug_idx")]

    def __str__(self) -> str:
        return self.term

    def save(self, *args, **kwargs) -> None:
        if not self.slug:
            self.slug = slugify(self.term)
        super().save(*args, **kwargs)
