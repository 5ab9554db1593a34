"""Keep `DataVersion` in step with the data the coverage matrix is computed from."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import m2m_changed, post_delete, post_save

from events.models import Actor, Event, EventSource
from instruments.models import Instrument
from positions.models import Assertion, Claim, Position
from provisions.models import (
    Capability,
    Coverage,
    Provision,
    ProvisionText,
    ThreatCategory,
    Topic,
)
from states.models import Participation, ParticipationList, State

from .models import DataVersion, Release

# Release too: the corpus version is part of what the matrix page shows.
WATCHED = [
    Instrument,
    Provision,
    ProvisionText,
    Topic,
    ThreatCategory,
    Capability,
    Coverage,
    Release,
    Position,
    Claim,
    Assertion,
    Event,
    EventSource,
    Actor,
    State,
    Participation,
    ParticipationList,
]


def bump_data_version(sender: type, **kwargs: Any) -> None:
    # Also for raw saves (loaddata): the rows changed all the same.
    DataVersion.bump()


def connect() -> None:
    for model in WATCHED:
        uid = f"gaps.data_version.{model._meta.label_lower}"
        post_save.connect(bump_data_version, sender=model, dispatch_uid=f"{uid}.save")
        post_delete.connect(bump_data_version, sender=model, dispatch_uid=f"{uid}.delete")
    for through in (
        Provision.topics.through,
        ThreatCategory.capabilities.through,
        Assertion.instruments.through,
        Event.actors.through,
        Event.categories.through,
    ):
        m2m_changed.connect(
            bump_data_version, sender=through, dispatch_uid=f"gaps.data_version.{through.__name__}"
        )
