"""Staff pages (generate, follow, review, publish) and the portal's archive and report pages:
who may see what."""

from __future__ import annotations

import pytest
from django.urls import reverse

from ciudadglobal.reports.models import Report, ReportState

pytestmark = pytest.mark.django_db

REQUEST = {"kind": "semiannual", "year": "2018", "half": "1", "language": "es", "change_log": ""}


def generate(client, capture) -> Report:
    with capture(execute=True):
        response = client.post(reverse("reports:report-list"), REQUEST)
    assert response.status_code == 302
    return Report.objects.get()


def test_staff_generate_review_and_publish(
    registry, client, staff, django_capture_on_commit_callbacks
):
    client.force_login(staff)
    assert client.get(reverse("reports:report-list")).status_code == 200
    report = generate(client, django_capture_on_commit_callbacks)
    page = client.get(reverse("reports:report-detail", args=[report.pk]))
    assert page.status_code == 200 and report.html_sha256 in page.content.decode()
    preview = client.get(reverse("reports:report-preview", args=[report.pk]))
    assert report.html in preview.content.decode()
    pdf = client.get(reverse("reports:report-file", args=[report.pk, "pdf"]))
    assert pdf.content == bytes(report.pdf) and pdf["Content-Type"] == "application/pdf"
    response = client.post(reverse("reports:report-publish", args=[report.pk]))
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.state == ReportState.PUBLISHED and report.published_by == staff


def test_the_progress_page_refreshes_itself_while_building(registry, client, staff):
    report = Report.objects.create(
        home_government=registry.government,
        kind="semiannual",
        year=2018,
        half=1,
        language="es",
        build_status="running",
        progress_step=3,
        progress_total=11,
    )
    client.force_login(staff)
    html = client.get(reverse("reports:report-detail", args=[report.pk])).content.decode()
    assert '<meta http-equiv="refresh" content="3">' in html
    assert 'max="11" value="3"' in html


def test_staff_pages_refuse_others(
    registry, client, staff, liaison, other_staff, django_capture_on_commit_callbacks
):
    client.force_login(staff)
    report = generate(client, django_capture_on_commit_callbacks)
    client.logout()
    assert client.get(reverse("reports:report-list")).status_code == 302  # to the login
    for user in (liaison,):
        client.force_login(user)
        assert client.get(reverse("reports:report-list")).status_code == 403
        assert client.post(reverse("reports:report-publish", args=[report.pk])).status_code == 403
    client.force_login(other_staff)  # works for another government: this report is not found
    assert client.get(reverse("reports:report-detail", args=[report.pk])).status_code == 404
    assert client.post(reverse("reports:report-publish", args=[report.pk])).status_code == 404


def test_the_portal_shows_only_published_reports(
    registry, client, staff, django_capture_on_commit_callbacks
):
    client.force_login(staff)
    report = generate(client, django_capture_on_commit_callbacks)
    client.logout()
    archive = reverse("portal:report-archive", kwargs={"government": "cdmx"})
    detail = reverse("portal:report-detail", kwargs={"government": "cdmx", "pk": report.pk})
    pdf = reverse(
        "portal:report-file", kwargs={"government": "cdmx", "pk": report.pk, "fmt": "pdf"}
    )
    assert detail not in client.get(archive).content.decode()
    assert client.get(detail).status_code == 404
    assert client.get(pdf).status_code == 404
    client.force_login(staff)
    client.post(reverse("reports:report-publish", args=[report.pk]))
    client.logout()
    page = client.get(archive).content.decode()
    assert detail in page and report.pdf_sha256 in page
    html = client.get(detail).content.decode()
    assert report.html in html
    for hidden in (
        "Convenio reservado",
        "Convenio en revisión",
        "Gira reservada",
        "Acuerdo de Bogotá",
    ):
        assert hidden not in html
    assert client.get(pdf).content == bytes(report.pdf)
    # another government's portal does not serve it
    other = reverse("portal:report-detail", kwargs={"government": "bogota", "pk": report.pk})
    assert client.get(other).status_code == 404


def test_every_figure_links_to_its_records_and_each_record_to_its_page(
    registry, client, staff, django_capture_on_commit_callbacks
):
    client.force_login(staff)
    report = generate(client, django_capture_on_commit_callbacks)
    agreement = registry.agreements["new"]
    assert 'href="#records-agreements-signed"' in report.html
    assert 'id="records-agreements-signed"' in report.html
    page = reverse("portal:agreement-detail", kwargs={"government": "cdmx", "pk": agreement.pk})
    assert f'href="{page}"' in report.html
    client.logout()
    assert client.get(page).status_code == 200


def test_the_report_menu_link_and_english_pages(registry, client):
    archive_en = reverse("portal:report-archive", kwargs={"government": "cdmx"})
    assert 'href="/cdmx/informes/"' in client.get("/cdmx/").content.decode()
    from django.utils import translation

    with translation.override("en"):
        archive_en = reverse("portal:report-archive", kwargs={"government": "cdmx"})
    assert archive_en.startswith("/en/")
    assert "Reports" in client.get(archive_en).content.decode()
