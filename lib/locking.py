"""Optimistic locking for admin forms: a save based on an outdated version is refused.

Each versioned row carries an integer `version`. The change form sends back the version it
was built from; the form refuses to validate when the row has moved on since, and lists
what changed meanwhile. Validation alone leaves a window between the check and the write,
so the write itself is conditional: `UPDATE ... SET version = version + 1 WHERE pk = %s
AND version = <submitted>`. Of two concurrent saves only one can match that row.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.db import connection, models
from django.db.models import F
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils.html import format_html, format_html_join


class Versioned(models.Model):
    """A row editors change in the admin: give its ModelAdmin (or inline) the mixin below.

    The field is the same as Instrument's and Provision's own `version`.
    """

    version = models.PositiveIntegerField(
        default=1,
        editable=False,
        help_text="Raised by one on every save through the admin (optimistic locking).",
    )

    class Meta:
        abstract = True


class StaleVersion(Exception):
    """The row was saved by someone else between this form's check and its write."""


def claim_version(obj: models.Model, expected: int | None) -> None:
    """Raise the row's version from `expected` by one, or fail if it is no longer `expected`.

    Call inside the transaction that then saves `obj`. A row that no longer exists (a
    deleted one being restored from its history) is simply recreated by the save. One or
    two queries.
    """
    manager = type(obj)._default_manager
    if expected is not None:
        claimed = manager.filter(pk=obj.pk, version=expected).update(version=F("version") + 1)
        if claimed:
            obj.version = expected + 1
            return
    if manager.filter(pk=obj.pk).exists():
        raise StaleVersion(f"{obj._meta.verbose_name} {obj.pk} was saved by someone else.")
    obj.version = (expected or obj.version or 0) + 1


def is_versioned(obj: models.Model) -> bool:
    """Whether the row carries an integer `version` (the corpus release has a text one)."""
    field = next((f for f in obj._meta.concrete_fields if f.name == "version"), None)
    return isinstance(field, models.IntegerField)


def raise_version(obj: models.Model) -> None:
    """Raise the version of a row changed outside the admin (the corpus loader) before it
    is saved, so that a change form opened before is refused instead of undoing the change.
    Rows without a version are left alone."""
    if is_versioned(obj):
        obj.version += 1


def raise_saved_version(obj: models.Model) -> None:
    """The same for a row already saved whose related rows (its many-to-many) changed: one
    UPDATE, raising the version in the database whatever this copy holds."""
    if is_versioned(obj):
        type(obj)._default_manager.filter(pk=obj.pk).update(version=F("version") + 1)
        obj.version += 1


def _shown(value: Any) -> str:
    if value is None or value == "":
        return "(empty)"
    if isinstance(value, models.Model):
        return str(value)
    text = str(value)
    return text if len(text) <= 300 else text[:300] + "…"


