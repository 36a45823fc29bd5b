"""A citizen uses the portal with Mexico City's real data, in a real browser: "which cities does
Mexico City cooperate with on the environment, and since when?" in a few clicks."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from ciudadglobal.datasets.loader import load_dataset
from tests.datasets.conftest import CDMX

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def cdmx_data():
    load_dataset(CDMX)


def test_environment_partners_and_since_when(page, cdmx_data, axe, screenshot):
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/cdmx/$"))
    expect(page.locator("h1")).to_contain_text("Ciudad de México")
    expect(page.locator(".figure")).to_have_count(6)
    expect(page.locator(".world-map svg")).to_be_visible()
    axe(page)
    screenshot("home")

    page.locator(".main-nav").get_by_role("link", name="Socios").click()
    page.select_option("#id_kind", "foreign_local")
    page.select_option("#id_theme", label="Medio ambiente")
    page.locator("form.filters button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"kind=foreign_local.*theme=\d+"))
    rows = page.locator("table.partner-table tbody tr")
    expect(rows.first).to_be_visible()
    assert rows.count() >= 3
    # Each row names a city and the years of the relationship ("since when").
    expect(rows.first.locator("td.years, td:last-child")).to_contain_text(re.compile(r"\d{4}"))
    axe(page)
    screenshot("environment-partners")

    page.get_by_role("link", name="English").click()
    expect(page).to_have_url(re.compile(r"/en/cdmx/partners/\?.*kind=foreign_local.*theme=\d+"))
    expect(page.locator("html")).to_have_attribute("lang", "en")
    axe(page)

    page.goto("/cdmx/about/")
    expect(page.locator("main")).to_contain_text("Natural Earth")
    axe(page)
