from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Case, F, IntegerField, OrderBy, Q, Value, When
from django.urls import reverse
from simple_history.models import HistoricalRecords

from lib.publishing import Origin, Publishable, published_field


class InstrumentQuerySet(models.QuerySet):
    def published(self) -> InstrumentQuerySet:
        return self.filter(published=True)

    def in_display_order(self) -> InstrumentQuerySet:
        """By status group (in force, would bind, non-binding, ended), then by date adopted
        (undated last), as every list of instruments shows them (see display_order)."""
        return self.order_by(*display_order())


class Kind(models.TextChoices):
    """What sort of document an instrument is."""

    TREATY = "treaty", "Treaty"
    DRAFT_TREATY = "draft_treaty", "Draft treaty"
    WORKING_PAPER = "working_paper", "Working paper"
    GUIDELINES = "guidelines", "Guidelines"
    RESOLUTION = "resolution", "Resolution"
    REPORT = "report", "Report"
    CHARTER = "charter", "Charter or constitution"


class Status(models.TextChoices):
    """Where an instrument stands legally today."""

    IN_FORCE = "in_force", "In force"
    SIGNED_NOT_IN_FORCE = "signed_not_in_force", "Signed, not in force"
    DRAFT = "draft", "Draft under negotiation"
    PROPOSAL = "proposal", "Proposal or working paper"
    NON_BINDING = "non_binding", "Non-binding"
    EXPIRED = "expired", "No longer in force"


# A treaty text binds, or would bind, its parties: only such an instrument can prohibit. A
# proposal lists elements of a treaty nobody has drafted yet; guidelines and resolutions
# recommend.
CAN_PROHIBIT: tuple[str, ...] = (
    Status.IN_FORCE,
    Status.SIGNED_NOT_IN_FORCE,
    Status.DRAFT,
    Status.EXPIRED,
)
# Statuses whose instruments are, or were, legally binding on their parties.
ALWAYS_BINDING: tuple[str, ...] = (Status.IN_FORCE, Status.SIGNED_NOT_IN_FORCE, Status.EXPIRED)
NEVER_BINDING: tuple[str, ...] = (Status.PROPOSAL, Status.NON_BINDING)
# Statuses that may carry an entry-into-force date.
ENTERED_INTO_FORCE: tuple[str, ...] = (Status.IN_FORCE, Status.EXPIRED)


# The groups instruments are shown in, in order: binding and in force; signed, drafts and
# proposals (they would bind); non-binding; no longer in force. The matrix's column groups.
STATUS_GROUP: dict[str, int] = {
    Status.IN_FORCE: 0,
    Status.SIGNED_NOT_IN_FORCE: 1,
    Status.DRAFT: 1,
    Status.PROPOSAL: 1,
    Status.NON_BINDING: 2,
    Status.EXPIRED: 3,
}


def status_group_expression() -> Case:
    """STATUS_GROUP as a database expression (the generated column `status_group`)."""
    return Case(
        *(When(status=status, then=Value(rank)) for status, rank in STATUS_GROUP.items()),
        default=Value(len(STATUS_GROUP)),
        output_field=IntegerField(),
    )


def display_order(prefix: str = "") -> list:
    """The order of instruments everywhere, as order_by() terms; `prefix` reaches the
    instrument through a relation ("instrument__", "provision__instrument__"). Plain columns
    with an index (instrument_display_idx), so that a page of provisions in this order is
    read in order rather than sorted from all of them."""
    return [
        f"{prefix}status_group",
        OrderBy(F(f"{prefix}adopted_on"), nulls_last=True),
        f"{prefix}position",
        f"{prefix}slug",
    ]


def can_prohibit(status: str) -> bool:
    """Whether a provision of an instrument with this status may be rated "prohibits"."""
    return status in CAN_PROHIBIT


