from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group
from simple_history.admin import SimpleHistoryAdmin

from ciudadglobal.core.admin import LabelledTabularInline

from .models import HomeGovernment, StaffMembership


class PlatformAdminOnly:
    """Tenants and accounts are the platform administrators' business, not a tenant's."""

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser

    has_add_permission = has_change_permission = has_delete_permission = has_view_permission


class StaffMembershipInline(PlatformAdminOnly, LabelledTabularInline):
    model = StaffMembership
    extra = 0
    autocomplete_fields = ("department",)


@admin.register(HomeGovernment)
class HomeGovernmentAdmin(PlatformAdminOnly, SimpleHistoryAdmin):
    list_display = ("name", "slug", "country", "currency")
    search_fields = ("name", "name_en", "slug")
    prepopulated_fields = {"slug": ("name",)}
    autocomplete_fields = ("place",)


User = get_user_model()
admin.site.unregister(User)
admin.site.unregister(Group)


@admin.register(Group)
class PlatformGroupAdmin(PlatformAdminOnly, GroupAdmin):
    pass


@admin.register(User)
class StaffUserAdmin(PlatformAdminOnly, UserAdmin):
    inlines = [StaffMembershipInline]
    readonly_fields = ("last_login", "date_joined")
