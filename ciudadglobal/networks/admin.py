from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from ciudadglobal.core.admin import (
    PROVENANCE_FIELDSET,
    REGISTRY_READONLY,
    RELATED,
    TabularInline,
    TenantAdmin,
    partial_date_display,
    year_filter,
)

from .models import NetworkMembership, NetworkPosition


class PositionInline(TabularInline):
    model = NetworkPosition
    fields = ("title", "title_en", "body", "holder", "start", "end")
    autocomplete_fields = ("holder",)


@admin.register(NetworkMembership)
class NetworkMembershipAdmin(TenantAdmin):
    list_display = ("network", "joined_display", "left_display", "department", "position_count")
    list_select_related = ("network", "department")
    list_filter = (
        ("department", RELATED),
        ("network__themes", RELATED),
        year_filter("positions__start", _("year of a position")),
        "visibility",
    )
    search_fields = ("network__name", "network__acronym", "positions__title")
    autocomplete_fields = ("network", "department", "source")
    readonly_fields = REGISTRY_READONLY
    inlines = [PositionInline]
    fieldsets = (
        (None, {"fields": ("network", ("joined", "left"), "department", "notes")}),
        PROVENANCE_FIELDSET,
    )
    joined_display = partial_date_display("joined", _("joined"))
    left_display = partial_date_display("left", _("left"))

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("positions")

    @admin.display(description=_("positions"))
    def position_count(self, obj) -> int:
        return len(obj.positions.all())
