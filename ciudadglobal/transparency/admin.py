from django.contrib import admin
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from ciudadglobal.core.admin import (
    PROVENANCE_FIELDSET,
    REGISTRY_READONLY,
    TenantAdmin,
    ValuesFilter,
    localized_column,
)

from .models import FlagStatus, PublishedFigure, QualityFlag
from .services import flag_record_resolution


def _number(value) -> str:
    """A figure in the active language's format, without trailing decimal zeros."""
    if value is None:
        return "—"
    value = int(value) if value == int(value) else value.normalize()
    return number_format(value, force_grouping=True)


@admin.register(PublishedFigure)
class PublishedFigureAdmin(TenantAdmin):
    group_localized = localized_column("group", _("what is counted"))
    label_localized = localized_column("label", _("category"))
    list_display = (
        "group_localized",
        "label_localized",
        "published_value",
        "registry_value",
        "source_line",
    )
    list_filter = ("unit", ("group", ValuesFilter), "visibility")
    search_fields = ("group", "group_en", "label", "label_en", "dataset_key")
    autocomplete_fields = ("source",)
    readonly_fields = (*REGISTRY_READONLY, "registry_value")
    fieldsets = (
        (
            None,
            {
                "fields": (
                    ("group", "group_en"),
                    ("label", "label_en"),
                    ("value", "unit", "currency"),
                    ("period_start", "period_end"),
                    "registry_query",
                    "registry_value",
                )
            },
        ),
        PROVENANCE_FIELDSET,
    )

    @admin.display(description=_("published"), ordering="value")
    def published_value(self, obj) -> str:
        suffix = {"percent": " %", "amount": f" {obj.currency}"}.get(obj.unit, "")
        return _number(obj.value) + suffix

    @admin.display(description=_("registry counts"))
    def registry_value(self, obj) -> str:
        """One query per figure that has a registry query: each counts something different."""
        if obj is None or obj.pk is None:
            return "—"
        return _number(obj.registry_count())


@admin.register(QualityFlag)
class QualityFlagAdmin(TenantAdmin):
    title_localized = localized_column("title", _("title"))
    list_display = ("title_localized", "kind", "status", "source_lines", "resolved_at")
    list_filter = ("status", "kind", "visibility")
    search_fields = ("title", "title_en", "description", "description_en", "source_lines")
    autocomplete_fields = ("figures", "source")
    readonly_fields = (*REGISTRY_READONLY, "resolved_at", "resolved_by")
    fieldsets = (
        (
            None,
            {
                "fields": (
                    ("title", "title_en"),
                    "kind",
                    "description",
                    "description_en",
                    "source_lines",
                    "figures",
                )
            },
        ),
        (
            _("Resolution"),
            {"fields": ("status", "resolution", ("resolved_at", "resolved_by"))},
        ),
        PROVENANCE_FIELDSET,
    )

    def save_model(self, request, obj, form, change):
        was_resolved = form.initial.get("status") == FlagStatus.RESOLVED
        flag_record_resolution(obj, user=request.user, was_resolved=was_resolved)
        super().save_model(request, obj, form, change)