class Instrument(Publishable):
    """A treaty, draft, working paper, set of guidelines or resolution."""

    Kind = Kind
    Status = Status
    Origin = Origin

    slug = models.SlugField(
        max_length=60, help_text="Stable identifier used in URLs and the API, e.g. ost-1967."
    )
    short_name = models.CharField(max_length=100)
    title = models.CharField("full title", max_length=500)
    symbols = models.CharField(
        "document symbols",
        max_length=200,
        blank=True,
        help_text="Official document symbols, separated by semicolons, e.g. CD/1839.",
    )
    kind = models.CharField(max_length=20, choices=Kind)
    status = models.CharField(max_length=20, choices=Status)
    binding = models.BooleanField(
        "legally binding once in force",
        help_text="Whether the instrument creates legal obligations for its parties once in "
        "force. A signed treaty or a draft treaty is binding in this sense; a proposal or "
        "working paper, guidelines and resolutions are not.",
    )
    adopted_on = models.DateField(
        "adopted or opened for signature",
        null=True,
        blank=True,
        help_text="For a draft or working paper: the date it was tabled.",
    )
    in_force_on = models.DateField(
        "entry into force",
        null=True,
        blank=True,
        help_text="The date the instrument became binding on its first parties.",
    )
    tabled_on = models.DateField(
        "tabled",
        null=True,
        blank=True,
        help_text="For a draft or working paper: the date it was formally submitted to a "
        "negotiating body. Dated views count a draft or proposal from this date.",
    )
    ended_on = models.DateField(
        "superseded or ended",
        null=True,
        blank=True,
        help_text="The date a later text replaced this one, or it was terminated or withdrawn. "
        "Dated views count the instrument only before this date.",
    )
    dates_source = models.TextField(
        "sources of the dates",
        blank=True,
        help_text="Where each date above comes from: for each, the source (URL, document symbol "
        "or file), its provenance (official, unverified or summary) and any doubt, e.g. a date "
        "known only to the month. Shown with every dated view.",
    )
    parties = models.PositiveIntegerField(
        "number of parties",
        null=True,
        blank=True,
        help_text="States that have ratified or acceded; leave empty when not applicable.",
    )
    parties_as_of = models.DateField(
        "parties counted on", null=True, blank=True, help_text="The date of that count."
    )
    depositary = models.CharField(
        max_length=200,
        blank=True,
        help_text="The government(s) or official who keep the original and receive ratifications.",
    )
    source_url = models.URLField("official source", max_length=500, blank=True)
    source_file = models.CharField(
        "source file",
        max_length=300,
        blank=True,
        help_text="For a verbatim text: the file it was sliced from, relative to the shared "
        "sources folder, e.g. space-law-corpus/ost-1967/text.txt. The source-text tests check "
        "the provisions against it.",
    )
    corrections = models.JSONField(
        default=list,
        blank=True,
        help_text="The documented corrections of transcription errors in the source file: a "
        'list of {"find": ..., "replace": ..., "reason": ...}.',
    )
    summary = models.TextField(blank=True, help_text="Markdown.")
    selection_note = models.TextField(
        blank=True,
        help_text="Fill in when only some provisions are held, e.g. "
        "'Only Articles 2(4) and 51 are included.'",
    )
    supersedes = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="superseded_by",
        help_text="The earlier version this instrument replaces, e.g. the 2014 PPWT "
        "replaces the 2008 draft.",
    )
    position = models.PositiveIntegerField(default=0, help_text="Order within its status group.")
    status_group = models.GeneratedField(
        expression=status_group_expression(),
        output_field=models.PositiveSmallIntegerField(),
        db_persist=True,
        help_text="The status's group in display order (STATUS_GROUP), kept by the database.",
    )
    published = published_field("Unpublished instruments are hidden from public pages.")

    objects = InstrumentQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "slug"]
        constraints = [
            models.UniqueConstraint(fields=["slug"], name="instrument_slug_unique"),
            models.CheckConstraint(
                condition=Q(kind__in=Kind.values),
                name="instrument_kind_valid",
            ),
            models.CheckConstraint(
                condition=Q(status__in=Status.values),
                name="instrument_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(origin__in=Origin.values), name="instrument_origin_valid"
            ),
            models.CheckConstraint(
                condition=~Q(status="in_force") | Q(binding=True),
                name="instrument_in_force_is_binding",
            ),
            models.CheckConstraint(
                condition=~Q(status="non_binding") | Q(binding=False),
                name="instrument_non_binding_not_binding",
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True)
                | Q(tabled_on__isnull=True)
                | Q(ended_on__gte=models.F("tabled_on")),
                name="instrument_ended_after_tabled",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["signed_not_in_force", "expired"]) | Q(binding=True),
                name="instrument_signed_or_expired_is_binding",
            ),
            models.CheckConstraint(
                condition=~Q(status="proposal") | Q(binding=False),
                name="instrument_proposal_not_binding",
            ),
            models.CheckConstraint(
                condition=~Q(supersedes=models.F("pk")),
                name="instrument_not_superseding_itself",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "position"], name="instrument_status_idx"),
            # The provision list filters on the year of adoption.
            models.Index(fields=["adopted_on"], name="instrument_adopted_on_idx"),
            # Lists show provisions in instrument order: walking this index (and each
            # instrument's provisions by position) reads one page of a list without sorting
            # every provision.
            models.Index(fields=["position", "slug"], name="instrument_order_idx"),
            # The same for the display order (display_order()); PostgreSQL's ascending index
            # puts nulls last already, as that order does.
            models.Index(
                fields=["status_group", "adopted_on", "position", "slug"],
                name="instrument_display_idx",
            ),
        ]

    def __str__(self) -> str:
        return self.short_name

    def get_absolute_url(self) -> str:
        return reverse("provisions:instrument", args=[self.slug])

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.status in ALWAYS_BINDING and not self.binding:
            errors["binding"] = (
                f"An instrument {self.get_status_display().lower()} must be legally binding."
            )
        if self.status in NEVER_BINDING and self.binding:
            errors["binding"] = (
                f"A {self.get_status_display().lower()} cannot be marked legally binding."
            )
        if self.parties is not None and self.parties_as_of is None:
            errors["parties_as_of"] = "Give the date on which the parties were counted."
        if self.in_force_on and self.status not in ENTERED_INTO_FORCE:
            errors["in_force_on"] = (
                "Only an instrument in force, or once in force, has an entry-into-force date."
            )
        if self.ended_on and self.tabled_on and self.ended_on < self.tabled_on:
            errors["ended_on"] = "An instrument cannot end before it was tabled."
        if self.supersedes_id is not None:
            if self.pk is not None and self.supersedes_id == self.pk:
                errors["supersedes"] = "An instrument cannot supersede itself."
            elif self.pk is not None and self.pk in self.superseded_chain_ids():
                errors["supersedes"] = "This would make a cycle of superseded instruments."
        if errors:
            raise ValidationError(errors)

    def superseded_chain_ids(self) -> list[int]:
        """Primary keys of the instruments this one replaces, nearest first.

        Runs one query per step of the chain; chains are a handful of drafts long.
        """
        ids: list[int] = []
        current = self.supersedes_id
        while current is not None and current not in ids:
            ids.append(current)
            current = (
                Instrument.objects.filter(pk=current)
                .values_list("supersedes_id", flat=True)
                .first()
            )
        return ids

    @property
    def symbol_list(self) -> list[str]:
        return [symbol.strip() for symbol in self.symbols.split(";") if symbol.strip()]
