"""A visitor explores the partners and the world map of the public portal in a real browser."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from ciudadglobal.actors.models import ActorKind
from ciudadglobal.agreements.models import AgreementKind
from tests import factories as f

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PUBLIC = "public"


@pytest.fixture
def partners():
    """Mexico City with Paris since 1999, Tokyo, UNESCO and C40; an internal agreement with
    Ottawa, which nobody may see."""
    cdmx = f.HomeGovernmentFactory(name="Ciudad de México", name_en="Mexico City", slug="cdmx")
    environment = f.ThemeFactory(home_government=cdmx, name="Medio ambiente", name_en="Environment")
    paris_place = f.CityFactory(name="París", name_en="Paris", country="FR")
    paris = f.ActorFactory(
        home_government=cdmx, name="París", name_en="Paris", place=paris_place, visibility=PUBLIC
    )
    tokyo = f.ActorFactory(
        home_government=cdmx,
        name="Tokio",
        name_en="Tokyo",
        place=f.CityFactory(
            name="Tokio", name_en="Tokyo", country="JP", latitude="35.68", longitude="139.69"
        ),
        visibility=PUBLIC,
    )
    unesco = f.ActorFactory(
        home_government=cdmx,
        kind=ActorKind.INTERNATIONAL_ORGANIZATION,
        name="Organización de las Naciones Unidas para la Educación, la Ciencia y la Cultura",
        name_en="United Nations Educational, Scientific and Cultural Organization",
        acronym="UNESCO",
        place=None,
        country="",
        visibility=PUBLIC,
    )
    ottawa = f.ActorFactory(
        home_government=cdmx,
        name="Ottawa",
        place=f.CityFactory(name="Ottawa", country="CA", latitude="45.42", longitude="-75.69"),
        visibility=PUBLIC,
    )
    for actor, title, title_en, signed, kind in (
        (
            paris,
            "Acuerdo de amistad Ciudad de México–París",
            "Friendship agreement Mexico City–Paris",
            "1999",
            AgreementKind.FRIENDSHIP,
        ),
        (
            paris,
            "Convenio de cooperación Ciudad de México–París",
            "Cooperation agreement Mexico City–Paris",
            "2014",
            AgreementKind.SPECIFIC_COOPERATION,
        ),
        (tokyo, "Convenio con Tokio", "Agreement with Tokyo", "2016", AgreementKind.TWINNING),
    ):
        agreement = f.AgreementFactory(
            home_government=cdmx,
            kind=kind,
            title=title,
            title_en=title_en,
            signed=signed,
            visibility=PUBLIC,
        )
        f.AgreementPartyFactory(agreement=agreement, actor=actor)
    internal = f.AgreementFactory(home_government=cdmx, title="Convenio con Ottawa", signed="2017")
    f.AgreementPartyFactory(agreement=internal, actor=ottawa)
    trip = f.ActivityFactory(
        home_government=cdmx,
        title="Gira oficial a París",
        title_en="Official trip to Paris",
        start="2015-12",
        visibility=PUBLIC,
    )
    trip.places.add(paris_place)
    trip.themes.add(environment)
    trip.counterparts.add(unesco)
    fund = f.ProjectFactory(
        home_government=cdmx,
        title="Fondo franco-mexicano de cooperación descentralizada",
        title_en="Franco-Mexican decentralized cooperation fund",
        start="2014",
        end="2016",
        visibility=PUBLIC,
    )
    f.ProjectParticipantFactory(project=fund, actor=paris)
    f.NetworkMembershipFactory(
        home_government=cdmx,
        network=f.NetworkFactory(
            home_government=cdmx,
            name="Grupo de Liderazgo Climático C40",
            acronym="C40",
            visibility=PUBLIC,
        ),
        joined="2005",
        visibility=PUBLIC,
    )
    return {"paris": paris, "environment": environment}


def test_partners_filter_and_partner_page(page, partners, axe, screenshot):
    page.goto("/cdmx/partners/")
    expect(page.locator("h1")).to_have_count(1)
    table = page.locator("table.partner-table")
    expect(table.locator("tbody tr")).to_have_count(4)
    expect(table.locator("tbody tr").first).to_contain_text("París")
    expect(page.locator("main")).not_to_contain_text("Ottawa")
    axe(page)
    screenshot("list")

    page.select_option("#id_kind", "foreign_local")
    page.locator("form.filters button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"kind=foreign_local"))
    expect(table.locator("tbody tr")).to_have_count(2)
    expect(table).not_to_contain_text("C40")

    page.locator(".sort-links a").nth(1).click()  # by name
    expect(page).to_have_url(re.compile(r"kind=foreign_local.*sort=name"))
    expect(page.locator(".sort-links a[aria-current]")).to_have_count(1)
    expect(table.locator("tbody tr").first).to_contain_text("París")
    screenshot("filtered")

    page.fill("#id_q", "paris")
    page.locator("form.filters button[type=submit]").click()
    expect(table.locator("tbody tr")).to_have_count(1)
    table.get_by_role("link", name="París").click()
    expect(page.locator("h1")).to_have_text("París")
    expect(page.locator(".lead")).to_contain_text("1999")
    years = page.locator(".timeline__year h3")
    expect(years.first).to_have_text("1999")
    expect(page.locator(".timeline")).to_contain_text("Fondo franco-mexicano")
    expect(page.locator(".timeline")).to_contain_text("Gira oficial a París")
    axe(page)
    screenshot("paris")

    page.locator(".languages a[hreflang=en]").click()
    expect(page).to_have_url(re.compile(r"/en/cdmx/partners/\d+/"))
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("h1")).to_have_text("Paris")
    expect(page.locator(".timeline")).to_contain_text("Friendship agreement Mexico City–Paris")
    expect(page.locator(".lead")).to_contain_text("since 1999")
    axe(page)
    screenshot("paris-english")


def test_world_map_filter_and_keyboard(page, partners, axe, screenshot):
    page.goto("/cdmx/map/")
    expect(page.locator("h1")).to_have_count(1)
    expect(page.locator("svg.wm-map")).to_be_visible()
    countries = page.locator("svg.wm-map a:has(path.wm-country)")
    expect(countries).to_have_count(2)  # France and Japan; never Canada
    expect(page.locator("main")).not_to_contain_text("Ottawa")
    axe(page)
    screenshot("map")

    page.locator("input[name=relation][value=agreement]").check()
    page.fill("#id_year_to", "2015")
    page.locator("form.filters button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"relation=agreement.*year_to=2015"))
    expect(countries).to_have_count(1)
    expect(page.locator("input[name=relation][value=agreement]")).to_be_checked()
    expect(page.locator(".map-tables table").first.locator("tbody tr")).to_have_count(1)
    axe(page)
    screenshot("map-filtered")

    # Keyboard only: from the form's last control, Tab reaches France on the map; Enter follows.
    page.locator(".filters__actions a").focus()
    for _step in range(5):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.closest('svg') !== null"):
            break
    focused = page.evaluate("document.activeElement.getAttribute('href')")
    assert focused is not None and focused.endswith("?country=FR")
    screenshot("map-focus")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/cdmx/partners/\?country=FR$"))
    expect(page.locator("table.partner-table tbody tr")).to_have_count(1)
    expect(page.locator("#id_country")).to_have_value("FR")

    page.locator(".languages a[hreflang=en]").click()
    expect(page).to_have_url(re.compile(r"/en/cdmx/partners/\?country=FR$"))
    expect(page.locator("h1")).to_have_text("Partners abroad")
    axe(page)
    screenshot("partners-english")

    page.goto(f"/en/cdmx/map/?theme={partners['environment'].pk}")
    expect(page.locator("h1")).to_have_text("World map of partners")
    expect(countries).to_have_count(1)  # the trip to Paris is on the environment
    axe(page)
    screenshot("map-english")
