"""A citizen reads Mexico City's published report for the first semester of 2018 on the
portal, in a real browser (axe-core: no violations); and staff build and publish it."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from ciudadglobal.datasets.loader import load_dataset
from ciudadglobal.reports.models import Report
from ciudadglobal.reports.services import report_publish, report_request
from ciudadglobal.tenants.models import HomeGovernment
from tests.conftest import make_staff
from tests.datasets.conftest import CDMX

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def cdmx(settings):
    settings.TASKS = IMMEDIATE
    load_dataset(CDMX)
    return HomeGovernment.objects.get(slug="cdmx")


def test_a_citizen_reads_the_published_report(page, cdmx, axe, screenshot):
    staff = make_staff(cdmx, username="cgai")
    report = report_request(
        government=cdmx, kind="semiannual", year=2018, half=1, language="es", by=staff
    )
    report = report_publish(Report.objects.get(pk=report.pk), by=staff)

    page.goto("/cdmx/")
    page.locator(".main-nav a[href='/cdmx/informes/']").click()
    expect(page.locator("h1")).to_have_count(1)
    expect(page.locator(".report-archive li h2 a")).to_have_count(1)
    axe(page)
    screenshot("archive")

    page.locator(".report-archive h2 a").first.click()
    expect(page.locator("h1")).to_have_count(1)
    expect(page.locator("#agreements")).to_be_visible()
    expect(page.locator("svg[role=img]")).to_have_count(5)
    axe(page)
    screenshot("report")

    # a figure leads to the records behind it, and a record to its page on the portal
    page.locator("#figure-agreements-in-force a").click()
    records = page.locator("#records-agreements-in-force li a")
    assert records.count() == report_figure_count(report, "agreements-in-force")
    records.first.click()
    page.wait_for_load_state()
    assert "/cdmx/agreements/" in page.url


def report_figure_count(report: Report, figure_id: str) -> int:
    import re

    match = re.search(
        rf'id="figure-{figure_id}".*?<a href="#records-{figure_id}">([\d.,]+)</a>',
        report.html,
        re.S,
    )
    return int(match.group(1).replace(".", "").replace(",", ""))


def test_staff_build_review_and_publish(page, cdmx, axe, screenshot, live_server):
    make_staff(cdmx, username="cgai")
    page.set_default_timeout(180_000)  # the immediate backend builds within the request
    page.goto("/admin/login/?next=/reports/")
    page.fill("#id_username", "cgai")
    page.fill("#id_password", "pass-1234")
    page.locator("input[type=submit]").click()
    expect(page).to_have_url(f"{live_server.url}/reports/")
    page.select_option("#id_kind", "semiannual")
    page.select_option("#id_year", "2018")
    page.select_option("#id_half", "1")
    page.select_option("#id_language", "es")
    axe(page)
    page.locator("input[type=submit].default").click()
    expect(
        page.get_by_role("link", name="Leer el informe").or_(
            page.get_by_role("link", name="Read the report")
        )
    ).to_be_visible()
    axe(page)
    screenshot("built")
    page.locator("form[action$='/publish/'] input[type=submit]").click()
    report = Report.objects.get()
    assert report.is_published
    with page.expect_download() as info:
        page.locator(f"a[href='/reports/{report.pk}/file.pdf']").click()
    assert info.value.path().read_bytes() == bytes(report.pdf)
