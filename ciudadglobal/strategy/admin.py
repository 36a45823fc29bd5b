from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from ciudadglobal.core.admin import (
    PROVENANCE_FIELDSET,
    REGISTRY_READONLY,
    RELATED,
    TabularInline,
    TenantAdmin,
    localized_column,
    partial_date_display,
    year_filter,
)

from .models import Plan, PlanElement, PriorityRegion


class PriorityRegionInline(TabularInline):
    model = PriorityRegion
    fields = ("region", "note", "note_en")


@admin.register(Plan)
class PlanAdmin(TenantAdmin):
    name_localized = localized_column("name", _("name"))
    start_display = partial_date_display("start", _("from"))
    end_display = partial_date_display("end", _("until"))
    list_display = ("name_localized", "kind", "start_display", "end_display")
    list_filter = ("kind", year_filter("start", _("year")), "visibility")
    search_fields = ("name", "name_en", "description")
    autocomplete_fields = ("source", "priority_themes")
    readonly_fields = REGISTRY_READONLY
    inlines = [PriorityRegionInline]
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "kind",
                    "name",
                    "name_en",
                    ("start", "end"),
                    "description",
                    "description_en",
                    "priority_themes",
                )
            },
        ),
        PROVENANCE_FIELDSET,
    )


@admin.register(PlanElement)
class PlanElementAdmin(TenantAdmin):
    name_localized = localized_column("name", _("name"))
    list_display = ("code", "name_localized", "kind", "plan", "parent")
    list_display_links = ("code", "name_localized")
    list_select_related = ("plan", "parent")
    list_filter = ("kind", ("plan", RELATED), "visibility")
    search_fields = ("code", "name", "name_en", "description")
    autocomplete_fields = (
        "plan",
        "parent",
        "source",
        "themes",
        "sdg_targets",
        "agreements",
        "activities",
        "projects",
    )
    readonly_fields = REGISTRY_READONLY
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "plan",
                    "parent",
                    ("kind", "code", "order"),
                    "name",
                    "name_en",
                    "description",
                    "description_en",
                )
            },
        ),
        (_("Target"), {"fields": ("target", "target_en", "target_year")}),
        (
            _("What serves it"),
            {"fields": ("themes", "sdg_targets", "agreements", "activities", "projects")},
        ),
        PROVENANCE_FIELDSET,
    )
