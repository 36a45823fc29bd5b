"""Staff pages: generate, follow, review and publish reports; enter benefit evaluations.

Every page works for ``request.home_government`` only; a report or agreement of another
government is a 404, and each action checks the role it needs (``reports.rules``).
"""

from __future__ import annotations

from django.contrib import admin, messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ciudadglobal.agreements.models import Agreement

from .forms import EvaluationForm, ReportRequestForm
from .models import BenefitEvaluation, EvaluatorKind, Half, Report, Semester
from .rules import can_evaluate, can_manage_reports, evaluator_kinds
from .services import evaluation_save, report_publish, report_request

app_name = "reports"
staff_required = login_required(login_url=reverse_lazy("admin:login"))


def _page(request: HttpRequest, template: str, context: dict) -> HttpResponse:
    """Render a staff page inside the back-office's frame (its header, menu and language)."""
    return render(request, template, {**admin.site.each_context(request), **context})


def _government(request: HttpRequest, check=can_manage_reports):
    government = request.home_government
    if government is None or not check(request.user, government):
        raise PermissionDenied(_("You may not manage the reports of this government."))
    return government


def _report(request: HttpRequest, pk: int) -> Report:
    government = _government(request)
    report = Report.objects.for_government(government).filter(pk=pk).first()
    if report is None:
        raise Http404(_("There is no such report."))
    return report


@staff_required
def report_list(request: HttpRequest) -> HttpResponse:
    """``reports/report_list.html``: the government's reports (``reports``) and the form to
    build one (``form``); a valid POST queues the build and leads to its progress page."""
    government = _government(request)
    form = ReportRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            report = report_request(government=government, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, _("The report is being built."))
            return redirect(report)
    reports = Report.objects.for_government(government).defer("html", "pdf", "docx")
    return _page(
        request,
        "reports/report_list.html",
        {"government": government, "form": form, "reports": reports, "title": _("Reports")},
    )


@staff_required
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """``reports/report_detail.html``: a report's build progress (the page refreshes itself
    while it is being built), its downloads and hashes, and the publish button."""
    report = _report(request, pk)
    return _page(
        request,
        "reports/report_detail.html",
        {"report": report, "government": report.home_government, "title": str(report)},
    )


@staff_required
def report_preview(request: HttpRequest, pk: int) -> HttpResponse:
    """``reports/report_preview.html``: the built report as it will be published."""
    report = _report(request, pk)
    if not report.html:
        raise Http404(_("This report has not been built yet."))
    return _page(request, "reports/report_preview.html", {"report": report, "title": str(report)})


@staff_required
def report_file(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    report = _report(request, pk)
    return file_response(report, fmt)


@staff_required
@require_POST
def report_publish_view(request: HttpRequest, pk: int) -> HttpResponse:
    report = _report(request, pk)
    try:
        report_publish(report, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The report is published and can no longer change."))
    return redirect(report)


FORMATS = {
    "pdf": ("application/pdf", "pdf"),
    "docx": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "docx",
    ),
    "html": ("text/html; charset=utf-8", "html"),
}


def file_response(report: Report, fmt: str) -> HttpResponse:
    """A report's stored file, byte for byte, as an attachment."""
    if fmt not in FORMATS or not report.html:
        raise Http404(_("There is no such file."))
    content_type, extension = FORMATS[fmt]
    data = report.html.encode("utf-8") if fmt == "html" else bytes(getattr(report, fmt))
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{report.filename}.{extension}"'
    return response


# --- Evaluations ------------------------------------------------------------------------------


def _semester(request: HttpRequest) -> Semester:
    try:
        year = int(request.GET.get("year", ""))
        half = int(request.GET.get("half", ""))
    except ValueError:
        return _current_semester()
    if half not in Half.values or not 1900 <= year <= 2999:
        return _current_semester()
    return Semester(year, half)


def _current_semester() -> Semester:
    return Semester.containing(timezone.localdate())


def _may_evaluate(user, government) -> bool:
    return bool(evaluator_kinds(user, government))


@staff_required
def evaluation_list(request: HttpRequest) -> HttpResponse:
    """``reports/evaluation_list.html``: the agreements in force at the end of a semester
    (``?year=&half=``) with both evaluations, and links to the ones the user may write."""
    government = _government(request, _may_evaluate)
    semester = _semester(request)
    agreements = list(
        Agreement.objects.for_government(government).in_force(semester.end).order_by("title")
    )
    evaluations = BenefitEvaluation.objects.filter(
        agreement__in=[a.pk for a in agreements], year=semester.year, half=semester.half
    )
    found = {(e.agreement_id, e.evaluator): e for e in evaluations}
    mine = evaluator_kinds(request.user, government)
    rows = [
        (
            agreement,
            [
                (kind, found.get((agreement.pk, kind.value)), kind.value in mine)
                for kind in EvaluatorKind
            ],
        )
        for agreement in agreements
    ]
    return _page(
        request,
        "reports/evaluation_list.html",
        {
            "government": government,
            "semester": semester,
            "rows": rows,
            "years": range(_current_semester().year, 1999, -1),
            "halves": Half.choices,
            "title": _("Evaluation of the agreements"),
        },
    )


@staff_required
def evaluation_edit(
    request: HttpRequest, agreement: int, year: int, half: int, evaluator: str
) -> HttpResponse:
    """``reports/evaluation_form.html``: one evaluator's evaluation of one agreement in one
    semester. Only that evaluator may open it (403 otherwise; 404 for another government)."""
    government = request.home_government
    if evaluator not in EvaluatorKind.values or half not in Half.values:
        raise Http404(_("There is no such evaluation."))
    if government is None or not can_evaluate(request.user, government, evaluator):
        raise PermissionDenied(_("You may not write this evaluation."))
    agreement = Agreement.objects.for_government(government).filter(pk=agreement).first()
    if agreement is None:
        raise Http404(_("There is no such agreement."))
    evaluation = BenefitEvaluation.objects.filter(
        agreement=agreement, year=year, half=half, evaluator=evaluator
    ).first() or BenefitEvaluation(agreement=agreement, year=year, half=half, evaluator=evaluator)
    form = EvaluationForm(request.POST or None, instance=evaluation)
    if request.method == "POST" and form.is_valid():
        try:
            evaluation_save(form.save(commit=False), by=request.user, agreement=agreement)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The evaluation was saved."))
            return redirect(f"{reverse_lazy('reports:evaluation-list')}?year={year}&half={half}")
    return _page(
        request,
        "reports/evaluation_form.html",
        {
            "form": form,
            "agreement": agreement,
            "semester": Semester(year, half),
            "evaluator": EvaluatorKind(evaluator),
            "title": _("Evaluation of the agreement"),
        },
    )


urlpatterns = [
    path("", report_list, name="report-list"),
    path("<int:pk>/", report_detail, name="report-detail"),
    path("<int:pk>/preview/", report_preview, name="report-preview"),
    path("<int:pk>/publish/", report_publish_view, name="report-publish"),
    path("<int:pk>/file.<slug:fmt>", report_file, name="report-file"),
    path("evaluations/", evaluation_list, name="evaluation-list"),
    path(
        "evaluations/<int:agreement>/<int:year>/<int:half>/<slug:evaluator>/",
        evaluation_edit,
        name="evaluation-edit",
    ),
]
