from __future__ import annotations

import datetime
import uuid

from django.db import connections, models
from django.db.models import OuterRef, Q, Subquery
from django.urls import reverse
from django.utils import timezone

from instruments.models import Instrument
from provisions.models import Coverage, Provision, ProvisionText, ThreatCategory

# The data a citation names: the matrix and the provisions' texts. Every change to them,
# in the admin, a script or the loader, is recorded in their history.
CITED_HISTORIES = {
    "instrument": Instrument,
    "provision": Provision,
    "text": ProvisionText,
    "category": ThreatCategory,
    "coverage": Coverage,
}


class ReleaseQuerySet(models.QuerySet):
    def with_edits(self) -> ReleaseQuerySet:
        """Annotate each release with the latest edit of the cited data made after it was
        loaded (`Release.edited_to`), in the same query."""
        return self.annotate(
            **{
                f"last_{name}_edit": Subquery(
                    model.history.filter(history_date__gt=OuterRef("loaded_at"))
                    .order_by("-history_date")
                    .values("history_date")[:1]
                )
                for name, model in CITED_HISTORIES.items()
            }
        )

    def current(self) -> Release | None:
        """The most recently loaded corpus release, with its edits since (one query)."""
        return self.with_edits().order_by("-loaded_at", "-pk").first()

    def of_version(self, version: str) -> Release | None:
        """The latest load of a version, with its edits since (one query)."""
        return self.with_edits().filter(version=version).order_by("-loaded_at", "-pk").first()


class Release(models.Model):
    """A version of the shipped corpus, recorded each time `load_corpus` loads one."""

    version = models.CharField(max_length=40)
    date = models.DateField()
    digest = models.CharField(
        max_length=64, help_text="SHA-256 of the fixture files, to skip reloading unchanged data."
    )
    loaded_at = models.DateTimeField(auto_now_add=True)
    matrix = models.JSONField(
        "matrix as released",
        default=dict,
        blank=True,
        help_text="The matrix computed right after this release was loaded (see "
        "gaps.releases), so that later releases can be compared with it.",
    )

    objects = ReleaseQuerySet.as_manager()

    class Meta:
        ordering = ["-loaded_at"]
        get_latest_by = "loaded_at"

    def __str__(self) -> str:
        return f"Corpus {self.version} ({self.date:%d %B %Y})"

    def get_absolute_url(self) -> str:
        return reverse("gaps:release", args=[self.version])

    @property
    def citation_label(self) -> str:
        """How a citation names the data: "corpus release 2026.11.0 (22 November 2026)", and
        "... with edits to 2026-12-03" once the data has changed since it was loaded."""
        label = f"corpus release {self.version} ({self.date.day} {self.date:%B %Y})"
        if self.edited_to is not None:
            label += f" with edits to {timezone.localdate(self.edited_to).isoformat()}"
        return label

    @property
    def edited_to(self) -> datetime.datetime | None:
        """When the data cited was last changed after this release was loaded, or None if it
        is still the release; known only for a release read `with_edits()`."""
        edits = [getattr(self, f"last_{name}_edit", None) for name in CITED_HISTORIES]
        return max((edit for edit in edits if edit is not None), default=None)


class DataVersionQuerySet(models.QuerySet):
    def current(self) -> str:
        """The token of the data now in the database (one query); "initial" before any change.

        Written out rather than built with the ORM: the page cache asks for it on every
        request it answers, and building the query took longer than running it.
        """
        table = connections[self.db].ops.quote_name(self.model._meta.db_table)
        with connections[self.db].cursor() as cursor:
            cursor.execute(f"SELECT token FROM {table} WHERE id = %s", [DataVersion.SINGLETON])
            row = cursor.fetchone()
        return (row[0] if row else "") or "initial"


class DataVersion(models.Model):
    """A token that changes whenever data shown in the coverage matrix changes.

    The computed matrix is cached under this token, so a change anywhere (admin, loader,
    shell) is visible on the next request. Signals in `gaps.signals` bump it on every save
    and delete of the models the matrix reads; `QuerySet.update()` and `bulk_create()` send
    no signals, so code that uses them must call `DataVersion.bump()` itself. A random token
    rather than a counter: after a rolled-back transaction a counter would repeat an old
    value and resurrect a stale cache entry.
    """

    SINGLETON = 1

    token = models.CharField(max_length=32)
    changed_at = models.DateTimeField(auto_now=True)

    objects = DataVersionQuerySet.as_manager()

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(pk=1), name="dataversion_single_row"),
        ]

    def __str__(self) -> str:
        return f"Data version {self.token}"

    @classmethod
    def bump(cls) -> None:
        """Give the data a new token (one query, two the very first time)."""
        token = uuid.uuid4().hex
        if not cls.objects.filter(pk=cls.SINGLETON).update(token=token, changed_at=timezone.now()):
            cls.objects.update_or_create(pk=cls.SINGLETON, defaults={"token": token})
