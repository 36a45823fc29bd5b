"""The back-office foundations every registry admin stands on.

``TenantScoped`` is the one place where the admin applies the home-government scope: lists,
counts, search, autocomplete, related-object choices, object permissions and the history
pages all go through it.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import QuerySet
from django.db.models.functions import Substr
from django.http import Http404, HttpResponseBadRequest, HttpResponseNotAllowed
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_countries import countries
from simple_history.admin import SimpleHistoryAdmin
from simple_history.template_utils import HistoricalRecordContextHelper

from ciudadglobal.places.regions import Region, countries_in
from ciudadglobal.tenants.models import Role
from ciudadglobal.workflow import permissions, selectors, services

from .forms import RecordForm
from .models import Source, government_id_of, is_tenant_owned, localized
from .partialdates import PartialDate, overlaps_q

# A date and time as one native input with its own label: the admin's default split
# widget leaves its two boxes without one (axe: "label").
DATETIME_LOCAL = {
    models.DateTimeField: {
        "form_class": forms.DateTimeField,
        "widget": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    },
}


def _scope_formfield(formfield, request):
    queryset = getattr(formfield, "queryset", None)
    if queryset is not None and is_tenant_owned(queryset.model):
        formfield.queryset = queryset.for_government(request.home_government)
    return formfield


class TenantScoped:
    """Scope a ModelAdmin or an inline to the request's home government."""

    # A web address typed without a scheme is taken as https (Django 6's default).
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}, **DATETIME_LOCAL}

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        return _scope_formfield(field, request)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        field = super().formfield_for_manytomany(db_field, request, **kwargs)
        return field and _scope_formfield(field, request)

    def _in_scope(self, request, obj) -> bool:
        government = request.home_government
        if government is None:
            return False
        return obj is None or government_id_of(obj) == government.pk

    # Django's model permissions are the coarse gate (which kinds of rows an account works
    # on); ciudadglobal.workflow.permissions decides by role, department and review state.
    # For an inline, ``obj`` is the parent record: its rules decide for its rows.

    def has_module_permission(self, request):
        government = request.home_government
        return (
            government is not None
            and bool(permissions.roles_of(request.user, government))
            and super().has_module_permission(request)
        )

    def has_view_permission(self, request, obj=None):
        if not (self._in_scope(request, obj) and super().has_view_permission(request, obj)):
            return False
        if obj is None:
            return bool(permissions.roles_of(request.user, request.home_government))
        return permissions.can_view(request.user, obj)

    def _may_change(self, request, obj) -> bool:
        if obj is None:
            return permissions.can_create(request.user, self.model, request.home_government)
        return permissions.can_change(request.user, obj)

    def has_change_permission(self, request, obj=None):
        return (
            self._in_scope(request, obj)
            and super().has_change_permission(request, obj)
            and self._may_change(request, obj)
        )

    def has_delete_permission(self, request, obj=None):
        return (
            self._in_scope(request, obj)
            and super().has_delete_permission(request, obj)
            and self._may_change(request, obj)
        )

    def has_add_permission(self, request, *args):
        parent = args[0] if args else None
        return (
            request.home_government is not None
            and self._in_scope(request, parent)
            and super().has_add_permission(request, *args)
            and self._may_change(request, parent)
        )


class TenantInline(TenantScoped):
    """Inline rows of a scoped record. Their own changes are guarded by the parent's revision."""

    extra = 0
    form = RecordForm


class LabelledTabularInline(admin.TabularInline):
    def formfield_for_dbfield(self, db_field, request, **kwargs):
        """A table cell has no <label>: name each input after its column for screen readers."""
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if formfield is not None:
            widget = getattr(formfield.widget, "widget", formfield.widget)
            widget.attrs.setdefault("aria-label", str(formfield.label))
        return formfield


class TabularInline(TenantInline, LabelledTabularInline):
    pass


class StackedInline(TenantInline, admin.StackedInline):
    pass


class ReadOnlyTabularInline(TabularInline):
    """Rows shown beside their record but made elsewhere (public comments, computed
    observations): listed, never added, changed or deleted here."""

    can_delete = False

    def get_readonly_fields(self, request, obj=None):
        return self.fields

    def has_add_permission(self, request, obj=None):
        return False


