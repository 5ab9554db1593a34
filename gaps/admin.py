from django.contrib import admin

from .models import Capability, Coverage, ThreatCategory


@admin.register(ThreatCategory)
class ThreatCategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "position"]
    search_fields = ["name", "slug", "definition"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["capabilities"]


@admin.register(Capability)
class CapabilityAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "position"]
    search_fields = ["name", "slug"]


@admin.register(Coverage)
class CoverageAdmin(admin.ModelAdmin):
    list_display = ["provision", "category", "level"]
    list_filter = ["level", "category", "provision__instrument__status"]
    list_select_related = ["provision__instrument", "category"]
    search_fields = ["rationale", "provision__label", "provision__instrument__short_name"]
    autocomplete_fields = ["provision", "category"]
