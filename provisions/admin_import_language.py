"""The admin's "Add a text in another language": paste, check the alignment, confirm.

Step 1 asks for an existing instrument, the language and the pasted text; step 2 shows each
provision of the instrument beside the text aligned to it (by article number: see
provisions/alignment.py), editable, and what could not be aligned. Only the confirmation in
step 2 writes anything, in one transaction; the data travels in the form itself and is
validated again at each step.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.forms import formset_factory
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from instruments.models import Instrument

from .alignment import Target, align_text
from .importer import SplitError
from .models import Language, Provenance, Provision, ProvisionText


class LanguageImportForm(forms.Form):
    instrument = forms.ModelChoiceField(Instrument.objects.order_by("short_name"))
    language = forms.ChoiceField(choices=Language.choices)
    provenance = forms.ChoiceField(
        label="Provenance of the text",
        choices=Provenance.choices,
        initial=Provenance.UNVERIFIED,
        help_text="Choose 'official' only if this text was checked against an official "
        "publication in this language.",
    )
    source_note = forms.CharField(
        max_length=500,
        help_text="Where the text comes from: the document symbol or address of the edition.",
    )
    text = forms.CharField(
        label="Full text",
        widget=forms.Textarea(attrs={"rows": 25, "cols": 100}),
        help_text="The whole text in this language, from the title to the final clause, with "
        "each article's heading on a line of its own (“Статья IV”, “Artículo 4”, “第四条”).",
    )

    def __init__(self, *args: Any, align: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.align = align
        self.alignment = None

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        instrument = cleaned.get("instrument")
        if self.align and instrument is not None and "text" in cleaned:
            try:
                self.alignment = align_text(cleaned["text"], targets(instrument))
            except SplitError as error:
                self.add_error("text", str(error))
        return cleaned


def targets(instrument: Instrument) -> list[Target]:
    """The instrument's provisions in document order (one query)."""
    rows = instrument.provisions.order_by("position", "pk").values_list(
        "slug", "label", "parent__slug", "text"
    )
    return [
        Target(slug, label, parent or "", bool(text.strip())) for slug, label, parent, text in rows
    ]


class AlignedForm(forms.Form):
    slug = forms.SlugField(max_length=60, widget=forms.HiddenInput)
    text = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 4, "cols": 60}))


class BaseAlignedFormSet(forms.BaseFormSet):
    def __init__(self, *args: Any, instrument: Instrument | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instrument = instrument

    def clean(self) -> None:
        if any(self.errors):
            return
        rows = [form.cleaned_data for form in self.forms if form.cleaned_data]
        known = {t.slug for t in targets(self.instrument)} if self.instrument else set()
        unknown = [row["slug"] for row in rows if row["slug"] not in known]
        if unknown:
            raise ValidationError(f"No such provisions in this instrument: {', '.join(unknown)}.")
        if not any(row.get("text", "").strip() for row in rows):
            raise ValidationError("No provision has a text: there is nothing to save.")
        self.rows = rows


AlignedFormSet = formset_factory(AlignedForm, formset=BaseAlignedFormSet, extra=0)


class ConfirmForm(forms.Form):
    confirmed = forms.BooleanField(
        label="I have checked that each text is beside the provision it translates",
        required=False,
    )


def import_language_view(model_admin, request: HttpRequest) -> HttpResponse:
    """The two steps; see the module docstring."""
    if not (
        request.user.has_perm("provisions.add_provisiontext")
        and request.user.has_perm("provisions.change_provisiontext")
    ):
        raise PermissionDenied
    step = request.POST.get("step", "") if request.method == "POST" else ""
    if step == "align":
        form = LanguageImportForm(request.POST)
        if form.is_valid():
            formset = AlignedFormSet(
                prefix="aligned",
                instrument=form.cleaned_data["instrument"],
                initial=[{"slug": row.slug, "text": row.text} for row in form.alignment.rows],
            )
            return _render(model_admin, request, form, formset, ConfirmForm())
        return _render(model_admin, request, form)
    if step in ("save", "check", "edit"):
        form = LanguageImportForm(request.POST, align=False)
        if step == "edit" or not form.is_valid():
            return _render(model_admin, request, form)
        instrument = form.cleaned_data["instrument"]
        formset = AlignedFormSet(request.POST, prefix="aligned", instrument=instrument)
        confirm = ConfirmForm(request.POST)
        valid = formset.is_valid() and confirm.is_valid()
        if step == "save" and valid and not confirm.cleaned_data["confirmed"]:
            confirm.add_error("confirmed", "Tick this box once you have checked the alignment.")
        elif step == "save" and valid:
            count = _write(request, form.cleaned_data, formset.rows)
            language = dict(Language.choices)[form.cleaned_data["language"]]
            messages.success(
                request, f"Saved {count} provisions of {instrument.short_name} in {language}."
            )
            return HttpResponseRedirect(reverse("admin:provisions_provisiontext_changelist"))
        return _render(model_admin, request, form, formset, confirm)
    return _render(model_admin, request, LanguageImportForm())


def _render(model_admin, request, form, formset=None, confirm=None) -> HttpResponse:
    rows = []
    if formset is not None:
        provisions = {
            p.slug: p
            for p in Provision.objects.filter(instrument=formset.instrument).only(
                "slug", "label", "text"
            )
        }
        existing = set(
            ProvisionText.objects.filter(
                provision__instrument=formset.instrument, language=form.cleaned_data["language"]
            ).values_list("provision__slug", flat=True)
        )
        for aligned in formset.forms:
            slug = aligned["slug"].value()
            provision = provisions.get(slug)
            rows.append(
                {
                    "form": aligned,
                    "label": provision.label if provision else slug,
                    "english": provision.text if provision else "",
                    "replaces": slug in existing,
                }
            )
    alignment = getattr(form, "alignment", None)
    ctx = {
        **model_admin.admin_site.each_context(request),
        "title": "Check the alignment" if formset is not None else "Add a text in another language",
        "opts": ProvisionText._meta,
        "form": form,
        "formset": formset,
        "rows": rows,
        "confirm": confirm,
        "language": form.cleaned_data.get("language", "") if form.is_bound else "",
        "missing": alignment.missing if alignment else [],
        "unmatched": alignment.unmatched if alignment else [],
        "media": model_admin.media + form.media,
    }
    invalid = form.errors or (formset is not None and formset.is_bound and not formset.is_valid())
    invalid = invalid or (confirm is not None and confirm.errors)
    status = 400 if request.method == "POST" and invalid else 200
    return render(request, "admin/provisions/provision/import_language.html", ctx, status=status)


def _write(request: HttpRequest, data: dict[str, Any], rows: list[dict[str, Any]]) -> int:
    note = (
        f"{data['source_note']} Imported from pasted text by {request.user.get_username()} on "
        f"{timezone.localdate():%d %B %Y}."
    )
    provisions = {p.slug: p for p in Provision.objects.filter(instrument=data["instrument"])}
    count = 0
    with transaction.atomic():
        for row in rows:
            text = row.get("text", "").strip()
            if not text:
                continue  # left empty: an existing text in this language stays as it is
            ProvisionText.objects.update_or_create(
                provision=provisions[row["slug"]],
                language=data["language"],
                defaults={"text": text, "provenance": data["provenance"], "source_note": note},
            )
            count += 1
    return count