class OwnDepartmentForm:
    """Mixed into a liaison's admin form: the record must stay their department's."""

    own_department: tuple[str, int]

    def clean(self):
        cleaned = super().clean()
        path, department = self.own_department
        value = cleaned.get(path)
        if hasattr(value, "__iter__"):
            owners = {item.pk for item in value}
        else:
            owners = {value.pk} if value is not None else set()
        if department not in owners:
            self.add_error(path, OWN_DEPARTMENT_REQUIRED)
        return cleaned


OWN_DEPARTMENT_REQUIRED = _("As a liaison, you record your own department's work: name it here.")


class TenantAdmin(TenantScoped, SimpleHistoryAdmin):
    """A registry admin: scoped, historied, and refusing stale saves."""

    form = RecordForm
    object_history_template = "core/object_history.html"
    object_history_form_template = "core/object_history_form.html"
    list_per_page = 50
    related_history_limit = 200
    show_full_result_count = True

    change_form_template = "workflow/admin/change_form.html"
    actions = ["submit_selected", "publish_selected"]

    def get_inline_instances(self, request, obj=None):
        """A new record has no rows yet: an inline that takes none (read-only lists of comments
        or computed observations) would be an empty table on the add page."""
        inlines = super().get_inline_instances(request, obj)
        if obj is None:
            inlines = [inline for inline in inlines if inline.has_add_permission(request, obj)]
        return inlines

    def get_queryset(self, request) -> QuerySet:
        scoped = super().get_queryset(request).for_government(request.home_government)
        return permissions.visible_records(request.user, scoped)

    def save_model(self, request, obj, form, change):
        if not change and obj.tenant_path == "home_government":
            obj.home_government = request.home_government
        obj._change_reason = ""  # edits by hand need no reason; imports name their file
        super().save_model(request, obj, form, change)

    def delete_queryset(self, request, queryset):
        if queryset.exclude(pk__in=permissions.editable_records(request.user, queryset)).exists():
            raise PermissionDenied
        super().delete_queryset(request, queryset)

    # Review workflow ---------------------------------------------------------------------

    def _has_state(self) -> bool:
        return any(field.name == "state" for field in self.model._meta.fields)

    def _liaison_department(self, request) -> int | None:
        """The department a liaison's records must belong to (None for other roles)."""
        if request.user.is_superuser or not getattr(self.model, "department_path", None):
            return None
        membership = permissions.membership_of(request.user, request.home_government)
        if membership is None or membership.role != Role.LIAISON:
            return None
        return membership.department_id

    def get_readonly_fields(self, request, obj=None):
        fields = tuple(super().get_readonly_fields(request, obj))
        return (*fields, "state") if self._has_state() and "state" not in fields else fields

    def get_list_display(self, request):
        columns = tuple(super().get_list_display(request))
        return (*columns, "state") if self._has_state() and "state" not in columns else columns

    def get_list_filter(self, request):
        filters = tuple(super().get_list_filter(request))
        return (*filters, "state") if self._has_state() and "state" not in filters else filters

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not self._has_state():
            actions.pop("submit_selected", None)
            actions.pop("publish_selected", None)
        return actions

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        department = self._liaison_department(request)
        if department is not None and db_field.name == self.model.department_path:
            field.queryset = field.queryset.filter(pk=department)
            field.required = True
        return field

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        department = self._liaison_department(request)
        path = getattr(self.model, "department_path", None)
        if department is None or path not in form.base_fields:
            return form
        return type(
            form.__name__, (OwnDepartmentForm, form), {"own_department": (path, department)}
        )

    def get_urls(self):
        return [
            path(
                "<path:object_id>/workflow/",
                self.admin_site.admin_view(self.workflow_view),
                name=f"{self.opts.app_label}_{self.opts.model_name}_workflow",
            ),
            *super().get_urls(),
        ]

    WORKFLOW_ACTIONS = {
        "submit": (services.submit, _("Submit for review")),
        "publish": (services.publish, _("Publish")),
        "return": (services.return_for_changes, _("Return with comment")),
    }

    def workflow_view(self, request, object_id):
        """Submit, publish or return one record (POST from its change page)."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if not self._has_state():
            raise Http404
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404
        action = self.WORKFLOW_ACTIONS.get(request.POST.get("action", ""))
        if action is None:
            return HttpResponseBadRequest()
        try:
            obj.version = int(request.POST.get("version", obj.version))
        except ValueError:
            return HttpResponseBadRequest()
        change_url = reverse(
            f"{self.admin_site.name}:{self.opts.app_label}_{self.opts.model_name}_change",
            args=[obj.pk],
        )
        try:
            step = action[0](
                obj,
                by=request.user,
                comment=request.POST.get("comment", ""),
                url=request.build_absolute_uri(change_url),
            )
        except services.TransitionError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, step.summary)
        return redirect(change_url)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        context = dict(extra_context or {})
        obj = self.get_object(request, unquote(object_id)) if self._has_state() else None
        if obj is not None:
            user = request.user
            allowed = {
                "submit": permissions.can_submit(user, obj),
                "publish": permissions.can_publish(user, obj),
                "return": permissions.can_publish(user, obj),
            }
            context["workflow"] = {
                "state": obj.get_state_display(),
                "version": obj.version,
                "url": reverse(
                    f"{self.admin_site.name}:{self.opts.app_label}_{self.opts.model_name}_workflow",
                    args=[obj.pk],
                ),
                "actions": [
                    {"name": name, "label": label}
                    for name, (_service, label) in self.WORKFLOW_ACTIONS.items()
                    if allowed[name]
                ],
                "transitions": selectors.transitions_of(obj)[:50],
            }
        return super().change_view(request, object_id, form_url, context)

    def _move_selected(self, request, queryset, service, done_message):
        done, refused = 0, []
        for record in queryset:
            try:
                service(record, by=request.user)
                done += 1
            except (PermissionDenied, services.TransitionError):
                refused.append(str(record))
        if done:
            messages.success(request, done_message(done) % {"count": done})
        if refused:
            messages.warning(
                request,
                _("Not moved (not allowed, or not in a state that allows it): %(records)s")
                % {"records": "; ".join(refused)},
            )

    @admin.action(description=_("Submit the selected records for review"))
    def submit_selected(self, request, queryset):
        self._move_selected(
            request,
            queryset,
            services.submit,
            lambda n: ngettext(
                "%(count)d record submitted for review.",
                "%(count)d records submitted for review.",
                n,
            ),
        )

    @admin.action(description=_("Publish the selected records"))
    def publish_selected(self, request, queryset):
        self._move_selected(
            request,
            queryset,
            services.publish,
            lambda n: ngettext("%(count)d record published.", "%(count)d records published.", n),
        )

    def history_view(self, request, object_id, extra_context=None):
        """The record's history, followed by that of its inline rows (parties, positions…)."""
        context = {**(extra_context or {}), "related_history": []}
        if self.get_queryset(request).filter(pk=object_id).exists():
            context["related_history"] = self.related_history(request, object_id)
        return super().history_view(request, object_id, context)

    def related_history(self, request, object_id) -> list[dict]:
        """Every saved version of the rows edited inline on this record, newest first."""
        entries = []
        for inline in self.get_inline_instances(request):
            model = inline.model
            parent = next(
                field
                for field in model._meta.fields
                if field.many_to_one
                and field.related_model is self.model._meta.concrete_model
                and inline.fk_name in (None, field.name)
            )
            newest = (
                model.history.filter(**{parent.attname: object_id})
                .select_related("history_user")
                .order_by("-history_date", "-history_id")[: self.related_history_limit]
            )
            previous = {}
            for record in reversed(list(newest)):
                before = previous.get(record.id)
                previous[record.id] = record
                changes = []
                if before is not None:
                    delta = record.diff_against(before, foreign_keys_are_objs=True)
                    helper = HistoricalRecordContextHelper(model, record)
                    changes = helper.context_for_delta_changes(delta)
                entries.append(
                    {"record": record, "kind": model._meta.verbose_name, "changes": changes}
                )
        entries.sort(key=lambda entry: entry["record"].history_date, reverse=True)
        return entries[: self.related_history_limit]

    @admin.display(description=_("revision"))
    def revision(self, obj) -> str:
        if obj is None or obj.pk is None:
            return "—"
        latest = obj.history.select_related("history_user").order_by("-history_date").first()
        if latest is None:
            return str(obj.version)
        return format_html(
            '{} · <a href="{}">{}</a>',
            _("Revision %(version)s, saved by %(user)s")
            % {"version": obj.version, "user": latest.history_user or _("an import")},
            "../history/",
            _("see every change"),
        )


