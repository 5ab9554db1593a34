"""The two admin roles, kept in step with the models after every `migrate`.

Groups live in the database, but their permissions only exist once `post_migrate` has
created them, so a data migration cannot grant them on a fresh database; a `post_migrate`
handler can, and running it again after each migrate keeps the roles right when models
are added.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import models

from events.models import Actor, Event, EventSource
from instruments.models import Instrument
from positions.models import Assertion, Claim, Position
from provisions.models import (
    Capability,
    Coverage,
    DefinedTerm,
    Provision,
    ProvisionText,
    ThreatCategory,
    Topic,
)
from states.models import Participation, ParticipationList, State

EDITORS = "editors"
REVIEWERS = "reviewers"

# What editors may create, change and delete: the corpus itself. Users and groups are
# deliberately absent: only superusers manage people.
EDITED_MODELS: list[type[models.Model]] = [
    Instrument,
    Provision,
    ProvisionText,
    Topic,
    Coverage,
    ThreatCategory,
    Capability,
    DefinedTerm,
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
# Read-only for everybody with a role: the recorded history.
HISTORY_MODELS: list[type[models.Model]] = [
    model.history.model
    for model in (
        Instrument,
        Provision,
        ProvisionText,
        Coverage,
        ThreatCategory,
        DefinedTerm,
        Position,
        Claim,
        Assertion,
        Event,
        EventSource,
        Participation,
        ParticipationList,
    )
]


def _permissions(models_: list[type[models.Model]], actions: list[str]) -> list[Permission]:
    wanted: list[tuple[ContentType, str]] = []
    for model in models_:
        content_type = ContentType.objects.get_for_model(model, for_concrete_model=False)
        wanted.extend((content_type, f"{action}_{model._meta.model_name}") for action in actions)
    found = Permission.objects.filter(
        content_type__in={content_type for content_type, _ in wanted},
        codename__in={codename for _, codename in wanted},
    )
    return list(found)


def ensure_roles() -> dict[str, Group]:
    """Create the groups if needed and set exactly the permissions they should have."""
    history_view = _permissions(HISTORY_MODELS, ["view"])
    roles = {
        EDITORS: _permissions(EDITED_MODELS, ["add", "change", "delete", "view"]) + history_view,
        REVIEWERS: _permissions(EDITED_MODELS, ["view"]) + history_view,
    }
    groups = {}
    for name, permissions in roles.items():
        group, _created = Group.objects.get_or_create(name=name)
        group.permissions.set(permissions)
        groups[name] = group
    return groups


def ensure_roles_after_migrate(sender: Any, **kwargs: Any) -> None:
    ensure_roles()
