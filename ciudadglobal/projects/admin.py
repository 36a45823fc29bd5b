from django import forms
from django.contrib import admin
from django.db import models
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

from .models import (
    Funding,
    Project,
    ProjectBudget,
    ProjectParticipant,
    ProjectSector,
    ProjectTransaction,
    RelatedActivity,
)


class ParticipantInline(TabularInline):
    model = ProjectParticipant
    fields = ("actor", "role", "ref", "organisation_type")
    autocomplete_fields = ("actor",)


class FundingInline(TabularInline):
    model = Funding
    fields = ("funder", "amount", "currency", "date", "note")
    autocomplete_fields = ("funder",)


class SectorInline(TabularInline):
    model = ProjectSector
    fields = ("vocabulary", "code", "name", "percentage")


class BudgetInline(TabularInline):
    model = ProjectBudget
    fields = ("budget_type", "status", "period_start", "period_end", "value", "currency")


class TransactionInline(TabularInline):
    model = ProjectTransaction
    fields = (
        "transaction_type",
        "date",
        "value",
        "currency",
        "provider_org",
        "provider_org_name",
        "receiver_org",
        "receiver_org_name",
        "description",
        "ref",
    )
    autocomplete_fields = ("provider_org", "receiver_org")
    formfield_overrides = {
        **TabularInline.formfield_overrides,
        models.TextField: {"widget": forms.Textarea(attrs={"rows": 2, "cols": 30})},
    }


class RelatedActivityInline(TabularInline):
    model = RelatedActivity
    fields = ("identifier", "relation")


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
    search_fields = (
        "title",
        "title_en",
        "description",
        "iati_identifier",
        "participants__actor__name",
    )
    autocomplete_fields = (
        "places",
        "departments",
        "themes",
        "sdg_goals",
        "sdg_targets",
        "agreements",
        "reporting_org",
        "source",
    )
    readonly_fields = REGISTRY_READONLY
    inlines = [
        ParticipantInline,
        FundingInline,
        SectorInline,
        BudgetInline,
        TransactionInline,
        RelatedActivityInline,
    ]
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "title",
                    "title_en",
                    "status",
                    ("start", "end"),
                    ("planned_start", "planned_end"),
                    "places",
                )
            },
        ),
        (
            _("Who and what"),
            {"fields": ("departments", "themes", "sdg_goals", "sdg_targets", "agreements")},
        ),
        (_("Description and results"), {"fields": ("description", "description_en", "results")}),
        (
            _("IATI publication"),
            {"fields": ("iati_identifier", "reporting_org", "reporting_org_ref")},
        ),
        PROVENANCE_FIELDSET,
    )
    start_display = partial_date_display("start", _("start"))
    end_display = partial_date_display("end", _("end"))
