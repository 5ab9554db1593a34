from __future__ import annotations

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from lib.admin_a11y import NamedInlineFieldsMixin, NamedWidgetsMixin
from lib.admin_tools import HistoryCompareMixin
from lib.locking import VersionedAdminMixin

from .models import Participation, ParticipationList, State


class ParticipationInline(NamedInlineFieldsMixin, admin.TabularInline):
    """Read-only here: each act is edited on its own page, with its history and locking."""

    model = Participation
    fields = ["instrument", "action", "date", "effective_date", "provenance"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True
    ordering = ["instrument__position", "date"]

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(State)
class StateAdmin(NamedWidgetsMixin, VersionedAdminMixin, admin.ModelAdmin):
    list_display = ["name", "code", "kind"]
    list_filter = ["kind"]
    search_fields = ["name", "code"]
    inlines = [ParticipationInline]


@admin.register(Participation)
class ParticipationAdmin(
    NamedWidgetsMixin, VersionedAdminMixin, HistoryCompareMixin, SimpleHistoryAdmin
):
    list_display = ["state", "instrument", "action", "date", "effective_date", "provenance"]
    list_filter = ["action", "provenance", "instrument"]
    list_select_related = ["state", "instrument"]
    search_fields = ["state__name", "state__code", "instrument__short_name", "source", "note"]
    autocomplete_fields = ["state", "instrument"]
    date_hierarchy = "date"
    compared_text_fields = ("reservations", "note")
    history_list_display = ["version", "action", "date"]
    fieldsets = [
        (None, {"fields": ["state", "instrument", "action", "date", "effective_date"]}),
        ("Source", {"fields": ["source", "provenance", "note"]}),
        ("Reservations and declarations", {"fields": ["reservations"]}),
    ]


@admin.register(ParticipationList)
class ParticipationListAdmin(
    NamedWidgetsMixin, VersionedAdminMixin, HistoryCompareMixin, SimpleHistoryAdmin
):
    list_display = ["instrument", "as_of", "provenance"]
    list_select_related = ["instrument"]
    autocomplete_fields = ["instrument"]
    compared_text_fields = ("note",)
