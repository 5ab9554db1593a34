"""Which recorded edits changed a cell of the matrix between two moments (two releases' loads).

Every save of an assessment, a provision or an instrument is in its history (django-simple-
history), whoever made it: an editor in the admin, a script, or the loader, which names the
release it loaded in the change reason. A cell changes through its assessments (level,
created, deleted), its provisions' provenance (the evidence) and its instrument (status,
binding, published, supersession). Three queries whatever the number of edits, plus one for
the assessments of the provisions edited.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import F, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse

from instruments.models import Instrument, Status
from provisions.models import Coverage, Level, Provenance, Provision, ThreatCategory

KINDS = {"+": "created", "~": "changed", "-": "deleted"}
LABELS = {**dict(Level.choices), **dict(Provenance.choices), **dict(Status.choices)}


@dataclass(frozen=True)
class Edit:
    at: datetime.datetime
    what: str  # "the assessment of Treaty A, Article II against WMD changed: level ..."
    reason: str  # the change reason recorded, e.g. "Loaded with corpus release 2026.12.0"
    user: str  # shown to staff only
    admin_url: str  # the object's history in the admin, for staff


@dataclass
class EditIndex:
    """The edits found, by the cell ("category|instrument") or instrument they touch."""

    cells: dict[str, list[Edit]] = field(default_factory=lambda: defaultdict(list))
    instruments: dict[str, list[Edit]] = field(default_factory=lambda: defaultdict(list))

    def for_cell(self, key: str) -> list[Edit]:
        instrument = key.split("|", 1)[-1]
        return _sorted([*self.cells.get(key, []), *self.instruments.get(instrument, [])])

    def for_category(self, slug: str, keys: Iterable[str]) -> list[Edit]:
        """The edits of a category's changed cells (`keys`), for its gap."""
        found = {edit for key in keys if key.startswith(f"{slug}|") for edit in self.for_cell(key)}
        return _sorted(found)


def _sorted(edits: Iterable[Edit]) -> list[Edit]:
    return sorted(set(edits), key=lambda edit: (edit.at, edit.what))


def _shown(value: Any) -> str:
    return str(LABELS.get(value, value)) if value not in (None, "") else "(none)"


def _history(model: type, start: datetime.datetime, end: datetime.datetime | None, **extra: Any):
    """Every recorded version, up to `end`, of the rows of `model` edited between `start`
    and `end`, oldest first per row: the version before an edit tells what it changed."""
    history = model.history.model.objects
    window = {"history_date__lte": end} if end is not None else {}
    touched = history.filter(history_date__gt=start, **window).values("id")
    return (
        history.filter(id__in=touched, **window)
        .annotate(user_name=F("history_user__username"), **extra)
        .order_by("id", "history_date", "history_id")
    )


def _changes(rows: Iterable[Any], fields: tuple[str, ...], start: datetime.datetime):
    """(row, what changed) for each version after `start` that changed one of `fields`."""
    previous = None
    for row in rows:
        before = previous if previous is not None and previous.id == row.id else None
        previous = row
        if row.history_date <= start:
            continue
        if row.history_type != "~" or before is None:
            yield row, KINDS[row.history_type]
            continue
        changed = [
            f"{name.replace('_id', '').replace('_', ' ')} "
            f"{_shown(getattr(before, name))} → {_shown(getattr(row, name))}"
            for name in fields
            if getattr(before, name) != getattr(row, name)
        ]
        if changed:
            yield row, "changed: " + "; ".join(changed)


def _edit(row: Any, what: str, admin: str) -> Edit:
    return Edit(
        at=row.history_date,
        what=what,
        reason=row.history_change_reason or "",
        user=row.user_name or "",
        admin_url=reverse(f"admin:{admin}_history", args=[row.id]),
    )


def edits_between(start: datetime.datetime, end: datetime.datetime | None) -> EditIndex:
    """The edits after `start` and up to `end` (None: up to now) that can change a cell."""
    index = EditIndex()
    current_provision = Provision.objects.filter(pk=OuterRef("provision_id"))
    recorded_provision = Provision.history.model.objects.filter(
        id=OuterRef("provision_id")
    ).order_by("-history_date")
    coverages = _history(
        Coverage,
        start,
        end,
        instrument_slug=Coalesce(
            Subquery(current_provision.values("instrument__slug")[:1]),
            Subquery(recorded_provision.values("instrument__slug")[:1]),
        ),
        provision_label=Coalesce(
            Subquery(current_provision.values("label")[:1]),
            Subquery(recorded_provision.values("label")[:1]),
        ),
        category_slug=Subquery(
            ThreatCategory.objects.filter(pk=OuterRef("category_id")).values("slug")[:1]
        ),
        category_name=Subquery(
            ThreatCategory.objects.filter(pk=OuterRef("category_id")).values("name")[:1]
        ),
    )
    for row, change in _changes(coverages, ("level", "category_id", "provision_id"), start):
        what = f"The assessment of {row.provision_label} against {row.category_name} {change}"
        key = f"{row.category_slug}|{row.instrument_slug}"
        index.cells[key].append(_edit(row, what, "provisions_coverage"))

    instrument_of = Instrument.objects.filter(pk=OuterRef("instrument_id"))
    provisions = list(
        _changes(
            _history(
                Provision,
                start,
                end,
                instrument_slug=Subquery(instrument_of.values("slug")[:1]),
                instrument_name=Subquery(instrument_of.values("short_name")[:1]),
            ),
            ("provenance",),
            start,
        )
    )
    if provisions:
        assessed = defaultdict(set)
        for provision_id, category in Coverage.objects.filter(
            provision_id__in={row.id for row, _ in provisions}
        ).values_list("provision_id", "category__slug"):
            assessed[provision_id].add(category)
        for row, change in provisions:
            what = f"{row.instrument_name}, {row.label} {change}"
            for category in assessed[row.id]:
                key = f"{category}|{row.instrument_slug}"
                index.cells[key].append(_edit(row, what, "provisions_provision"))

    fields = ("status", "binding", "published", "supersedes_id")
    for row, change in _changes(_history(Instrument, start, end), fields, start):
        what = f"{row.short_name} {change}"
        index.instruments[row.slug].append(_edit(row, what, "instruments_instrument"))
    return index
