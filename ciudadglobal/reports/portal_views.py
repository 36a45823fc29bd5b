"""The reports on the public portal: the archive of published reports and each report as
it was frozen when published, with its PDF and DOCX. Drafts are never shown."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from ciudadglobal.portal.selectors import portal_government

from .models import Report
from .views import file_response


def published_reports(government):
    return (
        Report.objects.for_government(government)
        .published()
        .select_related("superseded_by")
        .defer("html", "pdf", "docx")
    )


def _published(government, pk: int) -> Report:
    report = Report.objects.for_government(government).published().filter(pk=pk).first()
    if report is None:
        raise Http404(_("There is no such report."))
    return report


def report_archive(request: HttpRequest, government: str) -> HttpResponse:
    """``reports/portal_archive.html``: every published report of the government, newest
    period first, with its downloads and hashes (``reports``)."""
    government = portal_government(government)
    return render(
        request,
        "reports/portal_archive.html",
        {"government": government, "reports": published_reports(government)},
    )


def report_page(request: HttpRequest, government: str, pk: int) -> HttpResponse:
    """``reports/portal_report.html``: the frozen HTML of a published report (``report``)."""
    government = portal_government(government)
    report = _published(government, pk)
    return render(
        request,
        "reports/portal_report.html",
        {
            "government": government,
            "report": report,
            "other_language": report.language != (get_language() or "es")[:2],
        },
    )


def report_download(request: HttpRequest, government: str, pk: int, fmt: str) -> HttpResponse:
    return file_response(_published(portal_government(government), pk), fmt)


urlpatterns = [
    path("informes/", report_archive, name="report-archive"),
    path("informes/<int:pk>/", report_page, name="report-detail"),
    path("informes/<int:pk>/informe.<slug:fmt>", report_download, name="report-file"),
]
