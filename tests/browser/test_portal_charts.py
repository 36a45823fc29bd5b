"""The figures and transparency pages of the public portal, in a real browser, on Mexico City's
data: charts, tables, CSV downloads, the period and comparison filters, both languages, axe."""

from __future__ import annotations

import csv
import io
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from ciudadglobal.datasets.loader import load_dataset
from ciudadglobal.transparency.models import FlagStatus, QualityFlag
from tests.datasets.conftest import CDMX

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def cdmx():
    load_dataset(CDMX)


def download_csv(page, link) -> list[list[str]]:
    with page.expect_download() as info:
        link.click()
    download = info.value
    text = download.path().read_text(encoding="utf-8")
    assert text.startswith("\ufeff"), "a byte-order mark for spreadsheet programs"
    return list(csv.reader(io.StringIO(text[1:])))


def test_figures_page(page, cdmx, axe, screenshot):
    page.goto("/cdmx/figures/")
    expect(page.locator("h1")).to_have_count(1)
    charts = page.locator("svg[role=img]")
    expect(charts).to_have_count(6)
    first = charts.first
    title_id = first.get_attribute("aria-labelledby")
    expect(page.locator(f"[id='{title_id}']")).to_have_count(1)
    axe(page)
    screenshot("es")

    region = page.locator("#chart-agreements-by-region")
    region.locator("summary").click()
    table = region.locator("table")
    expect(table).to_be_visible()
    expect(table.locator("tbody tr")).to_have_count(8)  # seven regions and "no region"
    axe(page)
    screenshot("es-table")

    rows = download_csv(page, region.locator(".chart__download a"))
    header = [cell.inner_text().strip() for cell in table.locator("thead th").all()]
    assert rows[0] == header
    assert rows[1] == ["América Latina y el Caribe", "11"]

    page.fill("#id_year_from", "2014")
    page.fill("#id_year_to", "2016")
    page.get_by_role("button", name=re.compile("Show|Mostrar")).click()
    expect(page).to_have_url(re.compile(r"year_from=2014&year_to=2016"))
    years = page.locator("#chart-activities-by-year")
    years.locator("summary").click()
    expect(years.locator("tbody th")).to_have_text(["2014", "2015", "2016"])
    axe(page)
    screenshot("es-2014-2016")
    rows = download_csv(page, years.locator(".chart__download a"))
    assert [row[0] for row in rows[1:]] == ["2014", "2015", "2016"]

    page.locator(".languages a[hreflang=en]").click()
    expect(page).to_have_url(re.compile(r"/en/cdmx/figures/\?year_from=2014&year_to=2016"))
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("h1")).to_have_text("Figures")
    axe(page)
    screenshot("en-2014-2016")
    rows = download_csv(page, page.locator("#chart-activities-by-year .chart__download a"))
    assert rows[0][0] == "Year" and rows[0][-1] == "Total"
    assert "Incoming visit or distinguished guest" in rows[0]


def test_transparency_page(page, cdmx, axe, screenshot):
    flag = QualityFlag.objects.get(title__startswith="Doce redes temáticas")
    flag.status = FlagStatus.RESOLVED
    flag.resolution = "Se documentaron las dos redes que faltaban."
    flag.resolved_at = timezone.now()
    flag.save()

    page.goto("/cdmx/transparency/")
    expect(page.locator("h1")).to_have_count(1)
    table = page.locator("table.figure-table")
    expect(table.locator("tbody tr[id^=figure-]")).to_have_count(167)
    axe(page)
    screenshot("es")

    page.select_option("#id_comparison", "differs")
    page.get_by_role("button", name=re.compile("Show|Mostrar")).click()
    expect(page).to_have_url(re.compile(r"comparison=differs"))
    rows = table.locator("tbody tr[id^=figure-]")
    expect(rows).to_have_count(3)
    expect(rows.first).to_contain_text("15")
    expect(rows.first).to_contain_text("16")
    rows.first.locator("a.figure-table__flag").click()
    target = page.locator(".flag:target")
    expect(target).to_contain_text("17")
    axe(page)
    screenshot("es-differs")

    resolved = page.locator("details.flags-resolved")
    expect(resolved.locator(".flag")).to_have_count(1)
    expect(resolved.locator(".flag").first).not_to_be_visible()
    resolved.locator("summary").click()
    expect(resolved).to_contain_text("Se documentaron las dos redes que faltaban.")
    axe(page)

    page.locator(".languages a[hreflang=en]").click()
    expect(page).to_have_url(re.compile(r"/en/cdmx/transparency/\?comparison=differs"))
    expect(page.locator("h1")).to_have_text("Transparency")
    expect(table).to_contain_text("Differs")
    expect(table).to_contain_text("Counterpart cities")
    axe(page)
    screenshot("en-differs")
