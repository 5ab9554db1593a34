"""The admin's "Import a draft from its text": paste, check the split, correct it, confirm.

Step 1 asks for the instrument's particulars and its text; step 2 shows how the text was
split as an editable table; only the confirmation in step 2 writes anything, all of it in
one transaction. Between the steps the data travels in the form itself (hidden fields and
the table), never in the database or the session, and is validated again at each step.
"""

from __future__ import annotations

from functools import wraps
from typing import Any
from urllib.parse import parse_qsl

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.forms import formset_factory
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, QueryDict
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.datastructures import MultiValueDict
from django.views.decorators.csrf import csrf_exempt, csrf_protect

from instruments.models import Instrument

from .importer import SplitError, split_text
from .models import Provision

# The longest text in the corpus, the Long-Term Sustainability Guidelines, is about 75,000
# characters, the Outer Space Treaty about 14,000; the limit leaves more than ten times that.
TEXT_MAX_CHARS = 1_000_000
# What the importer reads of a request, above Django's DATA_UPLOAD_MAX_MEMORY_SIZE (2.5 MB)
# that every other page keeps: enough for step 2 of a text at the limit (the text travels
# twice, as a hidden field and in the table, and form encoding turns a non-ASCII character
# into up to twelve bytes), and for a paste well over the limit to come back with its text
# and a form error rather than Django's "Bad request" page.
REQUEST_MAX_BYTES = 20 * 1024 * 1024
# Step 2 sends seven fields a provision (label, slug, parent, heading, text, order, delete),
# so Django's DATA_UPLOAD_MAX_NUMBER_FIELDS (1,000), which every other page keeps, stopped a
# split at about 140 provisions. The importer counts fields itself instead: enough for this
# many provisions, far more than any instrument in the corpus.
PROVISIONS_MAX = 1_000
FIELDS_PER_PROVISION = 7
# The particulars, the step, the CSRF token, the formset's management form and its two
# blank rows.
REQUEST_MAX_FIELDS = FIELDS_PER_PROVISION * (PROVISIONS_MAX + 2) + 50


class ImportForm(forms.Form):
    short_name = forms.CharField(max_length=100)
    slug = forms.SlugField(
        max_length=60, help_text="Used in URLs, e.g. ppwt-2026. Must not be taken yet."
    )
    title = forms.CharField(
        label="Full title",
        max_length=500,
        help_text="If the pasted text starts with this title, the title is not put into the "
        "preamble.",
    )
    symbols = forms.CharField(label="Document symbols", max_length=200, required=False)
    # What is pasted here is nearly always a new draft, so the form starts as one.
    kind = forms.ChoiceField(choices=Instrument.Kind.choices, initial=Instrument.Kind.DRAFT_TREATY)
    status = forms.ChoiceField(choices=Instrument.Status.choices, initial=Instrument.Status.DRAFT)
    binding = forms.BooleanField(
        label="Legally binding once in force", required=False, initial=True
    )
    supersedes = forms.ModelChoiceField(
        Instrument.objects.order_by("short_name"),
        required=False,
        help_text="The earlier version this draft replaces, if any.",
    )
    provenance = forms.ChoiceField(
        label="Provenance of the text",
        choices=Provision.Provenance.choices,
        initial=Provision.Provenance.UNVERIFIED,
        help_text="Applies to every provision imported. Choose 'official' only if this text "
        "was checked against an official publication.",
    )
    split_paragraphs = forms.BooleanField(
        label="Make numbered paragraphs of articles separate provisions",
        required=False,
        initial=True,
    )
    text = forms.CharField(
        label="Full text",
        widget=forms.Textarea(attrs={"rows": 25, "cols": 100}),
        help_text="Plain text or Markdown as copied from the document, from the title or "
        "preamble to the final clause.",
    )

    def __init__(self, *args: Any, split: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.split = split
        self.pieces: list = []

    def superseding_warning(self) -> str:
        """What publishing this import would do to the instrument it supersedes, or ""."""
        replaced = self.cleaned_data.get("supersedes") if hasattr(self, "cleaned_data") else None
        if replaced is None or not replaced.published:
            return ""
        return superseding_warning(replaced, self.cleaned_data.get("short_name", "this draft"))

    def clean_text(self) -> str:
        text = self.cleaned_data["text"]
        if len(text) > TEXT_MAX_CHARS:
            raise ValidationError(
                f"The text is {len(text):,} characters long; the importer takes at most "
                f"{TEXT_MAX_CHARS:,} characters (about 1 MB, more than ten times the longest "
                "instrument in the corpus). Check that only one instrument was pasted, or "
                "import a long one in parts and join them in the admin."
            )
        return text

    def clean_slug(self) -> str:
        slug = self.cleaned_data["slug"]
        if Instrument.objects.filter(slug=slug).exists():
            raise ValidationError("An instrument with this slug exists already.")
        return slug

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        probe = Instrument(
            status=cleaned.get("status", ""),
            binding=cleaned.get("binding", False),
            kind=cleaned.get("kind", ""),
        )
        try:
            probe.clean()
        except ValidationError as error:
            for field, problems in error.message_dict.items():
                for problem in problems:
                    self.add_error(field if field in self.fields else None, problem)
        if self.split and "text" in cleaned:
            try:
                self.pieces = split_text(
                    cleaned["text"],
                    title=cleaned.get("title", ""),
                    split_paragraphs=cleaned.get("split_paragraphs", False),
                )
            except SplitError as error:
                self.add_error("text", str(error))
            if len(self.pieces) > PROVISIONS_MAX:
                self.add_error(
                    "text",
                    f"The text splits into {len(self.pieces):,} provisions; the importer takes "
                    f"at most {PROVISIONS_MAX:,} at once. Import it in parts and join them in "
                    "the admin.",
                )
        return cleaned


def superseding_warning(replaced: Instrument, successor: str) -> str:
    """The sentence an editor reads before a draft replaces a published instrument."""
    return (
        f"Once {successor} is published it supersedes {replaced.short_name}: "
        f"{replaced.short_name}'s coverage leaves the drafts scope and the gap analysis, "
        f"where {successor} takes its place."
    )


class PieceForm(forms.Form):
    label = forms.CharField(max_length=100)
    slug = forms.SlugField(max_length=60)
    parent = forms.CharField(
        max_length=60, required=False, help_text="Slug of the provision it belongs to."
    )
    heading = forms.CharField(max_length=300, required=False)
    text = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 4, "cols": 60}))


