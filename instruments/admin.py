from django.contrib import admin

from provisions.models import Provision

from .models import Instrument


class ProvisionInline(admin.TabularInline):
    model = Provision
    fields = ["position", "label", "slug", "heading", "provenance", "parent"]
    extra = 0
    ordering = ["position"]
    show_change_link = True
    autocomplete_fields = ["parent"]


@admin.register(Instrument)
class InstrumentAdmin(admin.ModelAdmin):
    list_display = ["short_name", "slug", "kind", "status", "binding", "symbols", "published"]
    list_filter = ["status", "kind", "binding", "published"]
    search_fields = ["short_name", "title", "symbols", "slug", "provisions__text"]
    prepopulated_fields = {"slug": ["short_name"]}
    autocomplete_fields = ["supersedes"]
    inlines = [ProvisionInline]
    fieldsets = [
        (None, {"fields": ["short_name", "slug", "title", "symbols", "kind", "status", "binding"]}),
        (
            "Facts",
            {
                "fields": [
                    "adopted_on",
                    "in_force_on",
                    "parties",
                    "parties_as_of",
                    "depositary",
                    "source_url",
                    "supersedes",
                ]
            },
        ),
        ("Description", {"fields": ["summary", "selection_note"]}),
        ("Publication", {"fields": ["published", "position"]}),
    ]
