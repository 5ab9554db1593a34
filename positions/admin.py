from __future__ import annotations

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from lib.admin_a11y import NamedInlineFieldsMixin, NamedWidgetsMixin
from lib.admin_tools import HistoryCompareMixin, MarkdownPreviewMixin
from lib.locking import VersionedAdminMixin, VersionedInlineMixin

from .models import Assertion, Claim, Position


class ClaimInline(NamedInlineFieldsMixin, VersionedInlineMixin, admin.TabularInline):
    """The position's claims in document order; each claim's assertions are on its page."""

    model = Claim
    fields = ["order", "slug", "paragraph", "quote"]
    extra = 0
    ordering = ["order", "pk"]
    show_change_link = True


class AssertionInline(NamedInlineFieldsMixin, VersionedInlineMixin, admin.StackedInline):
    model = Assertion
    fields = ["category", "asserted", "instruments", "note"]
    extra = 0
    autocomplete_fields = ["category", "instruments"]


@admin.register(Position)
class PositionAdmin(
    NamedWidgetsMixin,
    VersionedAdminMixin,
    HistoryCompareMixin,
    MarkdownPreviewMixin,
    SimpleHistoryAdmin,
):
    list_display = ["title", "author", "date", "kind", "provenance", "symbol", "published"]
    list_filter = ["kind", "provenance", "published", "origin"]
    search_fields = ["title", "author", "symbol", "slug", "claims__quote"]
    prepopulated_fields = {"slug": ["title"]}
    markdown_fields = ("source_note",)
    compared_text_fields = ("title", "text", "source_note")
    inlines = [ClaimInline]
    history_list_display = ["version", "published"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "author", "kind", "symbol"]}),
        ("Date", {"fields": ["date", "date_precision", "date_note"]}),
        ("Source", {"fields": ["provenance", "source_url", "source_file", "source_note"]}),
        ("Text", {"fields": ["text"]}),
        ("Publication", {"fields": ["published", "position"]}),
    ]


@admin.register(Claim)
class ClaimAdmin(
    NamedWidgetsMixin,
    VersionedAdminMixin,
    HistoryCompareMixin,
    MarkdownPreviewMixin,
    SimpleHistoryAdmin,
):
    list_display = ["slug", "position", "paragraph", "order"]
    list_filter = ["position", "assertions__category", "assertions__asserted"]
    list_select_related = ["position"]
    search_fields = ["slug", "quote", "note", "position__title", "position__author"]
    autocomplete_fields = ["position"]
    markdown_fields = ("note",)
    compared_text_fields = ("quote", "note")
    inlines = [AssertionInline]
    history_list_display = ["version"]
    fields = ["position", "slug", "paragraph", "order", "quote", "note"]


@admin.register(Assertion)
class AssertionAdmin(NamedWidgetsMixin, VersionedAdminMixin, SimpleHistoryAdmin):
    list_display = ["claim", "category", "asserted"]
    list_filter = ["asserted", "category"]
    list_select_related = ["claim__position", "category"]
    search_fields = ["claim__slug", "claim__quote", "note"]
    autocomplete_fields = ["claim", "category", "instruments"]
    fields = ["claim", "category", "asserted", "instruments", "note"]