PROVENANCE_FIELDSET = (
    _("Source and visibility"),
    {
        "fields": (
            "state",
            "visibility",
            "source",
            ("source_page", "source_line"),
            "source_url",
            "revision",
            "version",
        ),
    },
)

REGISTRY_READONLY = ("revision",)


def _column(field: str, description: str, render, suffix: str):
    """A sortable list_display column showing ``render(obj)`` for ``field``."""

    @admin.display(description=description, ordering=field)
    def column(_admin, obj) -> str:
        return render(obj)

    column.__name__ = f"{field}_{suffix}"
    return column


def partial_date_display(field: str, description: str):
    """A list_display column showing a partial date in the active language."""

    def render(obj) -> str:
        value = getattr(obj, field)
        return value.format() if value else "—"

    return _column(field, description, render, "display")


def localized_column(field: str, description: str):
    """A list_display column showing a bilingual field in the active language."""
    return _column(field, description, lambda obj: localized(obj, field), "localized")


def year_filter(field: str, title: str):
    """A list filter by year of a partial date: a record dated "2014" or "April 2014" is in 2014."""

    class YearFilter(admin.SimpleListFilter):
        parameter_name = f"{field.replace('__', '_')}_year"

        def lookups(self, request, model_admin):
            years = (
                model_admin.get_queryset(request)
                .exclude(**{f"{field}__isnull": True})
                .annotate(year_value=Substr(field, 1, 4))
                .values_list("year_value", flat=True)
                .order_by("-year_value")
                .distinct()
            )
            return [(year, year) for year in years]

        def queryset(self, request, queryset):
            if not self.value():
                return queryset
            try:
                year = PartialDate.parse(self.value())
            except ValueError:
                return queryset.none()
            return queryset.filter(overlaps_q(field, year, year))

    YearFilter.title = title
    return YearFilter


