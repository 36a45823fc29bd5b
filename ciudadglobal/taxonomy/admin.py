from django.contrib import admin

from ciudadglobal.core.admin import TenantAdmin

from .models import SdgGoal, SdgIndicator, SdgTarget, Theme


@admin.register(Theme)
class ThemeAdmin(TenantAdmin):
    list_display = ("__str__", "name_en", "parent")
    list_select_related = ("parent__parent",)
    search_fields = ("name", "name_en")
    autocomplete_fields = ("parent",)
    readonly_fields = ("revision",)
    fields = ("name", "name_en", "parent", "description", "revision", "version")


class ReadOnlyFramework:
    """The official SDG framework is loaded from data files, not edited by hand."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_staff


@admin.register(SdgGoal)
class SdgGoalAdmin(ReadOnlyFramework, admin.ModelAdmin):
    list_display = ("number", "short_es", "short_en")
    search_fields = ("short_es", "short_en", "title_es", "title_en")


@admin.register(SdgTarget)
class SdgTargetAdmin(ReadOnlyFramework, admin.ModelAdmin):
    list_display = ("code", "title_es", "title_en")
    list_filter = ("goal",)
    search_fields = ("code", "title_es", "title_en")

    def get_search_results(self, request, queryset, search_term):
        """A code finds its target first: '11.1' is target 11.1, not everything containing it."""
        if search_term and search_term.replace(".", "").isalnum() and "." in search_term:
            exact = queryset.filter(code__startswith=search_term)
            if exact.exists():
                return exact, False
        return super().get_search_results(request, queryset, search_term)


@admin.register(SdgIndicator)
class SdgIndicatorAdmin(ReadOnlyFramework, admin.ModelAdmin):
    list_display = ("code", "unsd_code", "title_es", "title_en", "spanish_wording")
    list_filter = ("spanish_wording", "target__goal")
    search_fields = ("code", "unsd_code", "title_es", "title_en")
