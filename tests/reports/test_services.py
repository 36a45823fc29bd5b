"""Building (in the background, with progress), publishing and freezing reports; the three
formats carry the same figures."""

from __future__ import annotations

import io
import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from docx import Document
from pypdf import PdfReader

from ciudadglobal.reports.models import (
    BuildStatus,
    PublishedReportError,
    Report,
    ReportKind,
    ReportState,
)
from ciudadglobal.reports.services import report_publish, report_request, sha256
from tests import factories as f

pytestmark = pytest.mark.django_db


def normalize(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\u00a0", " ")).strip()


def build(government, user, capture, **kwargs) -> Report:
    options = {"kind": ReportKind.SEMIANNUAL, "year": 2018, "half": 1, "language": "es"}
    with capture(execute=True):
        report = report_request(government=government, by=user, **{**options, **kwargs})
    report.refresh_from_db()
    return report


def pdf_text(data: bytes) -> str:
    return normalize(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages))


def docx_text(data: bytes) -> str:
    document = Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.append(" ".join(cell.text for cell in row.cells))
    return normalize(" ".join(parts))


def html_text(html: str) -> str:
    return normalize(re.sub(r"<[^>]+>", " ", html))


@pytest.fixture
def built(registry, staff, django_capture_on_commit_callbacks):
    return build(registry.government, staff, django_capture_on_commit_callbacks)


def test_a_requested_report_is_built_in_the_background_with_its_progress(built):
    assert built.build_status == BuildStatus.READY
    assert built.progress_total == 11 and built.progress_step == built.progress_total
    assert built.state == ReportState.DRAFT and built.version == 1
    assert built.html_sha256 == sha256(built.html)
    assert built.pdf_sha256 == sha256(bytes(built.pdf))
    assert built.docx_sha256 == sha256(bytes(built.docx))
    assert bytes(built.pdf).startswith(b"%PDF") and built.pdf_pages >= 2
    assert bytes(built.docx).startswith(b"PK")


def test_pdf_and_docx_carry_the_same_figures_as_the_html(built):
    from ciudadglobal.reports.services import build_content

    content = build_content(built)
    html, pdf, docx = (
        html_text(built.html),
        pdf_text(bytes(built.pdf)),
        docx_text(bytes(built.docx)),
    )
    figures = list(content.figures())
    assert len(figures) > 20
    for figure in figures:
        for text in (html, pdf, docx):
            assert f"{figure.label}: {figure.display}" in text, (figure.id, figure.display)
    # the charts: SVG in the HTML and the PDF's source, pictures in the DOCX
    assert built.html.count("<svg") == 5
    assert len(Document(io.BytesIO(bytes(built.docx))).inline_shapes) == 5


def test_a_published_report_is_byte_identical_after_records_change(built, registry, staff, client):
    report = report_publish(built, by=staff)
    frozen = (report.html, bytes(report.pdf), bytes(report.docx), report.html_sha256)
    agreement = registry.agreements["new"]
    agreement.title = "Convenio con París, corregido"
    agreement.save()
    f.AgreementFactory(home_government=registry.government, signed="2018-04", visibility="public")
    report.refresh_from_db()
    assert (report.html, bytes(report.pdf), bytes(report.docx), report.html_sha256) == frozen
    base = f"/cdmx/informes/{report.pk}/"
    page = client.get(base)
    assert report.html in page.content.decode()
    assert "corregido" not in page.content.decode()
    assert client.get(f"{base}informe.pdf").content == frozen[1]
    assert client.get(f"{base}informe.docx").content == frozen[2]
    assert sha256(client.get(f"{base}informe.pdf").content) == report.pdf_sha256


def test_a_published_report_cannot_be_changed_or_deleted(built, staff):
    report = report_publish(built, by=staff)
    report.html = "<p>otra cosa</p>"
    with pytest.raises(PublishedReportError):
        report.save()
    with pytest.raises(PublishedReportError):
        Report.objects.filter(pk=report.pk).update(html="")
    with pytest.raises(PublishedReportError):
        report.delete()
    with pytest.raises(PublishedReportError):
        Report.objects.filter(pk=report.pk).delete()
    with pytest.raises(ValidationError):
        report_publish(Report.objects.get(pk=report.pk), by=staff)


def test_a_corrected_version_needs_a_change_log_and_keeps_the_first(
    built, registry, staff, django_capture_on_commit_callbacks
):
    first = report_publish(built, by=staff)
    with pytest.raises(ValidationError) as error:
        build(registry.government, staff, django_capture_on_commit_callbacks)
    assert error.value.error_dict["change_log"][0].code == "change_log_required"
    second = build(
        registry.government,
        staff,
        django_capture_on_commit_callbacks,
        change_log="Se corrige la fecha de un convenio.",
    )
    assert (second.version, second.supersedes, second.state) == (2, first, ReportState.DRAFT)
    assert "Se corrige la fecha de un convenio." in second.html
    report_publish(second, by=staff)
    first.refresh_from_db()
    assert first.is_published and first.superseded_by == second


def test_a_draft_is_rebuilt_in_place(built, registry, staff, django_capture_on_commit_callbacks):
    again = build(registry.government, staff, django_capture_on_commit_callbacks)
    assert again.pk == built.pk and again.version == 1


def test_only_report_staff_of_the_government_may_build_or_publish(
    built, registry, liaison, other_staff, congress_user, django_capture_on_commit_callbacks
):
    for user in (liaison, other_staff, congress_user):
        with pytest.raises(PermissionDenied):
            build(registry.government, user, django_capture_on_commit_callbacks)
        with pytest.raises(PermissionDenied):
            report_publish(built, by=user)


def test_the_annual_indicators_report_builds_in_the_three_formats(
    registry, staff, django_capture_on_commit_callbacks
):
    report = build(
        registry.government,
        staff,
        django_capture_on_commit_callbacks,
        kind=ReportKind.ANNUAL_INDICATORS,
        half=1,
    )
    assert report.half is None and report.build_status == BuildStatus.READY
    assert report.progress_step == report.progress_total == 10
    assert "2018" in pdf_text(bytes(report.pdf)) and "2018" in docx_text(bytes(report.docx))
