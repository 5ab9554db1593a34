from django.contrib import admin

from gaps.models import Coverage

from .models import DefinedTerm, Provision, Topic


class CoverageInline(admin.TabularInline):
    model = Coverage
    fields = ["category", "level", "rationale"]
    extra = 0
    autocomplete_fields = ["category"]


class DefinedTermInline(admin.TabularInline):
    model = DefinedTerm
    fields = ["term", "slug", "position"]
    extra = 0
    prepopulated_fields = {"slug": ["term"]}


@admin.register(Provision)
class ProvisionAdmin(admin.ModelAdmin):
    list_display = ["label", "instrument", "heading", "provenance", "position"]
    list_filter = ["instrument__status", "provenance", "instrument", "topics"]
    list_select_related = ["instrument"]
    search_fields = ["label", "heading", "text", "instrument__short_name", "instrument__slug"]
    autocomplete_fields = ["instrument", "parent", "topics"]
    inlines = [DefinedTermInline, CoverageInline]
    fields = [
        "instrument",
        "label",
        "slug",
        "heading",
        "position",
        "parent",
        "text",
        "provenance",
        "source_note",
        "topics",
    ]


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "position"]
    search_fields = ["name", "slug", "description"]
    prepopulated_fields = {"slug": ["name"]}
