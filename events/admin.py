from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.db import transaction
from django.db.models import Count, QuerySet
from django.http import HttpRequest
from simple_history.admin import SimpleHistoryAdmin

from lib.admin_a11y import NamedWidgetsMixin
from lib.admin_tools import HistoryCompareMixin, MarkdownPreviewMixin
from lib.locking import VersionedAdminMixin

from .models import Actor, Event, EventSource

UNSOURCED = "An event can be published only with at least one source (a URL or document symbol)."


class EventSourceFormSet(forms.BaseInlineFormSet):
    """Refuses to leave a published event without a source."""

    def clean(self) -> None:
        super().clean()
        if not self.instance.published:
            return
        kept = [
            form
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE", False)
        ]
        if not kept:
            raise forms.ValidationError(UNSOURCED)


class EventSourceInline(admin.StackedInline):
    model = EventSource
    formset = EventSourceFormSet
    fields = [
        "position",
        "title",
        "url",
        "symbol",
        "publisher",
        "accessed",
        "provenance",
        "quote",
    ]
    extra = 1
    ordering = ["position", "pk"]


@admin.register(Actor)
class ActorAdmin(NamedWidgetsMixin, VersionedAdminMixin, admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Event)
class EventAdmin(
    NamedWidgetsMixin,
    VersionedAdminMixin,
    HistoryCompareMixin,
    MarkdownPreviewMixin,
    SimpleHistoryAdmin,
):
    list_display = ["title", "date", "date_precision", "published", "source_count"]
    list_filter = ["published", "date_precision", "categories", "origin"]
    search_fields = ["title", "slug", "summary"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["actors"]
    filter_horizontal = ["categories"]
    markdown_fields = ("summary", "consequences", "responses", "notes")
    compared_text_fields = ("title", "summary", "consequences", "responses")
    inlines = [EventSourceInline]
    actions = ["publish", "unpublish"]
    history_list_display = ["version", "published"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "date", "date_precision", "end_date"]}),
        ("Who and what", {"fields": ["actors", "categories"]}),
        ("As the sources report", {"fields": ["summary", "consequences", "responses", "notes"]}),
        ("Publication", {"fields": ["published"]}),
    ]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Event]:
        return super().get_queryset(request).annotate(sources_total=Count("sources"))

    @admin.display(description="Sources", ordering="sources_total")
    def source_count(self, obj: Event) -> int:
        return obj.sources_total

    @admin.action(description="Publish the selected events", permissions=["change"])
    def publish(self, request: HttpRequest, queryset: QuerySet[Event]) -> None:
        unsourced = list(
            queryset.filter(sources_total=0).values_list("title", flat=True).order_by("title")
        )
        if unsourced:
            messages.error(
                request, f"Not published, no source: {'; '.join(unsourced)}. {UNSOURCED}"
            )
        self._set_published(request, queryset.exclude(sources_total=0), True)

    @admin.action(description="Unpublish the selected events", permissions=["change"])
    def unpublish(self, request: HttpRequest, queryset: QuerySet[Event]) -> None:
        self._set_published(request, queryset, False)

    def _set_published(self, request: HttpRequest, queryset: QuerySet, published: bool) -> None:
        changed = 0
        with transaction.atomic():
            # One by one, so that history records the change and the version moves on.
            pks = list(queryset.filter(published=not published).values_list("pk", flat=True))
            for event in Event.objects.select_for_update().filter(pk__in=pks):
                event.published = published
                event.version += 1
                event._history_user = request.user
                event.save()
                changed += 1
        verb = "Published" if published else "Unpublished"
        messages.success(request, f"{verb} {changed} event(s).")