def region_filter(country_path: str):
    """A list filter by the book's world regions, through the records' country field."""

    class RegionFilter(admin.SimpleListFilter):
        title = _("region")
        parameter_name = "region"

        def lookups(self, request, model_admin):
            return Region.choices

        def queryset(self, request, queryset):
            if self.value() not in Region.values:
                return queryset
            return queryset.filter(**{f"{country_path}__in": countries_in(self.value())}).distinct()

    return RegionFilter


def country_filter(country_path: str):
    """A list filter by country, offering only countries the scoped records mention."""

    class CountryFilter(admin.SimpleListFilter):
        title = _("country")
        parameter_name = "country"

        def lookups(self, request, model_admin):
            codes = set(
                model_admin.get_queryset(request)
                .exclude(**{f"{country_path}": ""})
                .exclude(**{f"{country_path}__isnull": True})
                .values_list(country_path, flat=True)
                .distinct()
            )
            return sorted(((code, countries.name(code)) for code in codes), key=lambda c: c[1])

        def queryset(self, request, queryset):
            if not self.value():
                return queryset
            return queryset.filter(**{country_path: self.value()}).distinct()

    return CountryFilter


RELATED = admin.RelatedOnlyFieldListFilter


class ValuesFilter(admin.AllValuesFieldListFilter):
    """A filter by the values a text field takes in the scoped records, blanks left out."""

    def __init__(self, field, request, params, model, model_admin, field_path):
        super().__init__(field, request, params, model, model_admin, field_path)
        self.lookup_choices = [value for value in self.lookup_choices if value]


@admin.register(Source)
class SourceAdmin(TenantAdmin):
    list_display = ("title", "author", "published_display", "url")
    search_fields = ("title", "author")
    readonly_fields = REGISTRY_READONLY
    fields = ("title", "author", "published", "url", "notes", "revision", "version")
    published_display = partial_date_display("published", _("published"))
