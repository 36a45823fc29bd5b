from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from ciudadglobal.core.admin import (
    PROVENANCE_FIELDSET,
    REGISTRY_READONLY,
    RELATED,
    TabularInline,
    TenantAdmin,
    country_filter,
    partial_date_display,
    region_filter,
)

from .models import DEPARTMENT_KINDS, Actor, ActorKind, Department, Membership, Person, Post


class PostInline(TabularInline):
    model = Post
    fields = ("label", "label_en", "version")


class OrganizationMembershipInline(TabularInline):
    model = Membership
    fk_name = "organization"
    fields = ("person", "post", "role", "start", "end", "version")
    autocomplete_fields = ("person", "post")
    verbose_name_plural = _("people and their posts")


class ActorAdminBase(TenantAdmin):
    list_display = ("__str__", "kind", "country", "place", "parent")
    list_select_related = ("place", "parent")
    list_filter = (
        "kind",
        region_filter("country"),
        country_filter("country"),
        ("themes", RELATED),
        "visibility",
    )
    search_fields = ("name", "name_en", "acronym")
    autocomplete_fields = ("parent", "place", "themes", "source")
    readonly_fields = REGISTRY_READONLY
    inlines = [PostInline, OrganizationMembershipInline]
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "kind",
                    "name",
                    "name_en",
                    "acronym",
                    "parent",
                    ("country", "place"),
                    "website",
                    "themes",
                    "dissolved",
                )
            },
        ),
        (_("Description"), {"fields": ("description", "description_en")}),
        PROVENANCE_FIELDSET,
    )


@admin.register(Actor)
class ActorAdmin(ActorAdminBase):
    pass


@admin.register(Department)
class DepartmentAdmin(ActorAdminBase):
    """The home government's own departments, agencies and boroughs."""

    list_display = ("__str__", "kind", "parent")
    list_filter = ("kind",)

    def formfield_for_choice_field(self, db_field, request, **kwargs):
        if db_field.name == "kind":
            kwargs["choices"] = [(k.value, k.label) for k in DEPARTMENT_KINDS]
            kwargs.setdefault("initial", ActorKind.HOME_DEPARTMENT)
        return super().formfield_for_choice_field(db_field, request, **kwargs)


class PersonMembershipInline(TabularInline):
    model = Membership
    fk_name = "person"
    fields = ("organization", "post", "role", "start", "end", "version")
    autocomplete_fields = ("organization", "post")
    verbose_name_plural = _("posts and memberships")


@admin.register(Person)
class PersonAdmin(TenantAdmin):
    list_display = ("__str__", "gender", "nationality")
    list_filter = ("gender", country_filter("nationality"), "visibility")
    search_fields = ("name", "memberships__post__label", "memberships__role")
    autocomplete_fields = ("source",)
    readonly_fields = REGISTRY_READONLY
    inlines = [PersonMembershipInline]
    fieldsets = (
        (None, {"fields": ("honorific_prefix", "name", "gender", "nationality", "email")}),
        (_("Biography"), {"fields": ("biography",)}),
        PROVENANCE_FIELDSET,
    )


@admin.register(Post)
class PostAdmin(TenantAdmin):
    list_display = ("label", "label_en", "organization")
    list_select_related = ("organization",)
    search_fields = ("label", "label_en", "organization__name", "organization__acronym")
    autocomplete_fields = ("organization",)
    readonly_fields = REGISTRY_READONLY
    fields = ("organization", "label", "label_en", "revision", "version")


@admin.register(Membership)
class MembershipAdmin(TenantAdmin):
    list_display = ("person", "post", "role", "organization", "start_display", "end_display")
    list_select_related = ("person", "post__organization", "organization")
    search_fields = ("person__name", "post__label", "role", "organization__name")
    autocomplete_fields = ("person", "organization", "post")
    readonly_fields = REGISTRY_READONLY
    fields = ("person", "organization", "post", "role", "start", "end", "revision", "version")
    start_display = partial_date_display("start", _("start"))
    end_display = partial_date_display("end", _("end"))
