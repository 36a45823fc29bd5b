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

from .models import Funding, Project, ProjectParticipant


class ParticipantInline(TabularInline):
    model = ProjectParticipant
    fields = ("actor", "role")
    autocomplete_fields = ("actor",)


class FundingInline(TabularInline):
    model = Funding
    fields = ("funder", "amount", "currency", "date", "note")
    autocomplete_fields = ("funder",)


@admin.register(Project)
class ProjectAdmin(TenantAdmin):
    title_localized = localized_column("title", _("title"))
    list_display = ("title_localized", "status", "start_display", "end_display")
    list_filter = (
        "status",
        region_filter("participants__actor__country"),
        country_filter("participants__actor__country"),
        ("themes", RELATED),
        year_filter("start", _("year started")),
        ("departments", RELATED),
        "visibility",
    )
    search_fields = ("title", "title_en", "description", "participants__actor__name")
    autocomplete_fields = (
        "places",
        "departments",
        "themes",
        "sdg_targets",
        "agreements",
        "source",
    )
    readonly_fields = REGISTRY_READONLY
    inlines = [ParticipantInline, FundingInline]
    fieldsets = (
        (None, {"fields": ("title", "title_en", "status", ("start", "end"), "places")}),
        (_("Who and what"), {"fields": ("departments", "themes", "sdg_targets", "agreements")}),
        (
            _("Description and results"),
            {"fields": ("description", "description_en", "results", "iati_identifier")},
        ),
        PROVENANCE_FIELDSET,
    )
    start_display = partial_date_display("start", _("start"))
    end_display = partial_date_display("end", _("end"))