class BasePieceFormSet(forms.BaseFormSet):
    def clean(self) -> None:
        if any(self.errors):
            return
        rows = [form.cleaned_data for form in self.ordered_forms]
        if not rows:
            raise ValidationError("Keep at least one provision.")
        seen: set[str] = set()
        parents = {row["parent"] for row in rows if row.get("parent")}
        problems = []
        for row in rows:
            if row["slug"] in seen:
                problems.append(f"The slug {row['slug']} is used twice.")
            if row.get("parent") and row["parent"] not in seen:
                problems.append(
                    f"{row['label']}: its parent {row['parent']} must be a provision listed "
                    "before it."
                )
            if not row.get("text", "").strip() and row["slug"] not in parents:
                problems.append(
                    f"{row['label']} has no text. Only an article whose paragraphs are "
                    "provisions of their own may be empty."
                )
            seen.add(row["slug"])
        if problems:
            raise ValidationError(problems)
        self.rows = rows


PieceFormSet = formset_factory(
    PieceForm,
    formset=BasePieceFormSet,
    extra=2,
    can_delete=True,
    can_order=True,
    max_num=PROVISIONS_MAX,
    validate_max=True,
)


class TooManyFields(ValueError):
    pass


def form_fields(body: bytes, encoding: str) -> QueryDict:
    """The fields of a form-encoded `body`, as `request.POST` has them, counted against
    REQUEST_MAX_FIELDS instead of DATA_UPLOAD_MAX_NUMBER_FIELDS. Raises TooManyFields."""
    try:
        text = body.decode(encoding)
    except UnicodeDecodeError:
        text = body.decode("iso-8859-1")  # as QueryDict does for misbehaving user agents
    try:
        pairs = parse_qsl(
            text, keep_blank_values=True, encoding=encoding, max_num_fields=REQUEST_MAX_FIELDS
        )
    except ValueError as error:  # without strict_parsing, only too many fields
        raise TooManyFields from error
    fields = QueryDict(mutable=True, encoding=encoding)
    for key, value in pairs:
        fields.appendlist(key, value)
    fields._mutable = False
    return fields


def reads_large_forms(view):
    """Let `view` read a form body of up to REQUEST_MAX_BYTES in up to REQUEST_MAX_FIELDS
    fields, CSRF token still checked.

    Django refuses a body over DATA_UPLOAD_MAX_MEMORY_SIZE or DATA_UPLOAD_MAX_NUMBER_FIELDS
    when it first parses the form, which the CSRF middleware does before any view runs. So
    the view is exempted from the middleware, reads and parses the body itself up to the
    caps, and then runs the same CSRF check. A body over the size cap is not read at all,
    one over the field cap not kept: the view gets an empty form and `body_too_large` or
    `too_many_fields` set, and must write nothing (it shows step 1 again with an error).
    """

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        request.body_too_large = 0
        request.too_many_fields = False
        if request.method == "POST" and request.content_type == "application/x-www-form-urlencoded":
            try:
                length = int(request.META.get("CONTENT_LENGTH") or 0)
            except ValueError:
                length = 0
            body = b"" if length > REQUEST_MAX_BYTES else request.read(REQUEST_MAX_BYTES + 1)
            if length > REQUEST_MAX_BYTES or len(body) > REQUEST_MAX_BYTES:
                request.body_too_large = max(length, len(body))
                request._post, request._files = QueryDict(), MultiValueDict()
                return view(request, *args, **kwargs)
            request._body = body
            request._files = MultiValueDict()
            try:
                request._post = form_fields(body, request.encoding or settings.DEFAULT_CHARSET)
            except TooManyFields:
                request.too_many_fields = True
                request._post = QueryDict()
                return view(request, *args, **kwargs)
        return csrf_protect(view)(request, *args, **kwargs)

    return csrf_exempt(wrapped)


