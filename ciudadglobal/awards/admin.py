from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from ciudadglobal.core.admin import (
    PROVENANCE_FIELDSET,
    REGISTRY_READONLY,
    RELATED,
    TabularInline,
    TenantAdmin,
    ValuesFilter,
    localized_column,
    partial_date_display,
    year_filter,
)

from .models import Award, CityAward, CityAwardEdition


@admin.register(Award)
class AwardAdmin(TenantAdmin):
    name_localized = localized_column("name", _("award"))
    list_display = (
        "name_localized",
        "category",
        "result",
        "date_display",
        "awarding_body",
        "department",
    )
    list_select_related = ("awarding_body", "department")
    list_filter = (
        "result",
        ("category", ValuesFilter),
        year_filter("date", _("year")),
        ("department", RELATED),
        ("themes", RELATED),
        "visibility",
    )
    search_fields = ("name", "name_en", "category", "programme", "awarding_body__name")
    autocomplete_fields = ("awarding_body", "department", "themes", "sdg_targets", "source")
    readonly_fields = REGISTRY_READONLY
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "name",
                    "name_en",
                    "awarding_body",
                    ("date", "result"),
                    ("category", "category_en"),
                    "programme",
                    "department",
                    "themes",
                    "sdg_targets",
                )
            },
        ),
        PROVENANCE_FIELDSET,
    )
    date_display = partial_date_display("date", _("date"))


class EditionInline(TabularInline):
    model = CityAwardEdition
    fields = ("number", "date", "applications", "winners")


@admin.register(CityAward)
class CityAwardAdmin(TenantAdmin):
    list_display = ("name", "department")
    list_select_related = ("department",)
    search_fields = ("name", "name_en")
    autocomplete_fields = ("department", "source")
    readonly_fields = REGISTRY_READONLY
    inlines = [EditionInline]
    fieldsets = (
        (None, {"fields": ("name", "name_en", "department", "description", "description_en")}),
        PROVENANCE_FIELDSET,
    )
