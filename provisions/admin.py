from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.db import models, transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.http import HttpRequest, HttpResponse
from django.urls import path
from simple_history.admin import SimpleHistoryAdmin

from lib.admin_a11y import NamedInlineFieldsMixin, NamedWidgetsMixin
from lib.admin_tools import HistoryCompareMixin, MarkdownPreviewMixin
from lib.locking import VersionedAdminMixin, VersionedInlineMixin

from .admin_import import import_view, reads_large_forms
from .admin_import_language import import_language_view
from .models import (
    Capability,
    Coverage,
    DefinedTerm,
    DeletedProvision,
    Provision,
    ProvisionText,
    ThreatCategory,
    Topic,
)
from .restore import RestoreError, described, restore_provisions, summary


class CoverageInline(
    NamedInlineFieldsMixin, VersionedInlineMixin, MarkdownPreviewMixin, admin.TabularInline
):
    model = Coverage
    fields = ["category", "level", "qualifier", "rationale"]
    markdown_fields = ("rationale",)
    # Without JavaScript there is no "Add another": one blank row, and a plain select of the
    # few categories rather than an autocomplete, which needs JavaScript to offer any.
    extra = 1


class DefinedTermInline(NamedInlineFieldsMixin, VersionedInlineMixin, admin.TabularInline):
    model = DefinedTerm
    fields = ["term", "slug", "position"]
    extra = 0
    prepopulated_fields = {"slug": ["term"]}


class ProvisionTextInline(
    NamedInlineFieldsMixin, VersionedInlineMixin, MarkdownPreviewMixin, admin.StackedInline
):
    model = ProvisionText
    fields = ["language", "text", "provenance", "source_note"]
    markdown_fields = ("text",)
    extra = 0


@admin.register(ProvisionText)
class ProvisionTextAdmin(
    NamedWidgetsMixin,
    VersionedAdminMixin,
    HistoryCompareMixin,
    MarkdownPreviewMixin,
    SimpleHistoryAdmin,
):
    list_display = ["provision", "language", "provenance"]
    list_filter = ["language", "provenance", "provision__instrument"]
    list_select_related = ["provision__instrument"]
    search_fields = ["text", "provision__label", "provision__instrument__short_name"]
    autocomplete_fields = ["provision"]
    markdown_fields = ("text",)
    compared_text_fields = ("text", "source_note")


@admin.register(Provision)
class ProvisionAdmin(
    NamedWidgetsMixin,
    VersionedAdminMixin,
    HistoryCompareMixin,
    MarkdownPreviewMixin,
    SimpleHistoryAdmin,
):
    list_display = ["label", "instrument", "heading", "provenance", "position"]
    list_filter = ["instrument__status", "instrument__kind", "provenance", "instrument", "topics"]
    list_select_related = ["instrument"]
    search_fields = [
        "label",
        "heading",
        "text",
        "instrument__short_name",
        "instrument__slug",
        "instrument__title",
        "instrument__symbols",
    ]
    # Instruments and topics are few: a plain select and checkboxes, which work without
    # JavaScript (an autocomplete offers nothing then). Parents are many, and rarely change.
    autocomplete_fields = ["parent"]
    formfield_overrides = {models.ManyToManyField: {"widget": forms.CheckboxSelectMultiple}}
    readonly_fields = ["text_preview"]
    markdown_fields = ("text",)
    compared_text_fields = ("label", "heading", "text", "source_note")
    history_list_display = ["version", "label"]
    inlines = [DefinedTermInline, CoverageInline, ProvisionTextInline]
    fields = [
        "instrument",
        "label",
        "slug",
        "heading",
        "position",
        "parent",
        "text",
        "text_preview",
        "provenance",
        "source_note",
        "topics",
    ]

    def get_urls(self):
        # "Import a draft" writes an instrument and its provisions; the instrument list links
        # to it.
        extra = [
            path(
                "import/",
                self.admin_site.admin_view(reads_large_forms(self.import_draft_view)),
                name="provisions_provision_import",
            ),
            path(
                "import/language/",
                self.admin_site.admin_view(self.import_language_view),
                name="provisions_provision_import_language",
            ),
        ]
        return extra + super().get_urls()

    def import_draft_view(self, request: HttpRequest) -> HttpResponse:
        return import_view(self, request)

    def import_language_view(self, request: HttpRequest) -> HttpResponse:
        return import_language_view(self, request)

    @admin.display(description="Text as it will appear")
    def text_preview(self, obj: Provision) -> str:
        return self.rendered(obj.text, obj.pk is not None)


