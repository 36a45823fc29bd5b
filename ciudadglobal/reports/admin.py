"""Back-office of the reports: evaluations (each evaluator writes only its own) and reports
(read-only: they are built, reviewed and published from the staff pages; a published report
can be neither changed nor deleted)."""

from __future__ import annotations

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from ciudadglobal.agreements.models import Agreement

from .forms import EvaluationForm
from .models import BenefitEvaluation, EvaluatorKind, Report
from .rules import can_evaluate, can_manage_reports, evaluator_kinds
from .services import evaluation_save


class AdminEvaluationForm(EvaluationForm):
    class Meta(EvaluationForm.Meta):
        fields = ["agreement", "year", "half", "evaluator", *EvaluationForm.Meta.fields]


@admin.register(BenefitEvaluation)
class BenefitEvaluationAdmin(SimpleHistoryAdmin):
    form = AdminEvaluationForm
    list_display = ["agreement", "year", "half", "evaluator", "rating", "status"]
    list_filter = ["evaluator", "status", "year", "half"]
    search_fields = ["agreement__title", "narrative"]
    readonly_fields = ["updated_by", "updated_at"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .for_government(request.home_government)
            .select_related("agreement")
        )

    def _may(self, request, obj=None) -> bool:
        government = request.home_government
        if obj is None:
            return bool(evaluator_kinds(request.user, government))
        return can_evaluate(request.user, government, obj.evaluator)

    def has_module_permission(self, request):
        return self._may(request)

    def has_view_permission(self, request, obj=None):
        return bool(evaluator_kinds(request.user, request.home_government))

    def has_add_permission(self, request):
        return self._may(request)

    def has_change_permission(self, request, obj=None):
        return self._may(request, obj)

    def has_delete_permission(self, request, obj=None):
        return obj is not None and self._may(request, obj)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "agreement":
            kwargs["queryset"] = Agreement.objects.for_government(request.home_government)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_choice_field(self, db_field, request, **kwargs):
        if db_field.name == "evaluator":
            mine = evaluator_kinds(request.user, request.home_government)
            kwargs["choices"] = [c for c in EvaluatorKind.choices if c[0] in mine]
        return super().formfield_for_choice_field(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        evaluation_save(obj, by=request.user)


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    list_display = ["__str__", "language", "state", "build_status", "published_at", "staff_page"]
    list_filter = ["kind", "state", "language", "year"]
    exclude = ["html", "pdf", "docx"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .for_government(request.home_government)
            .defer("html", "pdf", "docx")
        )

    @admin.display(description=_("Review and publish"))
    def staff_page(self, obj: Report) -> str:
        return format_html(
            '<a href="{}">{}</a>', reverse("reports:report-detail", args=[obj.pk]), _("Open")
        )

    def has_module_permission(self, request):
        return can_manage_reports(request.user, request.home_government)

    def has_view_permission(self, request, obj=None):
        return can_manage_reports(request.user, request.home_government)

    def has_add_permission(self, request):
        return False  # reports are requested from the staff page, and built in the background

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return (
            obj is not None
            and not obj.is_published
            and can_manage_reports(request.user, request.home_government)
        )
