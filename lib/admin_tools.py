"""Admin pieces shared by the instruments, provisions and gaps admins.

- Markdown: a preview of the saved text beside the editor, rendered on the server, and a
  staff-only POST endpoint that static/js/markdown-preview.js calls to preview as one types.
- History: a page comparing two recorded versions of a row, field by field, with a word
  diff of the texts (django-simple-history lists and reverts versions but does not compare).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.views.decorators.http import require_POST

from .markdown import render_markdown
from .textdiff import word_diff

PREVIEW_URL_NAME = "instruments_markdown_preview"
MAX_PREVIEW_LENGTH = 200_000


@require_POST
def markdown_preview(request: HttpRequest) -> JsonResponse:
    """Sanitised HTML for a Markdown text. Wrapped by admin_view: staff only, CSRF-checked."""
    text = request.POST.get("text", "")
    if len(text) > MAX_PREVIEW_LENGTH:
        return JsonResponse(
            {"error": f"Text too long to preview (over {MAX_PREVIEW_LENGTH} characters)."},
            status=400,
        )
    return JsonResponse({"html": str(render_markdown(text))})


class MarkdownPreviewMixin:
    """Marks the Markdown fields' editors for the live preview and shows the saved text rendered.

    List the read-only "<field>_preview" methods in the form's fields to show them.
    """

    markdown_fields: tuple[str, ...] = ()

    class Media:
        js = ["js/markdown-preview.js"]
        css = {"all": ["css/admin-drafts.css"]}

    def formfield_for_dbfield(self, db_field: models.Field, request: HttpRequest, **kwargs: Any):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if field is not None and db_field.name in self.markdown_fields:
            field.widget.attrs.update(
                {
                    "data-preview-url": reverse(f"admin:{PREVIEW_URL_NAME}"),
                    "class": "markdown-editor",
                }
            )
        return field

    @staticmethod
    def rendered(text: str, saved: bool) -> str:
        if not saved:
            return "Save to see the text as it will appear on the site."
        return render_markdown(text) or "(empty)"


def _history_of(model: type[models.Model]):
    return model.history  # type: ignore[attr-defined]


class HistoryCompareMixin:
    """Adds "compare two versions" to a SimpleHistoryAdmin (list it before that class)."""

    object_history_template = "admin/history_with_compare.html"
    compared_text_fields: tuple[str, ...] = ()

    def get_urls(self):
        info = self.model._meta.app_label, self.model._meta.model_name
        compare = path(
            "<path:object_id>/history/compare/",
            self.admin_site.admin_view(self.history_compare_view),
            name="{}_{}_history_compare".format(*info),
        )
        # Before simple-history's "<id>/history/<version>/", which would take "compare".
        return [compare, *super().get_urls()]

    def history_form_view(
        self, request: HttpRequest, object_id: str, version_id: str, extra_context=None
    ) -> HttpResponse:
        # simple-history only hides the revert button from those who may not change the
        # row; refuse their POST too. And make the revert atomic like the change form.
        if request.method == "POST" and not self.has_change_permission(request):
            raise PermissionDenied
        with transaction.atomic():
            return super().history_form_view(request, object_id, version_id, extra_context)

    def history_compare_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        object_id = unquote(object_id)
        records = _history_of(self.model).filter(id=object_id).select_related("history_user")
        ordered = list(records.order_by("-history_date", "-history_id"))
        if not ordered:
            raise Http404("This record has no history.")
        obj = self.model._default_manager.filter(pk=object_id).first() or ordered[0].instance
        if not self.has_view_history_or_change_history_permission(request, obj):
            raise PermissionDenied
        by_id = {str(record.history_id): record for record in ordered}
        default_new = ordered[0]
        default_old = ordered[1] if len(ordered) > 1 else ordered[0]
        new_id = request.GET.get("new", str(default_new.history_id))
        old_id = request.GET.get("old", str(default_old.history_id))
        if new_id not in by_id or old_id not in by_id:
            ctx = {
                **self.admin_site.each_context(request),
                "title": "Cannot compare",
                "message": "Choose two versions from this record's history "
                "('old' and 'new' must be version numbers listed there).",
            }
            return render(request, "admin/history_compare_error.html", ctx, status=400)
        old, new = by_id[old_id], by_id[new_id]
        opts = self.model._meta
        ctx = {
            **self.admin_site.each_context(request),
            "title": f"Compare two versions of {obj}",
            "opts": opts,
            "object": obj,
            "old": old,
            "new": new,
            "records": ordered,
            "rows": self._compared_fields(old, new),
            "history_url": reverse(
                f"admin:{opts.app_label}_{opts.model_name}_history", args=[obj.pk]
            ),
        }
        return TemplateResponse(request, "admin/history_compare.html", ctx)

    def _compared_fields(self, old: models.Model, new: models.Model) -> list[dict[str, Any]]:
        rows = []
        for field in self.model._meta.concrete_fields:
            if field.primary_key:
                continue
            before = getattr(old, field.attname)
            after = getattr(new, field.attname)
            row: dict[str, Any] = {
                "name": field.verbose_name,
                "changed": before != after,
                "old": before,
                "new": after,
                "segments": None,
            }
            if field.name in self.compared_text_fields and before != after:
                row["segments"] = word_diff(before or "", after or "")
            rows.append(row)
        return rows


class ConfirmTextareaWidget(forms.Textarea):
    """A textarea small enough to sit in a table row."""

    def __init__(self, attrs: dict | None = None) -> None:
        super().__init__({"rows": 3, "cols": 50, **(attrs or {})})
