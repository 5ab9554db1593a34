"""The two admin roles, kept in step with the models after every `migrate`.

Groups live in the database, but their permissions only exist once `post_migrate` has
created them, so a data migration cannot grant them on a fresh database; a `post_migrate`
handler can, and running it again after each migrate keeps the roles right when models
are added.
"""

from __future__ import annotations

from typing import Any

from django.apps import apps as global_apps
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType

EDITORS = "editors"
REVIEWERS = "reviewers"

# What editors may create, change and delete: the corpus itself. Users and groups are
# deliberately absent: only superusers manage people.
EDITED_MODELS = [
    "instruments.Instrument",
    "provisions.Provision",
    "provisions.Topic",
    "provisions.Coverage",
    "provisions.ThreatCategory",
    "provisions.Capability",
    "states.State",
    "states.Participation",
    "states.ParticipationList",
]
# Read-only for everybody with a role: the recorded history.
HISTORY_MODELS = [
    "instruments.HistoricalInstrument",
    "provisions.HistoricalProvision",
    "provisions.HistoricalCoverage",
    "provisions.HistoricalThreatCategory",
    "states.HistoricalParticipation",
    "states.HistoricalParticipationList",
]


def _permissions(labels: list[str], actions: list[str]) -> list[Permission]:
    wanted: list[tuple[ContentType, str]] = []
    for label in labels:
        model = global_apps.get_model(label)
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
