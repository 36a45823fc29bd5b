from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from ciudadglobal.core.admin import (
    PROVENANCE_FIELDSET,
    REGISTRY_READONLY,
    RELATED,
    ReadOnlyTabularInline,
    TabularInline,
    TenantAdmin,
    localized_column,
)

from .models import Disaggregation, Indicator, LocalTarget, Observation, ObservationOrigin


@admin.register(LocalTarget)
class LocalTargetAdmin(TenantAdmin):
    title_localized = localized_column("title", _("title"))
    list_display = ("code", "title_localized", "sdg_target")
    list_display_links = ("code", "title_localized")
    list_select_related = ("sdg_target",)
    list_filter = ("visibility",)
    search_fields = ("code", "title", "title_en")
    autocomplete_fields = ("sdg_target", "source")
    readonly_fields = REGISTRY_READONLY
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "sdg_target",
                    "code",
                    "title",
                    "title_en",
                    "description",
                    "description_en",
                )
            },
        ),
        PROVENANCE_FIELDSET,
    )


class ObservationInline(ReadOnlyTabularInline):
    """The observations of an indicator, read only: entered ones are edited on their own page,
    computed ones by ``compute_indicators``."""

    model = Observation
    fields = ("period_start", "period_end", "value", "origin", "computed_at")
    show_change_link = True


@admin.register(Indicator)
class IndicatorAdmin(TenantAdmin):
    name_localized = localized_column("name", _("name"))
    list_display = ("code", "name_localized", "dimension", "method", "unit", "periodicity")
    list_display_links = ("code", "name_localized")
    list_filter = ("dimension", "method", "periodicity", "in_index", "visibility")
    search_fields = ("code", "name", "name_en", "description")
    autocomplete_fields = ("sdg_targets", "local_targets", "plan_elements", "source")
    readonly_fields = REGISTRY_READONLY
    inlines = [ObservationInline]

    fieldsets = (
        (
            None,
            {
                "fields": (
                    ("code", "order"),
                    "name",
                    "name_en",
                    "description",
                    "description_en",
                    ("dimension", "unit", "currency"),
                    ("method", "rule"),
                    "periodicity",
                )
            },
        ),
        (
            _("Baseline and target"),
            {
                "fields": (
                    "direction",
                    ("baseline_value", "baseline_year"),
                    ("target_value", "target_year"),
                    ("in_index", "index_weight"),
                )
            },
        ),
        (_("Alignment"), {"fields": ("sdg_targets", "local_targets", "plan_elements")}),
        PROVENANCE_FIELDSET,
    )


class DisaggregationInline(TabularInline):
    model = Disaggregation
    fields = ("breakdown", "category", "label", "value", "order")


@admin.register(Observation)
class ObservationAdmin(TenantAdmin):
    """Entered observations with their evidence; computed ones are shown read only."""

    list_display = ("indicator", "period_start", "period_end", "value", "origin")
    list_select_related = ("indicator",)
    list_filter = ("origin", ("indicator", RELATED))
    search_fields = ("indicator__code", "indicator__name", "notes")
    autocomplete_fields = ("indicator",)
    inlines = [DisaggregationInline]
    fields = (
        "indicator",
        ("period_start", "period_end"),
        "value",
        "origin",
        "evidence_url",
        "evidence_document",
        "notes",
        "computed_at",
    )

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.origin == ObservationOrigin.COMPUTED:
            return [
                name
                for entry in self.fields
                for name in ([entry] if isinstance(entry, str) else entry)
            ]
        return ("origin", "computed_at")

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.origin == ObservationOrigin.COMPUTED:
            return False
        return super().has_change_permission(request, obj)