def import_view(model_admin, request: HttpRequest) -> HttpResponse:
    """The three steps of the import; see the module docstring."""
    if not (
        request.user.has_perm("instruments.add_instrument")
        and model_admin.has_add_permission(request)
    ):
        raise PermissionDenied
    if getattr(request, "body_too_large", 0):
        messages.error(
            request,
            f"Your browser sent {request.body_too_large / 2**20:.0f} MB, more than the importer "
            f"reads ({REQUEST_MAX_BYTES // 2**20} MB), so the text could not be kept. The "
            f"importer takes a text of at most {TEXT_MAX_CHARS:,} characters.",
        )
        return _render(model_admin, request, ImportForm(), status=413)
    if getattr(request, "too_many_fields", False):
        messages.error(
            request,
            f"Your browser sent more than {REQUEST_MAX_FIELDS:,} form fields, more than the "
            f"importer reads (a split of at most {PROVISIONS_MAX:,} provisions), so nothing "
            "was saved. Import the text in parts.",
        )
        return _render(model_admin, request, ImportForm(), status=400)
    step = request.POST.get("step", "") if request.method == "POST" else ""
    if step == "split":
        form = ImportForm(request.POST)
        if form.is_valid():
            formset = PieceFormSet(
                prefix="pieces",
                initial=[
                    {**piece.as_initial(), "ORDER": position}
                    for position, piece in enumerate(form.pieces, start=1)
                ],
            )
            return _render(model_admin, request, form, formset)
        return _render(model_admin, request, form)
    if step in ("check", "save", "edit"):
        form = ImportForm(request.POST, split=False)
        if step == "edit" or not form.is_valid():
            return _render(model_admin, request, form)
        formset = PieceFormSet(request.POST, prefix="pieces")
        if step == "save" and formset.is_valid():
            instrument = _write(request, form.cleaned_data, formset.rows)
            messages.success(
                request,
                f"Imported {instrument.short_name} with {len(formset.rows)} provisions. It is "
                "not published yet: check it, then tick “published”.",
            )
            return HttpResponseRedirect(
                reverse("admin:instruments_instrument_change", args=[instrument.pk])
            )
        formset.is_valid()  # "check": show the table again with any problems marked
        return _render(model_admin, request, form, formset)
    return _render(model_admin, request, ImportForm())


def _render(
    model_admin, request: HttpRequest, form: ImportForm, formset=None, status: int | None = None
) -> HttpResponse:
    ctx = {
        **model_admin.admin_site.each_context(request),
        "title": "Check the split" if formset is not None else "Import a draft from its text",
        "opts": Instrument._meta,
        "form": form,
        "formset": formset,
        "media": model_admin.media + form.media,
    }
    if status is None:
        failed = request.method == "POST" and (form.errors or _formset_errors(formset))
        status = 400 if failed else 200
    return render(request, "admin/instruments/instrument/import.html", ctx, status=status)


def _formset_errors(formset) -> bool:
    return bool(formset is not None and formset.is_bound and not formset.is_valid())


def _write(request: HttpRequest, data: dict[str, Any], rows: list[dict[str, Any]]) -> Instrument:
    note = (
        f"Imported from pasted text by {request.user.get_username()} "
        f"on {timezone.localdate():%d %B %Y}."
    )
    with transaction.atomic():
        instrument = Instrument.objects.create(
            slug=data["slug"],
            short_name=data["short_name"],
            title=data["title"],
            symbols=data["symbols"],
            kind=data["kind"],
            status=data["status"],
            binding=data["binding"],
            supersedes=data["supersedes"],
            published=False,
            origin=Instrument.Origin.ADMIN,
        )
        created: dict[str, Provision] = {}
        for position, row in enumerate(rows, start=1):
            created[row["slug"]] = Provision.objects.create(
                instrument=instrument,
                slug=row["slug"],
                label=row["label"],
                heading=row.get("heading", ""),
                text=row.get("text", ""),
                position=position,
                parent=created.get(row.get("parent") or ""),
                provenance=data["provenance"],
                source_note=note,
            )
    return instrument
