from __future__ import annotations

from django.contrib import admin, messages
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import path, reverse
from django.utils.html import format_html
from simple_history.admin import SimpleHistoryAdmin

from lib.admin_a11y import NamedInlineFieldsMixin, NamedWidgetsMixin
from lib.admin_tools import (
    PREVIEW_URL_NAME,
    HistoryCompareMixin,
    MarkdownPreviewMixin,
    markdown_preview,
)
from lib.locking import VersionedAdminMixin, VersionedInlineMixin

# The one sanctioned upward import: the model of the app directly above, for an inline.
from provisions.models import Provision

from .models import Instrument


class ProvisionInline(
    NamedInlineFieldsMixin, VersionedInlineMixin, MarkdownPreviewMixin, admin.TabularInline
):
    """The instrument's provisions in order: edit "position" to reorder."""

    model = Provision
    fields = ["position", "label", "slug", "heading", "parent", "provenance", "text"]
    markdown_fields = ("text",)
    extra = 0
    ordering = ["position", "pk"]
    show_change_link = True
    autocomplete_fields = ["parent"]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name == "text":
            field.widget.attrs.update({"rows": 3, "cols": 50})
        return field


@admin.register(Instrument)
class InstrumentAdmin(
    NamedWidgetsMixin,
    VersionedAdminMixin,
    HistoryCompareMixin,
    MarkdownPreviewMixin,
    SimpleHistoryAdmin,
):
    list_display = [
        "short_name",
        "slug",
        "kind",
        "status",
        "binding",
        "symbols",
        "published",
        "compare_link",
    ]
    list_filter = ["status", "kind", "binding", "published", "origin"]
    list_select_related = ["supersedes"]
    search_fields = ["short_name", "title", "symbols", "slug", "provisions__text"]
    prepopulated_fields = {"slug": ["short_name"]}
    autocomplete_fields = ["supersedes"]
    readonly_fields = ["summary_preview", "compare_link"]
    markdown_fields = ("summary",)
    compared_text_fields = ("title", "summary", "selection_note")
    inlines = [ProvisionInline]
    actions = ["publish", "unpublish"]
    history_list_display = ["version", "published"]
    fieldsets = [
        (None, {"fields": ["short_name", "slug", "title", "symbols", "kind", "status", "binding"]}),
        (
            "Facts",
            {
                "fields": [
                    "adopted_on",
                    "in_force_on",
                    "tabled_on",
                    "ended_on",
                    "dates_source",
                    "parties",
                    "parties_as_of",
                    "depositary",
                    "source_url",
                    "source_file",
                    "corrections",
                    "supersedes",
                    "compare_link",
                ]
            },
        ),
        ("Description", {"fields": ["summary", "summary_preview", "selection_note"]}),
        ("Publication", {"fields": ["published", "position"]}),
    ]

    def get_urls(self):
        extra = [
            path(
                "preview-markdown/",
                self.admin_site.admin_view(markdown_preview),
                name=PREVIEW_URL_NAME,
            ),
        ]
        return extra + super().get_urls()

    @admin.display(description="Summary as it will appear")
    def summary_preview(self, obj: Instrument) -> str:
        return self.rendered(obj.summary, obj.pk is not None)

    @admin.display(description="Compare with predecessor")
    def compare_link(self, obj: Instrument) -> str:
        """A link to the public diff against the instrument this one supersedes."""
        previous = obj.supersedes
        if previous is None:
            return "—"
        if not (obj.published and previous.published):
            return f"Publish both to compare with {previous.short_name}"
        url = reverse("provisions:diff", args=[obj.slug, previous.slug])
        return format_html('<a href="{}">What changed since {}</a>', url, previous.short_name)

    @admin.action(description="Publish the selected instruments", permissions=["change"])
    def publish(self, request: HttpRequest, queryset: QuerySet[Instrument]) -> None:
        self._set_published(request, queryset, True)

    @admin.action(description="Unpublish the selected instruments", permissions=["change"])
    def unpublish(self, request: HttpRequest, queryset: QuerySet[Instrument]) -> None:
        self._set_published(request, queryset, False)

    def _set_published(self, request: HttpRequest, queryset: QuerySet, published: bool) -> None:
        changed = 0
        with transaction.atomic():
            # Saved one by one, not with update(), so that history records the change and
            # the version moves on: a form opened before this cannot undo it silently.
            for instrument in queryset.select_for_update(of=("self",)).filter(
                published=not published
            ):
                instrument.published = published
                instrument.version += 1
                instrument._history_user = request.user
                instrument.save()
                changed += 1
        verb = "Published" if published else "Unpublished"
        messages.success(request, f"{verb} {changed} instrument(s).")
        if published:
            for instrument in queryset.filter(supersedes__published=True).select_related(
                "supersedes"
            ):
                messages.warning(
                    request,
                    f"{instrument.short_name} now supersedes {instrument.supersedes.short_name}:"
                    f" {instrument.supersedes.short_name}'s coverage has left the drafts scope "
                    "and the gap analysis.",
                )