class VersionedModelForm(forms.ModelForm):
    """A model form that carries the row's version and refuses outdated submissions."""

    # Not called "version": a model form may not name a non-editable model field.
    base_version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)
    # Set when the form is built from a historical copy (reverting): the version to check
    # against is then the current row's, not the copy's.
    version_from_database = False

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            version = self.instance.version
            if self.version_from_database:
                version = (
                    type(self.instance)
                    ._default_manager.filter(pk=self.instance.pk)
                    .values_list("version", flat=True)
                    .first()
                )
            self.fields["base_version"].initial = version

    def has_changed(self) -> bool:
        if self.version_from_database:
            return True  # a revert always changes the row, even if the form was not edited
        # The version alone differing means only that the row moved on: nothing to save.
        return any(name != "base_version" for name in self.changed_data)

    def _current_row(self) -> models.Model | None:
        queryset = type(self.instance)._default_manager.filter(pk=self.instance.pk)
        if connection.in_atomic_block:
            # On PostgreSQL a concurrent save waits here until the first one commits,
            # then sees its new version.
            queryset = queryset.select_for_update(of=("self",))
        return queryset.first()

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        # Nothing to check for a new row, or when the form asks for exactly what the row
        # already holds (the form's initial values come from the row as it is now).
        if self.instance.pk is None or not self.has_changed():
            return cleaned
        current = self._current_row()
        if current is None:
            return cleaned  # restoring a deleted row: nobody else can have changed it
        submitted = cleaned.get("base_version")
        if submitted is None:
            raise forms.ValidationError(
                "This form has no version number, so it cannot be checked against changes "
                "made meanwhile. Reload the page and make your changes again."
            )
        if submitted != current.version:
            raise forms.ValidationError(self._conflict_message(current, submitted))
        return cleaned

    def _conflict_message(self, current: models.Model, submitted: int) -> str:
        base = self._version_as_saved(submitted)
        rows = []
        for name in self._meta.fields or []:
            if name not in self.fields or name == "base_version":
                continue
            field = current._meta.get_field(name)
            if field.many_to_many:
                continue
            theirs = getattr(current, field.name)
            before = getattr(base, field.name, theirs) if base is not None else None
            yours = self.cleaned_data.get(name, theirs)
            changed_meanwhile = (theirs != before) if base is not None else (theirs != yours)
            if changed_meanwhile:
                rows.append((field.verbose_name, _shown(theirs), _shown(yours)))
        who = self._who_saved(current)
        listing = format_html_join(
            "",
            "<li>{}: <strong>theirs</strong> “{}”; <strong>yours</strong> “{}”</li>",
            rows,
        )
        return format_html(
            "{} saved this {} after you opened it (your form was version {}, it is now "
            "version {}). Nothing was saved. What changed meanwhile:<ul>{}</ul>Copy what you "
            "need, reload the page, and make your changes again on top of theirs.",
            who,
            current._meta.verbose_name,
            submitted,
            current.version,
            listing or format_html("<li>{}</li>", "no field shown on this form"),
        )

    def _version_as_saved(self, version: int) -> models.Model | None:
        history = getattr(type(self.instance), "history", None)
        if history is None:
            return None
        record = (
            history.filter(id=self.instance.pk, version=version).order_by("-history_date").first()
        )
        return record.instance if record is not None else None

    def _who_saved(self, current: models.Model) -> str:
        history = getattr(type(self.instance), "history", None)
        record = None
        if history is not None:
            record = (
                history.filter(id=current.pk, version=current.version)
                .select_related("history_user")
                .order_by("-history_date")
                .first()
            )
        if record is not None and record.history_user is not None:
            return record.history_user.get_username()
        return "Someone else"

    def save(self, commit: bool = True) -> models.Model:
        # Inline formsets save through here with commit=True; the main admin form saves
        # with commit=False and claims its version in VersionedAdminMixin.save_model.
        if commit and self.instance.pk is not None and self.has_changed():
            claim_version(self.instance, self.cleaned_data.get("base_version"))
        return super().save(commit=commit)


class VersionFieldMixin:
    """Puts the hidden version field on the form for those who may change the row only."""

    form = VersionedModelForm

    def get_fieldsets(self, request: HttpRequest, obj: models.Model | None = None):
        fieldsets = [(name, dict(options)) for name, options in super().get_fieldsets(request, obj)]
        may_change = obj is not None and self.has_change_permission(request, obj)
        for _name, options in fieldsets:
            options["fields"] = [f for f in options["fields"] if f != "base_version"]
        if may_change and fieldsets:
            fieldsets[0][1]["fields"].append("base_version")
        return fieldsets


class VersionedInlineMixin(VersionFieldMixin):
    """For an inline whose rows are versioned; their forms claim versions as they save."""


class VersionedAdminMixin(VersionFieldMixin):
    """For a ModelAdmin of a versioned model (list it before the ModelAdmin class)."""

    def save_model(self, request: HttpRequest, obj: models.Model, form, change: bool) -> None:
        if change and form.has_changed():
            claim_version(obj, form.cleaned_data.get("base_version"))
        super().save_model(request, obj, form, change)

    def changeform_view(
        self,
        request: HttpRequest,
        object_id: str | None = None,
        form_url: str = "",
        extra_context: dict | None = None,
    ) -> HttpResponse:
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except StaleVersion:
            # Someone saved between our check and our write; everything was rolled back.
            # Running the view again re-checks the form, which now explains the conflict.
            try:
                return super().changeform_view(request, object_id, form_url, extra_context)
            except StaleVersion:
                messages.error(
                    request, "Someone else saved this at the same moment; nothing was saved."
                )
                return HttpResponseRedirect(request.path)

    def get_form(self, request: HttpRequest, obj: models.Model | None = None, **kwargs: Any):
        form = super().get_form(request, obj, **kwargs)
        if getattr(request, "_reverting_from_history", False):
            form = type(form.__name__, (form,), {"version_from_database": True})
        return form

    def history_form_view(
        self, request: HttpRequest, object_id: str, version_id: str, extra_context=None
    ) -> HttpResponse:
        # simple-history's revert view builds its form from the historical copy, with that
        # copy's old version number: check against the current row instead.
        request._reverting_from_history = True
        return super().history_form_view(request, object_id, version_id, extra_context)
