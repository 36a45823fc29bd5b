"""The record explorers and detail pages of the portal, in a real browser, checked by axe."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from ciudadglobal.activities.models import ActivityKind
from ciudadglobal.agreements.models import AgreementKind
from ciudadglobal.awards.models import AwardResult
from ciudadglobal.projects.models import ProjectStatus
from ciudadglobal.strategy.models import PlanElementKind
from ciudadglobal.taxonomy.models import SdgGoal, SdgTarget
from tests import factories as f

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PUBLIC = "public"


def sdg_target(code: str) -> SdgTarget:
    """The SDG target from the framework the migrations load, or made here: when a
    non-transactional test runs earlier in the session, the framework is gone by the second
    browser test (the serialized rollback does not bring it back)."""
    goal, _ = SdgGoal.objects.get_or_create(
        number=int(code.split(".")[0]),
        defaults={"short_es": "Ciudades", "short_en": "Cities", "title_en": "Cities"},
    )
    target, _ = SdgTarget.objects.get_or_create(
        code=code, defaults={"goal": goal, "title_en": "Air quality and waste", "sort_key": code}
    )
    return target


@pytest.fixture
def records():
    """A small public registry of Mexico City: 30 agreements and one record of each other kind,
    plus an internal agreement that must never show."""
    cdmx = f.HomeGovernmentFactory(name="Ciudad de México", name_en="Mexico City", slug="cdmx")
    paris = f.CityFactory(name="París", name_en="Paris", country="FR")
    tokyo = f.CityFactory(name="Tokio", name_en="Tokyo", country="JP")
    partner = f.ActorFactory(
        home_government=cdmx, visibility=PUBLIC, name="Ciudad de París", place=paris
    )
    japan = f.ActorFactory(
        home_government=cdmx, visibility=PUBLIC, name="Gobierno Metropolitano de Tokio", place=tokyo
    )
    theme = f.ThemeFactory(home_government=cdmx, name="Medio ambiente", name_en="Environment")
    department = f.DepartmentFactory(
        home_government=cdmx,
        visibility=PUBLIC,
        name="Secretaría del Medio Ambiente",
        name_en="Ministry of the Environment",
        acronym="SEDEMA",
    )
    source = f.SourceFactory(home_government=cdmx, title="CDMX Global")
    for n in range(28):
        f.AgreementFactory(
            home_government=cdmx,
            visibility=PUBLIC,
            kind=AgreementKind.COLLABORATION,
            title=f"Acuerdo de colaboración {n + 1:02d}",
            title_en=f"Collaboration agreement {n + 1:02d}",
            signed=f"{2000 + n % 18}",
        )
    twinning = f.AgreementFactory(
        home_government=cdmx,
        visibility=PUBLIC,
        kind=AgreementKind.TWINNING,
        title="Hermanamiento con París",
        title_en="Twinning with Paris",
        description="Cooperación en movilidad, cultura y medio ambiente.",
        description_en="Cooperation on mobility, culture and the environment.",
        signed="2014-05-12",
        department=department,
        source=source,
        source_line=1281,
    )
    twinning.themes.add(theme)
    twinning.sdg_targets.add(sdg_target("11.6"))
    f.AgreementPartyFactory(agreement=twinning, actor=partner)
    f.CommitmentFactory(
        agreement=twinning, description="Intercambio de expertos", department=department
    )
    renewal = f.AgreementFactory(
        home_government=cdmx,
        visibility=PUBLIC,
        kind=AgreementKind.TWINNING,
        title="Renovación del hermanamiento con París",
        signed="2018",
        renews=twinning,
        renewal_kind="renewal",
    )
    f.AgreementPartyFactory(agreement=renewal, actor=partner)
    f.AgreementFactory(home_government=cdmx, title="Convenio interno confidencial")
    activity = f.ActivityFactory(
        home_government=cdmx,
        visibility=PUBLIC,
        kind=ActivityKind.OFFICIAL_TRIP,
        title="Gira de trabajo a París",
        title_en="Official trip to Paris",
        start="2015-03-10",
        end="2015-03-14",
        attendance=40,
    )
    activity.places.add(paris)
    activity.counterparts.add(partner)
    activity.agreements.add(twinning)
    activity.departments.add(department)
    activity.themes.add(theme)
    f.ActivityParticipantFactory(
        activity=activity, name="Tanya Müller", title="Secretaria del Medio Ambiente", role="head"
    )
    guest = f.ActivityFactory(
        home_government=cdmx,
        visibility=PUBLIC,
        kind=ActivityKind.INCOMING_VISIT,
        title="Visita de la alcaldesa de Tokio",
        start="2017",
    )
    guest.counterparts.add(japan)
    project = f.ProjectFactory(
        home_government=cdmx,
        visibility=PUBLIC,
        title="Mejoramiento del sistema de drenaje",
        title_en="Drainage system improvement",
        status=ProjectStatus.CLOSED,
        start="2011",
        end="2013",
        results="Capacitación de 40 técnicos.",
    )
    project.places.add(tokyo)
    f.ProjectParticipantFactory(project=project, actor=japan, role="4")
    f.FundingFactory(project=project, funder=japan, amount="250000.00", currency="JPY")
    network = f.NetworkFactory(
        home_government=cdmx, visibility=PUBLIC, name="Grupo de Liderazgo Climático", acronym="C40"
    )
    network.themes.add(theme)
    membership = f.NetworkMembershipFactory(
        home_government=cdmx, network=network, visibility=PUBLIC, joined="2005"
    )
    f.NetworkPositionFactory(membership=membership, title="Vicepresidencia para América Latina")
    award = f.AwardFactory(
        home_government=cdmx,
        visibility=PUBLIC,
        name="Premio Ciudades C40",
        name_en="C40 Cities Award",
        awarding_body=japan,
        result=AwardResult.WON,
        date="2016",
        category="Transporte",
    )
    plan = f.PlanFactory(home_government=cdmx, visibility=PUBLIC, name="Programa de acción")
    axis = f.PlanElementFactory(
        home_government=cdmx, plan=plan, visibility=PUBLIC, name="Ciudad global", code="1"
    )
    f.PlanElementFactory(
        home_government=cdmx,
        plan=plan,
        parent=axis,
        visibility=PUBLIC,
        kind=PlanElementKind.OBJECTIVE,
        name="Atraer inversión",
        code="1.1",
    )
    return {
        "agreement": twinning,
        "activity": activity,
        "project": project,
        "network": membership,
        "award": award,
        "plan": plan,
    }


def test_agreements_explorer_filters_searches_sorts_pages_and_switches_language(
    page, records, axe, screenshot
):
    page.goto("/cdmx/agreements/")
    expect(page.locator("h1")).to_have_text("Acuerdos")
    expect(page.locator("#results-title")).to_contain_text("30")
    expect(page.locator(".results > li")).to_have_count(25)
    expect(page.locator("main")).not_to_contain_text("confidencial")
    axe(page)
    screenshot("list")

    page.select_option("#id_kind", "twinning")
    page.locator(".filters button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"kind=twinning"))
    expect(page.locator("#results-title")).to_contain_text("2")
    expect(page.locator(".active-filters")).to_be_visible()
    axe(page)
    screenshot("filtered")

    page.locator(".sorting a[href*='sort=oldest']").click()
    expect(page).to_have_url(re.compile(r"sort=oldest"))
    expect(page.locator(".sorting a[aria-current=true]")).to_have_count(1)
    expect(page.locator(".results > li").first).to_contain_text("Hermanamiento con París")

    page.fill("#id_q", "renovacion paris")
    page.locator(".filters button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"q=renovacion"))
    expect(page).to_have_url(re.compile(r"kind=twinning"))
    expect(page.locator(".results > li")).to_have_count(1)
    expect(page.locator(".results")).to_contain_text("Renovación del hermanamiento con París")
    screenshot("searched")

    page.locator(".languages a[hreflang=en]").click()
    expect(page).to_have_url(re.compile(r"/en/cdmx/agreements/\?.*q=renovacion"))
    expect(page).to_have_url(re.compile(r"kind=twinning"))
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("h1")).to_have_text("Agreements")
    expect(page.locator("#id_kind")).to_have_value("twinning")
    expect(page.locator("#id_q")).to_have_value("renovacion paris")
    axe(page)
    screenshot("english")

    page.goto("/en/cdmx/agreements/?sort=title")
    page.locator(".explorer-pagination a", has_text="Next page").click()
    expect(page).to_have_url(re.compile(r"sort=title.*page=2|page=2.*sort=title"))
    expect(page.locator(".results > li")).to_have_count(5)
    expect(page.locator(".explorer-pagination a[aria-current=page]")).to_have_text(re.compile("2"))
    axe(page)
    screenshot("page-2")


@pytest.mark.parametrize(
    ("address", "heading", "choose"),
    [
        ("/cdmx/activities/", "Actividades", ("#id_kind", "incoming_visit")),
        ("/cdmx/projects/", None, ("#id_status", "4")),
        ("/cdmx/networks/", None, ("#id_year_from", "2005")),
        ("/cdmx/awards/", None, ("#id_result", "won")),
    ],
    ids=["activities", "projects", "networks", "awards"],
)
def test_each_explorer_filters_and_passes_axe(
    page, records, axe, screenshot, address, heading, choose
):
    page.goto(address)
    if heading:
        expect(page.locator("h1")).to_have_text(heading)
    expect(page.locator(".results > li").first).to_be_visible()
    axe(page)
    name = address.strip("/").split("/")[-1]
    screenshot(f"{name}")
    page.select_option(*choose)
    page.locator(".filters button[type=submit]").click()
    expect(page).to_have_url(re.compile(rf"{choose[0][4:]}={choose[1]}"))
    expect(page.locator(".results > li")).to_have_count(1)
    axe(page)
    page.locator(".languages a[hreflang=en]").click()
    expect(page).to_have_url(re.compile(rf"/en{address}\?{choose[0][4:]}={choose[1]}"))
    expect(page.locator(".results > li")).to_have_count(1)
    axe(page)
    screenshot(f"{name}-filtered-en")


@pytest.mark.parametrize("kind", ["agreement", "activity", "project", "network", "award", "plan"])
def test_each_detail_page_passes_axe(page, records, axe, screenshot, kind):
    paths = {
        "agreement": "agreements",
        "activity": "activities",
        "project": "projects",
        "network": "networks",
        "award": "awards",
        "plan": "strategy",
    }
    record = records[kind]
    page.goto(f"/cdmx/{paths[kind]}/{record.pk}/")
    expect(page.locator("h1")).to_have_count(1)
    expect(page.locator(".breadcrumbs [aria-current=page]")).to_be_visible()
    axe(page)
    screenshot("es")
    page.locator(".languages a[hreflang=en]").click()
    expect(page).to_have_url(re.compile(rf"/en/cdmx/{paths[kind]}/{record.pk}/"))
    expect(page.locator("html")).to_have_attribute("lang", "en")
    axe(page)
    screenshot("en")


def test_agreement_page_links_to_its_renewal_and_activity(page, records):
    page.goto(f"/en/cdmx/agreements/{records['agreement'].pk}/")
    expect(page.locator("h1")).to_have_text("Twinning with Paris")
    expect(page.locator(".renewals")).to_contain_text("Renovación del hermanamiento con París")
    page.locator("a", has_text="Official trip to Paris").click()
    expect(page.locator("h1")).to_have_text("Official trip to Paris")
    expect(page.locator("main")).to_contain_text("Tanya Müller")
    page.locator("a", has_text="Twinning with Paris").click()
    expect(page.locator("h1")).to_have_text("Twinning with Paris")
