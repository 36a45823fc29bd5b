from django.contrib import admin

from ciudadglobal.core.admin import RELATED, StackedInline, TabularInline, TenantAdmin

from .models import (
    AgendaItem,
    CabinetSession,
    OperatingPlan,
    PlannedAction,
    Resolution,
    ResolutionFollowUp,
)


class PlannedActionInline(StackedInline):
    model = PlannedAction
    autocomplete_fields = ("theme", "activities")
    fields = (
        "title",
        ("kind", "theme"),
        ("quarter", "planned_date"),
        ("budget", "budget_currency"),
        "activities",
        "version",
    )


@admin.register(OperatingPlan)
class OperatingPlanAdmin(TenantAdmin):
    list_display = ("department", "year")
    list_select_related = ("department",)
    list_filter = ("year", ("department", RELATED))
    search_fields = ("department__name", "notes")
    autocomplete_fields = ("department",)
    fields = ("department", "year", "notes", "version")
    inlines = (PlannedActionInline,)


class AgendaItemInline(TabularInline):
    model = AgendaItem
    fields = ("order", "title", "notes")


class ResolutionInline(StackedInline):
    model = Resolution
    autocomplete_fields = ("department",)
    fields = ("text", ("department", "due"), ("status", "closed_on"), "version")
    show_change_link = True


@admin.register(CabinetSession)
class CabinetSessionAdmin(TenantAdmin):
    list_display = ("date", "title")
    date_hierarchy = "date"
    search_fields = ("title", "minutes", "agenda_items__title", "resolutions__text")
    autocomplete_fields = ("departments", "attendees")
    fields = ("date", "title", "departments", "attendees", "minutes", "version")
    inlines = (AgendaItemInline, ResolutionInline)


class ResolutionFollowUpInline(TabularInline):
    model = ResolutionFollowUp
    fields = ("date", "note", "status", "author")
    readonly_fields = ("author",)


@admin.register(Resolution)
class ResolutionAdmin(TenantAdmin):
    list_display = ("__str__", "department", "due", "status", "session")
    list_select_related = ("department", "session")
    list_filter = ("status", ("department", RELATED))
    search_fields = ("text", "department__name")
    autocomplete_fields = ("department", "session")
    fields = ("session", "text", ("department", "due"), ("status", "closed_on"), "version")
    inlines = (ResolutionFollowUpInline,)

    def save_formset(self, request, form, formset, change):
        for follow_up in formset.save(commit=False):
            if follow_up.author_id is None:
                follow_up.author = request.user
            follow_up.save()
        for obsolete in formset.deleted_objects:
            obsolete.delete()
