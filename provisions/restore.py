"""Bring deleted provisions back from their recorded history, with their topics and the
coverage assessments that were deleted along with them.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction
from django.urls import reverse

from instruments.models import Instrument

from .models import Coverage, Provision, ThreatCategory

# A provision's coverage is deleted by the same cascade, a few milliseconds before the
# provision itself; a coverage deleted on its own minutes earlier is not brought back.
CASCADE_WINDOW = datetime.timedelta(seconds=60)


class RestoreError(Exception):
    """A provision cannot be restored; the message says what to do first."""


def restore_provisions(deletions: list[Any], user: Any) -> list[Provision]:
    """Recreate each deleted provision with its original id, parents before children.

    `deletions` are historical records of type "-". All or nothing: call inside a
    transaction (this function opens one too).
    """
    ids = {record.id for record in deletions}
    ordered = sorted(deletions, key=lambda record: (record.parent_id in ids, record.position))
    restored = []
    with transaction.atomic():
        for record in ordered:
            restored.append(_restore_one(record, user))
    return restored


def _restore_one(record: Any, user: Any) -> Provision:
    label = f"{record.label} (deleted {record.history_date:%d %B %Y %H:%M})"
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
    for coverage in _coverage_deleted_with(record):
        if not ThreatCategory.objects.filter(pk=coverage.category_id).exists():
            continue  # its category is gone; nothing to attach the assessment to
        restored = coverage.instance
        restored._history_user = user
        restored.save(force_insert=True)
    return provision


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


def _coverage_deleted_with(record: Any) -> list[Any]:
    deletions = Coverage.history.filter(
        provision_id=record.id,
        history_type="-",
        history_date__gte=record.history_date - CASCADE_WINDOW,
        history_date__lte=record.history_date,
    ).order_by("id", "-history_date")
    latest: dict[int, Any] = {}
    for deletion in deletions:
        latest.setdefault(deletion.id, deletion)
    existing = set(Coverage.objects.filter(pk__in=list(latest)).values_list("pk", flat=True))
    return [deletion for pk, deletion in latest.items() if pk not in existing]
