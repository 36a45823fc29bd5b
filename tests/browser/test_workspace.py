"""The issue's "done when", in a real browser: a liaison of the Environment department records
a trip and submits it, cannot open Tourism's records, a reviewer publishes it, and it appears
on the public portal. axe-core finds nothing on any workspace page.

With UPDATE_GUIDE_SCREENSHOTS=1 the steps are also saved as the guide's pictures, in
docs/guide/ (small, fixed-size PNGs served by the workspace's guide pages).
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from ciudadglobal.activities.models import Activity
from ciudadglobal.core.models import WorkflowState
from ciudadglobal.tenants.models import Role
from tests import factories as f
from tests.workspace.conftest import draft, member

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PASSWORD = "pass-1234"
GUIDE = Path(__file__).resolve().parents[2] / "docs" / "guide"


@pytest.fixture
def guide_picture(page):
    def take(name: str) -> None:
        if os.environ.get("UPDATE_GUIDE_SCREENSHOTS") == "1":
            GUIDE.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(GUIDE / f"{name}.png"))

    return take


@pytest.fixture
def cdmx():
    government = f.HomeGovernmentFactory(name="Ciudad de México", slug="cdmx")
    environment = f.DepartmentFactory(
        home_government=government, name="Secretaría del Medio Ambiente"
    )
    tourism = f.DepartmentFactory(home_government=government, name="Secretaría de Turismo")
    member(government, "enlace-sedema", Role.LIAISON, environment)
    member(government, "revisora", Role.REVIEWER)
    f.AgreementFactory(
        home_government=government,
        title="Convenio con Lyon",
        signed="2014",
        expires="2018-11-30",
        department=environment,
    )
    return {"tourism_draft": draft(government, tourism, title="Feria de turismo en Madrid")}


def log_in(page, username: str) -> None:
    page.goto("/workspace/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.locator("main button[type=submit]").click()
    expect(page.locator("h1")).to_be_visible()


def log_out(page) -> None:
    page.locator(".main-nav form button").click()


def test_a_liaison_records_a_trip_a_reviewer_publishes_it(
    page, cdmx, axe, screenshot, guide_picture
):
    page.set_viewport_size({"width": 1000, "height": 720})
    page.set_default_timeout(60_000)  # a busy machine serves the first pages slowly
    page.goto("/workspace/")
    expect(page).to_have_url(re.compile(r"/workspace/login/\?next=/workspace/$"))
    axe(page)
    page.fill("#id_username", "enlace-sedema")
    guide_picture("01-login")

    log_in(page, "enlace-sedema")
    page.goto("/workspace/?on=2018-10-01")
    expect(page.locator("#expiring")).to_contain_text("(1)")
    expect(page.locator("main")).to_contain_text("Convenio con Lyon")
    axe(page)
    guide_picture("02-dashboard")

    page.goto("/workspace/new/trip/")
    page.fill("#id_title", "Gira a Vancouver por la calidad del aire")
    page.fill("#id_start", "2018-05-14")
    page.select_option("#id_visibility", "public")
    page.fill("#id_cost", "1500")
    page.select_option("#id_cost_currency", "CAD")
    axe(page)
    guide_picture("03-trip-form")
    page.locator("button[value=submit]").click()
    expect(page.locator(".message--success")).to_be_visible()
    axe(page)
    screenshot("submitted")
    trip = Activity.objects.get(title="Gira a Vancouver por la calidad del aire")
    assert trip.state == WorkflowState.SUBMITTED

    for path in (
        "/workspace/records/",
        "/workspace/plans/",
        "/workspace/cabinet/",
        "/workspace/guide/",
    ):
        page.goto(path)
        axe(page)

    response = page.goto(f"/workspace/records/activity/{cdmx['tourism_draft'].pk}/")
    assert response.status == 404
    response = page.goto(f"/workspace/records/activity/{cdmx['tourism_draft'].pk}/edit/")
    assert response.status == 404
    assert page.goto(f"/cdmx/activities/{trip.pk}/").status == 404  # not published yet

    page.goto("/workspace/")
    log_out(page)
    log_in(page, "revisora")
    page.goto("/workspace/review/")
    axe(page)
    page.get_by_role("link", name="Gira a Vancouver por la calidad del aire").click()
    axe(page)
    page.fill("#id_comment", "Revisado: datos completos.")
    guide_picture("04-review")
    page.locator("form.stacked-form button[type=submit]").first.click()
    expect(page.locator(".message--success")).to_be_visible()
    trip.refresh_from_db()
    assert trip.state == WorkflowState.PUBLISHED

    response = page.goto(f"/cdmx/activities/{trip.pk}/")
    assert response.status == 200
    expect(page.locator("h1")).to_contain_text("Gira a Vancouver")
    screenshot("public")
