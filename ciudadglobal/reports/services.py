"""Writes of the reports app: evaluations, report requests, builds and publication."""

from __future__ import annotations

import hashlib
import logging
import traceback

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from ciudadglobal.agreements.models import Agreement

from .annual import build_annual_indicators
from .models import (
    BenefitEvaluation,
    BuildStatus,
    Report,
    ReportKind,
    ReportState,
    Semester,
)
from .render import render_body, render_docx, render_pdf
from .rules import can_evaluate, can_manage_reports
from .semiannual import build_semiannual

logger = logging.getLogger(__name__)

#: Steps of a build: the report's sections (as its builder announces them), then the formats.
CONTENT_STEPS = {ReportKind.SEMIANNUAL: 8, ReportKind.ANNUAL_INDICATORS: 7}
FORMAT_STEPS = 3


def sha256(data: bytes | str) -> str:
    if isinstance(data, str):
        data = data.encode("utf-8")
    return hashlib.sha256(data).hexdigest()


# --- Evaluations ------------------------------------------------------------------------------


def evaluation_save(
    evaluation: BenefitEvaluation, *, by, agreement: Agreement | None = None
) -> BenefitEvaluation:
    """Save ``evaluation`` (new or changed) if ``by`` may write its evaluator's evaluations of
    the agreement's government. A stale copy raises (optimistic locking)."""
    agreement = agreement or evaluation.agreement
    government = agreement.home_government
    if not can_evaluate(by, government, evaluation.evaluator):
        raise PermissionDenied(_("You may not write this evaluation."))
    if evaluation.pk is not None:
        stored = BenefitEvaluation.objects.get(pk=evaluation.pk)
        if (stored.evaluator, stored.agreement_id) != (evaluation.evaluator, agreement.pk):
            raise PermissionDenied(_("An evaluation cannot move to another evaluator."))
    evaluation.agreement = agreement
    evaluation.updated_by = by
    evaluation.full_clean()
    evaluation.save()
    return evaluation


# --- Reports ----------------------------------------------------------------------------------


def _latest(government, kind: str, year: int, half: int | None, language: str) -> Report | None:
    return (
        Report.objects.for_government(government)
        .filter(kind=kind, year=year, half=half, language=language)
        .order_by("-version")
        .first()
    )


@transaction.atomic
def report_request(
    *,
    government,
    kind: str,
    year: int,
    half: int | None,
    language: str,
    by,
    change_log: str = "",
) -> Report:
    """Ask for a report to be built in the background. A draft of the same report is rebuilt;
    after a published version, a new version is created, which needs a change log."""
    if not can_manage_reports(by, government):
        raise PermissionDenied(_("You may not build this government's reports."))
    half = half if kind == ReportKind.SEMIANNUAL else None
    latest = _latest(government, kind, year, half, language)
    if latest is not None and not latest.is_published:
        report = latest
        if change_log:
            report.change_log = change_log
        report.build_status = BuildStatus.QUEUED
        report.progress_step = 0
        report.build_error = ""
        report.save()
    else:
        if latest is not None and not change_log.strip():
            message = _("Say what this corrected version changes and why.")
            raise ValidationError(
                {"change_log": ValidationError(message, code="change_log_required")}
            )
        top = (
            Report.objects.for_government(government)
            .filter(kind=kind, year=year, half=half, language=language)
            .aggregate(top=Max("version"))["top"]
        )
        report = Report(
            home_government=government,
            kind=kind,
            year=year,
            half=half,
            language=language,
            version=(top or 0) + 1,
            change_log=change_log.strip(),
            supersedes=latest,
            created_by=by,
        )
        report.full_clean(exclude=["supersedes"])
        report.save()
    report_id = report.pk

    def enqueue() -> None:
        from .tasks import build_report

        build_report.enqueue(report_id)

    transaction.on_commit(enqueue)
    return report


def _progress(report: Report, total: int):
    def step(label: str) -> None:
        report.progress_step = min(report.progress_step + 1, total)
        report.progress_label = str(label)[:200]
        Report.objects.filter(pk=report.pk).update(
            progress_step=report.progress_step,
            progress_total=total,
            progress_label=report.progress_label,
        )

    return step


def build_content(report: Report, progress=None):
    kwargs = {"progress": progress} if progress else {}
    if report.kind == ReportKind.SEMIANNUAL:
        return build_semiannual(
            report.home_government, Semester(report.year, report.half), **kwargs
        )
    return build_annual_indicators(report.home_government, report.year, **kwargs)


def report_build(report_id: int) -> Report:
    """Compute a draft report from the registry and render its three formats, recording the
    progress (step n of m) on the report as it goes. A failure is recorded, not raised."""
    report = Report.objects.select_related("home_government").get(pk=report_id)
    if report.is_published:
        return report
    total = CONTENT_STEPS[report.kind] + FORMAT_STEPS
    report.progress_step = 0
    Report.objects.filter(pk=report.pk).update(
        build_status=BuildStatus.RUNNING, progress_step=0, progress_total=total, build_error=""
    )
    step = _progress(report, total)
    try:
        with translation.override(report.language):
            content = build_content(report, step)
            step(_("Web page (HTML)"))
            html = render_body(content, report)
            step(_("PDF"))
            pdf = render_pdf(content, html)
            step(_("Word document (DOCX)"))
            built_at = timezone.now()
            docx = render_docx(content, report, when=built_at)
    except Exception:
        logger.exception("Report %s failed to build", report.pk)
        Report.objects.filter(pk=report.pk).update(
            build_status=BuildStatus.FAILED, build_error=traceback.format_exc(limit=5)
        )
        report.refresh_from_db()
        return report
    Report.objects.filter(pk=report.pk, state=ReportState.DRAFT).update(
        build_status=BuildStatus.READY,
        progress_step=total,
        progress_label="",
        html=html,
        pdf=pdf.data,
        docx=docx,
        pdf_pages=pdf.pages,
        html_sha256=sha256(html),
        pdf_sha256=sha256(pdf.data),
        docx_sha256=sha256(docx),
        built_at=built_at,
    )
    report.refresh_from_db()
    return report


@transaction.atomic
def report_publish(report: Report, *, by) -> Report:
    """Freeze a built draft: from now on it is served byte for byte as it is."""
    if not can_manage_reports(by, report.home_government):
        raise PermissionDenied(_("You may not publish this government's reports."))
    report = Report.objects.select_for_update().get(pk=report.pk)
    if report.is_published:
        raise ValidationError(_("This report is already published."), code="published")
    if report.build_status != BuildStatus.READY:
        raise ValidationError(
            _("Only a report that has been built can be published."), code="not_built"
        )
    report.state = ReportState.PUBLISHED
    report.published_at = timezone.now()
    report.published_by = by
    report.save()
    return report
