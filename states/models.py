"""States and their participation in instruments: who signed, who is bound, since when.

A State is bound by a treaty once it has ratified, acceded, succeeded, accepted or
approved it, the act has taken effect, the treaty is in force, and no withdrawal (or
revocation of the ratification) has taken effect since. Whether a State is *not* a party
can only be said from a complete list of participants: `ParticipationList` records that an
instrument has one, and the date it is current to. Without a list and without a record,
a State's status is unknown.
"""

from __future__ import annotations

import datetime

from django.db import models
from django.db.models import Exists, F, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from instruments.models import Instrument, Status
from lib.locking import Versioned

# The States whose space activities the corpus's sources discuss; pages flag them.
MAJOR_SPACE_POWERS = ("US", "RU", "CN", "IN", "FR", "GB", "JP")


class Kind(models.TextChoices):
    MEMBER = "member", "UN Member State"
    OBSERVER = "observer", "Non-member observer State"
    NON_MEMBER = "non_member", "Non-member State"


class StateQuerySet(models.QuerySet):
    def by_code(self, codes: list[str]) -> StateQuerySet:
        return self.filter(code__in=[code.upper() for code in codes])


class State(Versioned):
    """A State as the United Nations lists it."""

    Kind = Kind

    code = models.CharField(
        max_length=2,
        help_text="ISO 3166-1 alpha-2 code in capitals, e.g. CN. Used in URLs and ?state=.",
    )
    name = models.CharField(
        max_length=100, help_text="The UN's current short name, e.g. 'Türkiye', 'Czechia'."
    )
    kind = models.CharField(max_length=12, choices=Kind, default=Kind.MEMBER)

    objects = StateQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["code"], name="state_code_unique"),
            models.CheckConstraint(
                condition=Q(code__regex=r"^[A-Z]{2}$"), name="state_code_two_capitals"
            ),
            models.CheckConstraint(condition=Q(kind__in=Kind.values), name="state_kind_valid"),
        ]
        indexes = [models.Index(fields=["name"], name="state_name_idx")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("gaps:state", args=[self.code])


class Action(models.TextChoices):
    """What a State did with respect to an instrument."""

    SIGNATURE = "signature", "Signature"
    RATIFICATION = "ratification", "Ratification"
    ACCESSION = "accession", "Accession"
    SUCCESSION = "succession", "Succession"
    ACCEPTANCE = "acceptance", "Acceptance"
    APPROVAL = "approval", "Approval"
    WITHDRAWAL = "withdrawal", "Withdrawal"
    # Not a withdrawal from the treaty: the State undoes its ratification and remains a
    # signatory (the Russian Federation and the CTBT, 2023).
    REVOCATION = "revocation_of_ratification", "Revocation of ratification"


# The acts by which a State consents to be bound.
JOINING = (
    Action.RATIFICATION,
    Action.ACCESSION,
    Action.SUCCESSION,
    Action.ACCEPTANCE,
    Action.APPROVAL,
)
# The acts that end that consent.
LEAVING = (Action.WITHDRAWAL, Action.REVOCATION)


class Provenance(models.TextChoices):
    OFFICIAL = "official", "Checked against the depositary's or the UN's own list"
    UNVERIFIED = "unverified", "From a secondary copy, not checked against an official list"


class ParticipationQuerySet(models.QuerySet):
    def in_effect_on(self, on: datetime.date) -> ParticipationQuerySet:
        """Acts that have taken effect by `on` (their effective date, else their date)."""
        return self.filter(
            Q(effective_date__isnull=False, effective_date__lte=on)
            | Q(effective_date__isnull=True, date__lte=on)
        )

    def binding(self, on: datetime.date | None = None) -> ParticipationQuerySet:
        """The joining acts that bind their State on `on` (today by default).

        For every State and instrument at once, in one query: a joining act in effect,
        the instrument in force by then, and no withdrawal or revocation in effect since.
        Use `.pairs()` for the (state id, instrument id) set.
        """
        on = on or timezone.localdate()
        left = Participation.objects.filter(
            state_id=OuterRef("state_id"),
            instrument_id=OuterRef("instrument_id"),
            action__in=LEAVING,
            date__gte=OuterRef("date"),
        ).in_effect_on(on)
        return (
            self.filter(action__in=JOINING, instrument__status=Status.IN_FORCE)
            .filter(Q(instrument__in_force_on__isnull=True) | Q(instrument__in_force_on__lte=on))
            .in_effect_on(on)
            .filter(~Exists(left))
        )

    def pairs(self) -> set[tuple[int, int]]:
        return set(self.values_list("state_id", "instrument_id").distinct().order_by())

    def chronological(self) -> ParticipationQuerySet:
        return self.order_by("date", "pk")


class Participation(models.Model):
    """One act of one State concerning one instrument, with its source."""

    Action = Action
    Provenance = Provenance

    state = models.ForeignKey(State, on_delete=models.PROTECT, related_name="participations")
    instrument = models.ForeignKey(
        Instrument, on_delete=models.CASCADE, related_name="participations"
    )
    action = models.CharField(max_length=30, choices=Action)
    date = models.DateField(
        help_text="The date of the act: of signature, or of deposit of the instrument of "
        "ratification, accession, etc. with the depositary; of the notice of withdrawal."
    )
    effective_date = models.DateField(
        "takes effect on",
        null=True,
        blank=True,
        help_text="When the act takes effect, if not on its date: required for a withdrawal "
        "(treaties set a notice period, e.g. one year); for a ratification, the entry into "
        "force for that State where the source gives it.",
    )
    reservations = models.TextField(
        "reservations, declarations or understandings",
        blank=True,
        help_text="Quoted from the source, where they bear on the instrument's obligations.",
    )
    source = models.CharField(
        max_length=500, help_text="URL or document symbol of the status list or notification."
    )
    provenance = models.CharField(max_length=12, choices=Provenance)
    note = models.TextField(blank=True)
    version = models.PositiveIntegerField(
        default=1,
        editable=False,
        help_text="Raised by one on every save through the admin (optimistic locking).",
    )

    objects = ParticipationQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["state__name", "instrument__position", "date", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["state", "instrument", "action", "date"], name="participation_unique_act"
            ),
            models.CheckConstraint(
                condition=Q(action__in=Action.values), name="participation_action_valid"
            ),
            models.CheckConstraint(
                condition=Q(provenance__in=Provenance.values),
                name="participation_provenance_valid",
            ),
            models.CheckConstraint(
                condition=~Q(action=Action.WITHDRAWAL) | Q(effective_date__isnull=False),
                name="participation_withdrawal_has_effective_date",
            ),
            models.CheckConstraint(
                condition=Q(effective_date__isnull=True) | Q(effective_date__gte=F("date")),
                name="participation_effective_not_before_date",
            ),
            models.CheckConstraint(condition=~Q(source=""), name="participation_has_source"),
        ]
        indexes = [
            models.Index(fields=["instrument", "state"], name="participation_instrument_idx"),
            models.Index(fields=["state", "instrument"], name="participation_state_idx"),
            models.Index(fields=["action", "date"], name="participation_action_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.state}: {self.get_action_display()} of {self.instrument} ({self.date})"

    @property
    def joins(self) -> bool:
        return self.action in JOINING

    @property
    def leaves(self) -> bool:
        return self.action in LEAVING


class ParticipationList(models.Model):
    """A complete list of an instrument's participants, current to a date.

    Its presence lets the application say "not a party" of a State with no record; without
    it the status of such a State is unknown.
    """

    instrument = models.OneToOneField(
        Instrument, on_delete=models.CASCADE, related_name="participation_list"
    )
    as_of = models.DateField(
        "current to",
        null=True,
        blank=True,
        help_text="The 'as at' date of the status list. Leave empty only when the source "
        "shows none, and say so in the note on the date.",
    )
    as_of_note = models.CharField(
        "note on the date",
        max_length=300,
        blank=True,
        help_text="E.g. 'No date shown; the list records a notice of 5 January 2023.'",
    )
    source = models.CharField(max_length=500, help_text="URL or symbol of the status list.")
    provenance = models.CharField(max_length=12, choices=Provenance)
    note = models.TextField(blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    history = HistoricalRecords()

    class Meta:
        ordering = ["instrument__position", "instrument__slug"]
        constraints = [
            models.CheckConstraint(
                condition=Q(as_of__isnull=False) | ~Q(as_of_note=""),
                name="participationlist_date_or_note",
            ),
            models.CheckConstraint(
                condition=Q(provenance__in=Provenance.values),
                name="participationlist_provenance_valid",
            ),
            models.CheckConstraint(condition=~Q(source=""), name="participationlist_has_source"),
        ]

    def __str__(self) -> str:
        when = self.as_of.isoformat() if self.as_of else "undated"
        return f"Participants in {self.instrument} ({when})"
