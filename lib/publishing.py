"""What instruments and events share as published records: whether the public pages show
them, who created them, when they last changed and the version the admin locks on."""

from __future__ import annotations

from django.db import models


class Origin(models.TextChoices):
    """Who created a record: `load_corpus` never touches records admins created."""

    CORPUS = "corpus", "Shipped corpus"
    ADMIN = "admin", "Entered in the admin"


def published_field(help_text: str) -> models.BooleanField:
    """The switch that shows a record on public pages. It is not on `Publishable` itself
    because each model says in its help text what publishing requires of it."""
    return models.BooleanField(default=False, help_text=help_text)


class Publishable(models.Model):
    """A record shipped in the corpus or entered in the admin, edited with optimistic locking
    (lib/locking.py). A model using it adds `published = published_field(...)` and its own
    named check that `origin` is one of `Origin.values`."""

    origin = models.CharField(max_length=10, choices=Origin, default=Origin.ADMIN, editable=False)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(
        default=1,
        editable=False,
        help_text="Raised by one on every save through the admin, so that a form based on an "
        "older version is refused instead of silently overwriting someone else's change.",
    )

    class Meta:
        abstract = True
