"""A staff member records an agreement entirely through the back-office, in a real browser."""

from __future__ import annotations

import re

import pytest
from django.contrib import admin
from playwright.sync_api import expect

from ciudadglobal.agreements.models import Agreement
from ciudadglobal.datasets.loader import load_dataset
from ciudadglobal.tenants.models import HomeGovernment
from tests.conftest import make_staff
from tests.datasets.test_loader import STARTER

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PASSWORD = "pass-1234"


@pytest.fixture
def cdmx_staff():
    load_dataset(STARTER)
    return make_staff(HomeGovernment.objects.get(slug="cdmx"), username="lucia")


def log_in(page, username: str) -> None:
    page.goto("/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    expect(page.locator("#user-tools")).to_contain_text(username)


def choose(page, select: str, search: str, option: str) -> None:
    """Pick ``option`` in the admin's autocomplete widget for the <select> named ``select``."""
    page.locator(f"select[name='{select}'] + .select2").click()
    field = page.locator(".select2-container--open .select2-search__field")
    field.fill(search)
    page.locator(".select2-results__option", has_text=option).first.click()


def test_recording_a_paris_agreement_through_the_admin(page, cdmx_staff, axe, screenshot):
    log_in(page, "lucia")
    axe(page)
    screenshot("index")

    page.goto("/admin/agreements/agreement/add/")
    expect(page.locator("h1")).to_have_text(re.compile("agreement|convenio|acuerdo", re.I))
    page.select_option("#id_kind", "specific_cooperation")
    page.fill("#id_title", "Convenio de cooperación específica con la Ciudad de París")
    page.fill("#id_signed", "2014")
    choose(page, "home_signatory_post", "Jefe", "Jefe de Gobierno")
    choose(page, "themes", "urbano", "Desarrollo urbano")
    choose(page, "themes", "ambiente", "Medio ambiente")
    page.locator("#parties-group .add-row a").click()
    choose(page, "parties-0-actor", "París", "Ciudad de París")
    axe(page)
    screenshot("add-form")
    page.locator("input[name=_save]").click()

    expect(page.locator(".messagelist .success")).to_be_visible()
    screenshot("saved")
    agreement = Agreement.objects.get(title__contains="Ciudad de París")
    assert agreement.kind == "specific_cooperation"
    assert agreement.signed.isoformat() == "2014"
    assert agreement.home_signatory_post.label == "Jefe de Gobierno"
    assert sorted(t.name for t in agreement.themes.all()) == ["Desarrollo urbano", "Medio ambiente"]
    assert [p.actor.name for p in agreement.parties.all()] == ["Ciudad de París"]

    page.goto(f"/admin/agreements/agreement/{agreement.pk}/change/")
    page.fill("#id_title_en", "Specific cooperation agreement with the City of Paris")
    page.locator("input[name=_continue]").click()
    expect(page.locator(".messagelist .success")).to_be_visible()
    page.locator(".historylink").click()
    history = page.locator("#content")
    expect(history).to_contain_text("lucia")
    expect(history).to_contain_text("Specific cooperation agreement with the City of Paris")
    axe(page)
    screenshot("history")


def test_lists_filter_and_switch_language(page, cdmx_staff, axe, screenshot):
    log_in(page, "lucia")
    page.goto("/admin/agreements/agreement/")
    expect(page.locator("#result_list tbody tr")).to_have_count(4)
    page.locator("#changelist-filter a", has_text="2016").first.click()
    expect(page.locator("#result_list tbody tr")).to_have_count(1)
    axe(page)
    screenshot("filtered")

    page.select_option("#language-switch", "en")
    page.locator("#language-switch ~ button").click()
    expect(page).to_have_url(re.compile(r"/en/admin/agreements/agreement/"))
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("#result_list")).to_contain_text("Mexico City–Moscow")
    screenshot("english")


def test_every_back_office_page_passes_axe(page, cdmx_staff, axe, admin_user):
    """Each registered model's list, add form and a change form: no axe-core violation."""
    admin_user.set_password(PASSWORD)
    admin_user.save()
    admin_user.staff_memberships.create(home_government=HomeGovernment.objects.get(slug="cdmx"))
    log_in(page, admin_user.username)
    checked = 0
    for model in admin.site._registry:
        base = f"/admin/{model._meta.app_label}/{model._meta.model_name}/"
        addresses = [base, f"{base}add/"]
        record = model._default_manager.order_by("pk").first()
        if record is not None:
            addresses.append(f"{base}{record.pk}/change/")
        for address in addresses:
            response = page.goto(address)
            if response.status == 403 and address.endswith("/add/"):
                continue  # the SDG framework is read-only
            assert response.status == 200, address
            axe(page)
            checked += 1
    assert checked > 50
