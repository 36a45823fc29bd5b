from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from ciudadglobal.core.admin import (
    PROVENANCE_FIELDSET,
    REGISTRY_READONLY,
    RELATED,
    TabularInline,
    TenantAdmin,
    country_filter,
    localized_column,
    partial_date_display,
    region_filter,
    year_filter,
)

from .models import Activity, ActivityParticipant


class ParticipantInline(TabularInline):
    model = ActivityParticipant
    fields = ("person", "name", "organization", "role", "title", "gender", "sector")
    autocomplete_fields = ("person", "organization")


@admin.register(Activity)
class ActivityAdmin(TenantAdmin):
    title_localized = localized_column("title", _("title"))
    list_display = ("title_localized", "kind", "start_display", "end_display", "place_list")
    list_filter = (
        "kind",
        region_filter("places__country"),
        country_filter("places__country"),
        ("themes", RELATED),
        year_filter("start", _("year")),
        ("departments", RELATED),
        "visibility",
    )
    search_fields = ("title", "title_en", "description", "counterparts__name")
    autocomplete_fields = (
        "places",
        "departments",
        "counterparts",
        "themes",
        "sdg_targets",
        "agreements",
        "projects",
        "networks",
        "source",
    )
    readonly_fields = REGISTRY_READONLY
    inlines = [ParticipantInline]
    fieldsets = (
        (None, {"fields": ("kind", "title", "title_en", ("start", "end"), "places")}),
        (_("Who"), {"fields": ("departments", "counterparts", "networks")}),
        (_("Themes and links"), {"fields": ("themes", "sdg_targets", "agreements", "projects")}),
        (
            _("Description and results"),
            {
                "fields": (
                    "description",
                    "description_en",
                    "outcomes",
                    ("attendance", "people_served"),
                    ("cost", "cost_currency"),
                )
            },
        ),
        PROVENANCE_FIELDSET,
    )
    start_display = partial_date_display("start", _("start"))
    end_display = partial_date_display("end", _("end"))

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("places")

    @admin.display(description=_("places"))
    def place_list(self, obj) -> str:
        return ", ".join(str(place) for place in obj.places.all()) or "—"
