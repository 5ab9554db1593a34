from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from instruments.admin_a11y import NamedWidgetsMixin
from instruments.admin_tools import HistoryCompareMixin, MarkdownPreviewMixin

from .models import Capability, Coverage, ThreatCategory


@admin.register(ThreatCategory)
class ThreatCategoryAdmin(
    NamedWidgetsMixin, HistoryCompareMixin, MarkdownPreviewMixin, SimpleHistoryAdmin
):
    list_display = ["name", "slug", "position"]
    search_fields = ["name", "slug", "definition"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["capabilities"]
    markdown_fields = ("definition", "identified_in")
    compared_text_fields = ("name", "definition", "identified_in")


@admin.register(Capability)
class CapabilityAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "position"]
    search_fields = ["name", "slug"]


@admin.register(Coverage)
class CoverageAdmin(
    NamedWidgetsMixin, HistoryCompareMixin, MarkdownPreviewMixin, SimpleHistoryAdmin
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
