"""A staff member imports agreements from a spreadsheet: upload, preview, confirm.

In English (/en/), whose wording is the source text of the catalogue."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from ciudadglobal.agreements.models import Agreement
from tests.conftest import make_staff
from tests.imports.conftest import IMMEDIATE, csv_bytes
from tests.imports.conftest import registry as registry
from tests.imports.test_rows import GOOD

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

# Without SDG targets: a transactional test must not rely on the framework's migrated rows.
ROWS = [{name: value for name, value in row.items() if name != "sdg_targets"} for row in GOOD]


def test_upload_preview_confirm(page, settings, government, registry, axe, screenshot, tmp_path):
    settings.TASKS = IMMEDIATE
    make_staff(government, username="lucia")
    path = tmp_path / "convenios.csv"
    path.write_bytes(csv_bytes([*ROWS, {**ROWS[1], "key": "x", "signed": "ayer"}]))
    page.goto("/en/admin/login/")
    page.fill("#id_username", "lucia")
    page.fill("#id_password", "pass-1234")
    page.click("input[type=submit]")

    page.get_by_role("link", name="Import records").click()
    expect(page.locator("h1")).to_have_text("Import records")
    axe(page)
    page.select_option("#id_entity", "agreements")
    page.set_input_files("#id_file", str(path))
    page.get_by_role("button", name="Check the file").click()

    expect(page.locator("#errors-heading")).to_be_visible()
    expect(page.locator("section[aria-labelledby=errors-heading] table")).to_contain_text("signed")
    axe(page)
    screenshot("errors")
    assert Agreement.objects.count() == 0

    path.write_bytes(csv_bytes(ROWS))
    page.get_by_role("link", name="Import another file").click()
    page.select_option("#id_entity", "agreements")
    page.set_input_files("#id_file", str(path))
    page.get_by_role("button", name="Check the file").click()
    expect(page.locator("#create-heading")).to_contain_text("(2)")
    expect(page.get_by_text("Twinning with Paris (2014)")).to_be_visible()
    axe(page)
    screenshot("preview")
    assert Agreement.objects.count() == 0

    page.get_by_role("button", name="Confirm the import").click()
    expect(page.locator("#summary-heading")).to_have_text("Result")
    axe(page)
    screenshot("done")
    assert Agreement.objects.count() == 2
