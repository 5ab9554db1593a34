"""Bring deleted provisions back from their recorded history, with what was deleted along
with them: the paragraphs of an article (deleted by the same cascade), and the topics and
coverage assessments of each.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction
from django.urls import reverse

from instruments.models import Instrument

from .models import Coverage, DefinedTerm, Provision, ThreatCategory

# A provision's coverage and paragraphs are deleted by the same cascade, milliseconds
# before or after the provision itself; a row deleted on its own minutes earlier is not
# brought back.
CASCADE_WINDOW = datetime.timedelta(seconds=60)


class RestoreError(Exception):
    """A provision cannot be restored; the message says what to do first."""


def described(record: Any) -> str:
    """A deletion as the admin names it: 'Article II (deleted 03 December 2026 13:20)'."""
    return f"{record.label} (deleted {record.history_date:%d %B %Y %H:%M})"


def restore_provisions(deletions: list[Any], user: Any) -> list[Provision]:
    """Recreate each deleted provision with its original id, and with it the paragraphs
    deleted by the same cascade; parents before children, each row once.

    `deletions` are historical records of type "-". All or nothing: call inside a
    transaction (this function opens one too). Returns every provision restored, in the
    order restored.
    """
    pending = {record.id: record for record in deletions}
    unvisited = list(pending.values())
    while unvisited:
        for child in _children_deleted_with(unvisited.pop()):
            if child.id not in pending:
                pending[child.id] = child
                unvisited.append(child)

    def depth(record: Any) -> int:
        steps = 0
        while record.parent_id in pending and steps <= len(pending):
            record, steps = pending[record.parent_id], steps + 1
        return steps

    ordered = sorted(pending.values(), key=lambda record: (depth(record), record.position))
    restored = []
    with transaction.atomic():
        for record in ordered:
            restored.append(_restore_one(record, user))
    return restored


def summary(restored: list[Provision]) -> str:
    """'Treaty A, Article II with its 2 paragraphs, Treaty A, Article V'."""
    ids = {provision.pk for provision in restored}
    below: dict[int, int] = {}
    for provision in reversed(restored):  # children come after their parents
        if provision.parent_id in ids:
            count = below.get(provision.pk, 0) + 1
            below[provision.parent_id] = below.get(provision.parent_id, 0) + count
    parts = []
    for provision in restored:
        if provision.parent_id in ids:
            continue
        count = below.get(provision.pk, 0)
        if count:
            parts.append(f"{provision} with its {count} paragraph{'s' if count > 1 else ''}")
        else:
            parts.append(str(provision))
    return ", ".join(parts)


def _restore_one(record: Any, user: Any) -> Provision:
    label = described(record)
    if Provision.objects.filter(pk=record.id).exists():
        raise RestoreError(f"{label} exists again already.")
    if not Instrument.objects.filter(pk=record.instrument_id).exists():
        url = reverse("admin:instruments_instrument_history", args=[record.instrument_id])
        raise RestoreError(
            f"{label}: its instrument was deleted too. Restore the instrument first from its "
            f"history ({url}), then this provision."
        )
    if record.parent_id and not Provision.objects.filter(pk=record.parent_id).exists():
        raise RestoreError(f"{label}: restore the provision it belongs to first.")
    if Provision.objects.filter(instrument_id=record.instrument_id, slug=record.slug).exists():
        raise RestoreError(f"{label}: another provision of its instrument now has the slug "
                           f"{record.slug}. Change that one's slug first.")  # fmt: skip

    provision = record.instance
    # Forms opened before the deletion must not be able to save over the restored row.
    provision.version = record.version + 1
    provision._history_user = user
    provision.save(force_insert=True)
    provision.topics.set(_topics_before(record))
    for coverage in _deleted_with(Coverage, record):
        if not ThreatCategory.objects.filter(pk=coverage.category_id).exists():
            continue  # its category is gone; nothing to attach the assessment to
        _recreate(coverage, user)
    for term in _deleted_with(DefinedTerm, record):
        if DefinedTerm.objects.filter(provision_id=record.id, slug=term.slug).exists():
            continue  # defined again meanwhile
        _recreate(term, user)
    return provision


def _recreate(deletion: Any, user: Any) -> None:
    row = deletion.instance
    row.version = deletion.version + 1  # forms opened before the deletion cannot save
    row._history_user = user
    row.save(force_insert=True)


def _topics_before(record: Any) -> list[int]:
    """The topics the provision had in its last recorded state before the deletion."""
    last = (
        Provision.history.filter(id=record.id, history_date__lt=record.history_date)
        .exclude(history_type="-")
        .order_by("-history_date")
        .first()
    )
    if last is None:
        return []
    return list(last.topics.values_list("topic_id", flat=True))


def _deleted_with(model: Any, record: Any) -> list[Any]:
    """The deletions of the provision's rows of `model` by the same cascade, not undone."""
    deletions = model.history.filter(
        provision_id=record.id,
        history_type="-",
        history_date__gte=record.history_date - CASCADE_WINDOW,
        history_date__lte=record.history_date,
    ).order_by("id", "-history_date")
    latest: dict[int, Any] = {}
    for deletion in deletions:
        latest.setdefault(deletion.id, deletion)
    existing = set(model.objects.filter(pk__in=list(latest)).values_list("pk", flat=True))
    return [deletion for pk, deletion in latest.items() if pk not in existing]


def _children_deleted_with(record: Any) -> list[Any]:
    """The deletions of the provision's paragraphs by the same cascade, not undone since."""
    deletions = Provision.history.filter(
        parent_id=record.id,
        history_type="-",
        history_date__gte=record.history_date - CASCADE_WINDOW,
        history_date__lte=record.history_date + CASCADE_WINDOW,
    ).order_by("id", "-history_date")
    latest: dict[int, Any] = {}
    for deletion in deletions:
        latest.setdefault(deletion.id, deletion)
    existing = set(Provision.objects.filter(pk__in=list(latest)).values_list("pk", flat=True))
    return [deletion for pk, deletion in latest.items() if pk not in existing]