@admin.register(Topic)
class TopicAdmin(VersionedAdminMixin, admin.ModelAdmin):
    list_display = ["name", "slug", "position"]
    search_fields = ["name", "slug", "description"]
    prepopulated_fields = {"slug": ["name"]}


HistoricalProvision = Provision.history.model


@admin.register(DeletedProvision)
class DeletedProvisionAdmin(admin.ModelAdmin):
    """Provisions deleted and not restored since; "Restore" brings them back as they were."""

    list_display = ["label", "instrument_name", "history_date", "history_user"]
    list_select_related = ["history_user"]
    search_fields = ["label", "text", "heading"]
    actions = ["restore"]
    list_display_links = None

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        # The deletion is the latest record of a row that no longer exists.
        later = HistoricalProvision.objects.filter(
            id=OuterRef("id"), history_date__gt=OuterRef("history_date")
        )
        alive = Provision.objects.filter(pk=OuterRef("id"))
        return (
            super()
            .get_queryset(request)
            .filter(history_type="-")
            .filter(~Exists(later), ~Exists(alive))
            .order_by("-history_date")
        )

    @admin.display(description="instrument")
    def instrument_name(self, record) -> str:
        return str(record.instrument_id)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_view_permission(self, request: HttpRequest, obj=None) -> bool:
        return request.user.has_perm("provisions.view_provision")

    def has_restore_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("provisions.add_provision")

    @admin.action(description="Restore the selected provisions", permissions=["restore"])
    def restore(self, request: HttpRequest, queryset: QuerySet) -> None:
        records = list(queryset)
        # A selected entry missing from the queryset is no longer deleted: a page listing it
        # was sent again, or it came back with its article.
        listed = {str(record.pk) for record in records}
        gone = [pk for pk in request.POST.getlist(helpers.ACTION_CHECKBOX_NAME) if pk not in listed]
        names = [described(record) for record in HistoricalProvision.objects.filter(pk__in=gone)]
        if names:
            messages.warning(
                request,
                f"{', '.join(names)} {'was' if len(names) == 1 else 'were'} restored already; "
                "nothing to do for "
                f"{'it' if len(names) == 1 else 'them'}.",
            )
        if not records:
            return
        try:
            with transaction.atomic():
                restored = restore_provisions(records, request.user)
        except RestoreError as error:
            messages.error(request, f"Nothing was restored. {error}")
            return
        messages.success(request, f"Restored {summary(restored)}.")


@admin.register(ThreatCategory)
class ThreatCategoryAdmin(
    NamedWidgetsMixin,
    VersionedAdminMixin,
    HistoryCompareMixin,
    MarkdownPreviewMixin,
    SimpleHistoryAdmin,
):
    list_display = ["name", "slug", "position"]
    search_fields = ["name", "slug", "definition"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["capabilities"]
    markdown_fields = ("definition", "identified_in")
    compared_text_fields = ("name", "definition", "identified_in")


@admin.register(Capability)
class CapabilityAdmin(VersionedAdminMixin, admin.ModelAdmin):
    list_display = ["name", "slug", "position"]
    search_fields = ["name", "slug"]


@admin.register(Coverage)
class CoverageAdmin(
    NamedWidgetsMixin,
    VersionedAdminMixin,
    HistoryCompareMixin,
    MarkdownPreviewMixin,
    SimpleHistoryAdmin,
):
    list_display = ["provision", "category", "level"]
    list_filter = [
        "level",
        "category",
        "provision__instrument__status",
        "provision__instrument__kind",
    ]
    list_select_related = ["provision__instrument", "category"]
    search_fields = ["rationale", "provision__label", "provision__instrument__short_name"]
    autocomplete_fields = ["provision", "category"]
    markdown_fields = ("rationale",)
    compared_text_fields = ("rationale",)
