"""The record explorers and detail pages of the public portal."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from ciudadglobal.activities.models import ActivityKind
from ciudadglobal.agreements.models import AgreementKind
from ciudadglobal.awards.models import AwardResult
from ciudadglobal.portal.selectors import public
from ciudadglobal.projects.models import ProjectStatus
from ciudadglobal.strategy.models import PlanElementKind
from ciudadglobal.taxonomy.models import SdgTarget
from tests import factories as f
from tests.datasets.conftest import cdmx  # noqa: F401

# --- Data ------------------------------------------------------------------------------------


INTERNAL = "internal"
LISTS = ["agreement-list", "activity-list", "project-list", "network-list", "award-list"]


def url(name, government="cdmx", language="es", query="", **kwargs):
    with translation.override(language):
        address = reverse(f"portal:{name}", kwargs={"government": government, **kwargs})
    return f"{address}?{query}" if query else address


def shown(response) -> list:
    """The records on the page of results, in order."""
    return list(response.context["page_obj"].object_list)


def options(response, name) -> dict:
    """The options of a filter control: value → label (without the empty choice)."""
    fields = response.context["filterset"].form.fields
    return {str(value): str(label) for value, label in fields[name].choices if value != ""}


@pytest.fixture
def paris(government):
    return f.CityFactory(name="París", name_en="Paris", country="FR")


@pytest.fixture
def tokyo():
    return f.CityFactory(name="Tokio", name_en="Tokyo", country="JP")


@pytest.fixture
def paris_government(government, paris):
    return f.ActorFactory(
        home_government=government,
        visibility="public",
        name="Ciudad de París",
        name_en="City of Paris",
        place=paris,
    )


@pytest.fixture
def tokyo_government(government, tokyo):
    return f.ActorFactory(
        home_government=government,
        visibility="public",
        name="Gobierno Metropolitano de Tokio",
        place=tokyo,
    )


@pytest.fixture
def public_of_each(government, paris_government, tokyo_government, paris):
    """One public record of each kind, linked to one another."""
    theme = f.ThemeFactory(home_government=government, name="Medio ambiente", name_en="Environment")
    department = f.DepartmentFactory(
        home_government=government, name="Secretaría del Medio Ambiente", visibility="public"
    )
    target = SdgTarget.objects.get(code="11.6")
    agreement = f.AgreementFactory(
        home_government=government,
        visibility="public",
        kind=AgreementKind.TWINNING,
        title="Hermanamiento con París",
        title_en="Twinning with Paris",
        signed="2014-05-12",
        department=department,
    )
    agreement.themes.add(theme)
    agreement.sdg_targets.add(target)
    f.AgreementPartyFactory(agreement=agreement, actor=paris_government)
    activity = f.ActivityFactory(
        home_government=government,
        visibility="public",
        kind=ActivityKind.OFFICIAL_TRIP,
        title="Gira a París",
        title_en="Official trip to Paris",
        start="2015-03",
        attendance=120,
    )
    activity.places.add(paris)
    activity.counterparts.add(paris_government)
    activity.agreements.add(agreement)
    activity.themes.add(theme)
    activity.departments.add(department)
    f.ActivityParticipantFactory(activity=activity, name="Ana Pérez", title="Secretaria")
    project = f.ProjectFactory(
        home_government=government,
        visibility="public",
        title="Proyecto de agua con Tokio",
        title_en="Water project with Tokyo",
        status=ProjectStatus.CLOSED,
    )
    project.agreements.add(agreement)
    f.ProjectParticipantFactory(project=project, actor=tokyo_government, role="4")
    f.FundingFactory(project=project, funder=tokyo_government, amount="1000.00", currency="JPY")
    network = f.NetworkFactory(home_government=government, name="Red de ciudades C40")
    network.themes.add(theme)
    membership = f.NetworkMembershipFactory(
        home_government=government, network=network, visibility="public", joined="2005"
    )
    f.NetworkPositionFactory(membership=membership, title="Vicepresidencia para América Latina")
    award = f.AwardFactory(
        home_government=government,
        visibility="public",
        name="Premio de Ciudades Sostenibles",
        name_en="Sustainable Cities Award",
        awarding_body=tokyo_government,
        result=AwardResult.WON,
        date="2016",
    )
    plan = f.PlanFactory(home_government=government, visibility="public", name="Programa especial")
    return {
        "agreement": agreement,
        "activity": activity,
        "project": project,
        "network": membership,
        "award": award,
        "plan": plan,
        "theme": theme,
        "department": department,
    }


@pytest.fixture
def hidden_of_each(government, other_government):
    """For each kind: an internal record of the same government and a public one of another."""
    hidden = {}
    for owner, visibility, label in (
        (government, INTERNAL, "Interno"),
        (other_government, "public", "Ajeno"),
    ):
        agreement = f.AgreementFactory(
            home_government=owner, visibility=visibility, title=f"{label} convenio secreto"
        )
        activity = f.ActivityFactory(
            home_government=owner, visibility=visibility, title=f"{label} gira secreta"
        )
        project = f.ProjectFactory(
            home_government=owner, visibility=visibility, title=f"{label} proyecto secreto"
        )
        network = f.NetworkFactory(home_government=owner, name=f"{label} red secreta")
        membership = f.NetworkMembershipFactory(
            home_government=owner, network=network, visibility=visibility
        )
        award = f.AwardFactory(
            home_government=owner, visibility=visibility, name=f"{label} premio secreto"
        )
        plan = f.PlanFactory(home_government=owner, visibility=visibility, name=f"{label} plan")
        hidden[label] = {
            "agreement": agreement,
            "activity": activity,
            "project": project,
            "network": membership,
            "award": award,
            "plan": plan,
        }
    return hidden


DETAILS = {
    "agreement": "agreement-detail",
    "activity": "activity-detail",
    "project": "project-detail",
    "network": "network-detail",
    "award": "award-detail",
    "plan": "plan-detail",
}
LIST_OF = {
    "agreement": "agreement-list",
    "activity": "activity-list",
    "project": "project-list",
    "network": "network-list",
    "award": "award-list",
}


# --- Rendering in both languages -------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "heading", "title"),
    [
        ("es", "Acuerdos", "Hermanamiento con París"),
        ("en", "Agreements", "Twinning with Paris"),
    ],
)
def test_agreement_list_renders_in_both_languages(client, public_of_each, language, heading, title):
    response = client.get(url("agreement-list", language=language))
    assert response.status_code == 200
    content = response.content.decode()
    assert f'<html lang="{language}">' in content
    assert title in content
    assert content.count("<h1") == 1


@pytest.mark.parametrize("name", LISTS)
@pytest.mark.parametrize("language", ["es", "en"])
def test_every_explorer_renders(client, public_of_each, name, language):
    response = client.get(url(name, language=language))
    assert response.status_code == 200
    assert len(shown(response)) == 1
    content = response.content.decode()
    assert content.count("<h1") == 1
    assert 'role="search"' in content
    for field in response.context["filterset"].form:
        assert f'<label for="{field.id_for_label}">' in content


@pytest.mark.parametrize("kind", list(DETAILS))
@pytest.mark.parametrize("language", ["es", "en"])
def test_every_detail_page_renders(client, public_of_each, kind, language):
    record = public_of_each[kind]
    response = client.get(url(DETAILS[kind], language=language, pk=record.pk))
    assert response.status_code == 200
    content = response.content.decode()
    assert content.count("<h1") == 1
    assert f'<html lang="{language}">' in content


def test_english_titles_in_english(client, public_of_each):
    english = client.get(url("activity-detail", language="en", pk=public_of_each["activity"].pk))
    spanish = client.get(url("activity-detail", pk=public_of_each["activity"].pk))
    assert "<h1>Official trip to Paris</h1>" in english.content.decode()
    assert "<h1>Gira a París</h1>" in spanish.content.decode()


def test_language_links_keep_the_filters(client, public_of_each):
    response = client.get(url("agreement-list", query="kind=twinning&sort=oldest&q=par%C3%ADs"))
    content = response.content.decode()
    english = re.search(r'href="(/en/cdmx/agreements/\?[^"]*)" hreflang="en"', content)
    assert english, "no English link"
    query = parse_qs(urlsplit(english.group(1).replace("&amp;", "&")).query)
    assert query == {"kind": ["twinning"], "sort": ["oldest"], "q": ["parís"]}


# --- Visibility ------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", list(LIST_OF))
def test_internal_and_foreign_records_are_in_no_list_count_or_search(
    client, public_of_each, hidden_of_each, kind
):
    for query in ("", "q=secreto", "q=secreta", "q=plan", "year_from=2000"):
        response = client.get(url(LIST_OF[kind], query=query))
        records = shown(response)
        assert all(r.home_government.slug == "cdmx" for r in records)
        assert all(r.visibility == "public" for r in records)
        assert response.context["page_obj"].paginator.count == len(records)
        content = response.content.decode()
        assert "Interno" not in content and "Ajeno" not in content


@pytest.mark.parametrize("kind", list(DETAILS))
@pytest.mark.parametrize("label", ["Interno", "Ajeno"])
def test_detail_of_internal_or_foreign_record_is_404(client, hidden_of_each, kind, label):
    record = hidden_of_each[label][kind]
    assert client.get(url(DETAILS[kind], pk=record.pk)).status_code == 404
    assert client.get(url(DETAILS[kind], language="en", pk=record.pk)).status_code == 404


def test_record_of_another_government_is_404_even_under_its_own_id(
    client, public_of_each, other_government
):
    agreement = public_of_each["agreement"]
    assert client.get(
        url("agreement-detail", government="bogota", pk=agreement.pk)
    ).status_code == (404)
    assert client.get(
        url("agreement-detail", government="nowhere", pk=agreement.pk)
    ).status_code == (404)


def test_facets_count_only_public_records_of_the_government(
    client, government, other_government, public_of_each
):
    secret_theme = f.ThemeFactory(home_government=government, name="Tema secreto")
    internal = f.AgreementFactory(
        home_government=government, visibility=INTERNAL, kind=AgreementKind.FRIENDSHIP
    )
    internal.themes.add(secret_theme)
    brazil = f.CityFactory(country="BR")
    internal.parties.create(
        actor=f.ActorFactory(home_government=government, visibility="public", place=brazil)
    )
    f.AgreementFactory(home_government=other_government, visibility="public", signed="1990")
    response = client.get(url("agreement-list"))
    assert options(response, "kind") == {"twinning": "Acuerdo de hermanamiento (1)"}
    assert options(response, "theme") == {str(public_of_each["theme"].pk): "Medio ambiente (1)"}
    assert options(response, "country") == {"FR": "Francia (1)"}
    assert options(response, "region") == {"europe": "Europa (1)"}
    assert options(response, "year_from") == {"2014": "2014"}
    assert options(response, "status") == {"in_force": "Vigente (1)"}
    assert list(options(response, "sdg")) == ["11"]


def test_related_records_that_are_not_public_are_not_shown(
    client, government, public_of_each, other_government
):
    agreement = public_of_each["agreement"]
    internal_activity = f.ActivityFactory(
        home_government=government, visibility=INTERNAL, title="Gira interna"
    )
    internal_activity.agreements.add(agreement)
    internal_party = f.ActorFactory(
        home_government=government, visibility=INTERNAL, name="Socio interno"
    )
    f.AgreementPartyFactory(agreement=agreement, actor=internal_party)
    internal_project = f.ProjectFactory(
        home_government=government, visibility=INTERNAL, title="Proyecto interno"
    )
    internal_project.agreements.add(agreement)
    content = client.get(url("agreement-detail", pk=agreement.pk)).content.decode()
    assert "Gira a París" in content
    assert "Proyecto de agua con Tokio" in content
    assert "Gira interna" not in content
    assert "Socio interno" not in content
    assert "Proyecto interno" not in content


def test_internal_plan_elements_are_left_out_with_their_parts(client, government, public_of_each):
    plan = public_of_each["plan"]
    axis = f.PlanElementFactory(
        home_government=government, plan=plan, visibility="public", name="Eje público", order=1
    )
    f.PlanElementFactory(
        home_government=government,
        plan=plan,
        parent=axis,
        visibility="public",
        kind=PlanElementKind.OBJECTIVE,
        name="Objetivo público",
    )
    hidden = f.PlanElementFactory(
        home_government=government, plan=plan, visibility=INTERNAL, name="Eje interno", order=2
    )
    f.PlanElementFactory(
        home_government=government,
        plan=plan,
        parent=hidden,
        visibility="public",
        name="Hijo de un eje interno",
    )
    response = client.get(url("plan-detail", pk=plan.pk))
    content = response.content.decode()
    tree = response.context["elements"]
    assert [node.element.name for node in tree] == ["Eje público"]
    assert [node.element.name for node in tree[0].children] == ["Objetivo público"]
    assert content.count('<ul class="plan-elements">') == 2  # nested
    assert "interno" not in content


# --- Filters ---------------------------------------------------------------------------------


def names(response) -> list[str]:
    return [
        getattr(record, "title", None) or getattr(record, "name", None) or str(record)
        for record in shown(response)
    ]


@pytest.fixture
def agreements(government, paris_government, tokyo_government):
    """Agreements dated with every precision, and one without a date."""
    theme = f.ThemeFactory(home_government=government, name="Cultura")
    department = f.DepartmentFactory(home_government=government, visibility="public")
    made = {}
    for title, signed, kind, actor in (
        ("A 2013-12", "2013-12-31", AgreementKind.TWINNING, paris_government),
        ("B 2014", "2014", AgreementKind.FRIENDSHIP, tokyo_government),
        ("C 2014-05", "2014-05", AgreementKind.TWINNING, tokyo_government),
        ("D 2016-12-31", "2016-12-31", AgreementKind.MEMORANDUM, paris_government),
        ("E 2017", "2017", AgreementKind.TWINNING, None),
        ("F sin fecha", None, AgreementKind.TWINNING, None),
    ):
        agreement = f.AgreementFactory(
            home_government=government, visibility="public", title=title, signed=signed, kind=kind
        )
        if actor:
            f.AgreementPartyFactory(agreement=agreement, actor=actor)
        made[title[0]] = agreement
    made["B"].themes.add(theme)
    made["D"].sdg_targets.add(SdgTarget.objects.get(code="11.3"))
    made["C"].department = department
    made["C"].save()
    made["E"].expires = "2017"  # expired since 1 January 2018
    made["E"].save()
    made["theme"], made["department"] = theme, department
    return made


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("year_from=2014", ["E 2017", "D 2016-12-31", "C 2014-05", "B 2014"]),
        ("year_to=2014", ["C 2014-05", "B 2014", "A 2013-12"]),
        ("year_from=2014&year_to=2014", ["C 2014-05", "B 2014"]),
        ("year_from=2015&year_to=2016", ["D 2016-12-31"]),
        ("year_from=2010&year_to=2012", []),  # 2010 valid though absent: filters to nothing
        ("kind=twinning", ["E 2017", "C 2014-05", "A 2013-12", "F sin fecha"]),
        ("kind=letter_of_intent", []),
        ("status=expired", ["E 2017"]),
        ("status=in_force&kind=twinning", ["C 2014-05", "A 2013-12"]),
        ("status=negotiation", ["F sin fecha"]),  # not signed, no step: in negotiation
        ("region=europe", ["D 2016-12-31", "A 2013-12"]),
        ("region=asia", ["C 2014-05", "B 2014"]),
        ("region=africa", []),
        ("country=JP", ["C 2014-05", "B 2014"]),
        ("country=FR&year_from=2014", ["D 2016-12-31"]),
        ("sdg=11", ["D 2016-12-31"]),
        ("sdg=3", []),
    ],
)
def test_agreement_filters(client, agreements, query, expected):
    response = client.get(url("agreement-list", query=query))
    assert response.status_code == 200
    assert names(response) == expected
    assert not response.context["filterset"].form.errors


def test_agreement_filters_by_theme_and_department(client, agreements):
    theme, department = agreements["theme"], agreements["department"]
    assert names(client.get(url("agreement-list", query=f"theme={theme.pk}"))) == ["B 2014"]
    assert names(client.get(url("agreement-list", query=f"department={department.pk}"))) == [
        "C 2014-05"
    ]


def test_a_theme_or_department_of_another_government_is_refused(
    client, agreements, other_government
):
    foreign = f.ThemeFactory(home_government=other_government)
    response = client.get(url("agreement-list", query=f"theme={foreign.pk}"))
    assert "theme" in response.context["filterset"].form.errors
    assert str(foreign.pk) not in options(response, "theme")


def test_invalid_values_are_reported_not_crashing(client, agreements):
    response = client.get(url("agreement-list", query="kind=nope&year_from=abc&country=zz&sdg=99"))
    assert response.status_code == 200
    errors = response.context["filterset"].form.errors
    assert set(errors) == {"kind", "year_from", "country", "sdg"}
    assert len(shown(response)) == 6
    assert 'class="filters__error"' in response.content.decode()


def test_activity_filters(client, government, paris, tokyo, paris_government):
    department = f.DepartmentFactory(home_government=government, visibility="public")
    trip = f.ActivityFactory(
        home_government=government, visibility="public", title="Gira", start="2015"
    )
    trip.places.add(paris)
    trip.departments.add(department)
    visit = f.ActivityFactory(
        home_government=government,
        visibility="public",
        kind=ActivityKind.INCOMING_VISIT,
        title="Visita",
        start="2016-02",
    )
    visit.counterparts.add(paris_government)  # a counterpart from France, at home
    forum = f.ActivityFactory(
        home_government=government,
        visibility="public",
        kind=ActivityKind.FORUM,
        title="Foro",
        start=None,
    )
    forum.places.add(tokyo)

    def found(query):
        return names(client.get(url("activity-list", query=query)))

    assert found("kind=incoming_visit") == ["Visita"]
    assert found("kind=technical_mission") == []
    assert found("country=FR") == ["Visita", "Gira"]
    assert found("region=asia") == ["Foro"]
    assert found(f"department={department.pk}") == ["Gira"]
    assert found("year_to=2015") == ["Gira"]
    assert found("") == ["Visita", "Gira", "Foro"]  # newest first, undated last
    kinds = options(client.get(url("activity-list", language="en")), "kind")
    assert kinds == {
        "official_trip": "Official trip abroad (1)",
        "incoming_visit": "Incoming visit or distinguished guest (1)",
        "forum": "Forum or workshop (1)",
    }


def test_project_filters(client, government, paris, tokyo_government):
    closed = f.ProjectFactory(
        home_government=government,
        visibility="public",
        title="Cerrado",
        status=ProjectStatus.CLOSED,
        start="2011",
    )
    closed.places.add(paris)
    running = f.ProjectFactory(home_government=government, visibility="public", title="En curso")
    f.ProjectParticipantFactory(project=running, actor=tokyo_government)

    def found(query):
        return names(client.get(url("project-list", query=query)))

    assert found("status=4") == ["Cerrado"]
    assert found("status=2") == ["En curso"]
    assert found("country=JP") == ["En curso"]
    assert found("region=europe") == ["Cerrado"]
    assert found("year_from=2012") == ["En curso"]


def test_network_filters(client, government):
    culture = f.ThemeFactory(home_government=government, name="Cultura")
    c40 = f.NetworkFactory(home_government=government, name="C40")
    c40.themes.add(culture)
    f.NetworkMembershipFactory(
        home_government=government, network=c40, visibility="public", joined="2005"
    )
    f.NetworkMembershipFactory(
        home_government=government,
        network=f.NetworkFactory(home_government=government, name="Metropolis"),
        visibility="public",
        joined="2012-06",
    )
    response = client.get(url("network-list"))
    assert set(response.context["filterset"].form.fields) == {
        "q",
        "theme",
        "year_from",
        "year_to",
    }  # no department of any public membership: no control
    assert [str(m) for m in shown(response)] == ["Metropolis", "C40"]
    assert [str(m) for m in shown(client.get(url("network-list", query="sort=name")))] == [
        "C40",
        "Metropolis",
    ]
    by_theme = client.get(url("network-list", query=f"theme={culture.pk}"))
    assert [str(m) for m in shown(by_theme)] == ["C40"]
    assert [str(m) for m in shown(client.get(url("network-list", query="year_to=2010")))] == ["C40"]


def test_award_filters(client, government, paris_government, tokyo_government):
    f.AwardFactory(
        home_government=government,
        visibility="public",
        name="Ganado",
        result=AwardResult.WON,
        awarding_body=paris_government,
    )
    f.AwardFactory(
        home_government=government,
        visibility="public",
        name="Finalista",
        result=AwardResult.FINALIST,
        awarding_body=tokyo_government,
        date="2018",
    )

    def found(query):
        return names(client.get(url("award-list", query=query)))

    assert found("result=won") == ["Ganado"]
    assert found("result=mention") == []
    assert found("country=JP") == ["Finalista"]
    assert found("region=europe") == ["Ganado"]
    assert found("sort=name") == ["Finalista", "Ganado"]


@pytest.mark.parametrize("kind", list(LIST_OF))
def test_theme_sdg_and_department_filters_of_every_explorer(client, government, kind):
    theme = f.ThemeFactory(home_government=government)
    department = f.DepartmentFactory(home_government=government, visibility="public")
    target = SdgTarget.objects.get(code="4.7")

    def make(tagged: bool):
        if kind == "network":
            network = f.NetworkFactory(home_government=government)
            record = f.NetworkMembershipFactory(
                home_government=government, network=network, visibility="public"
            )
            if tagged:
                network.themes.add(theme)
                record.department = department
                record.save()
            return record
        factory = {
            "agreement": f.AgreementFactory,
            "activity": f.ActivityFactory,
            "project": f.ProjectFactory,
            "award": f.AwardFactory,
        }[kind]
        record = factory(home_government=government, visibility="public")
        if tagged:
            record.themes.add(theme)
            record.sdg_targets.add(target)
            if hasattr(record, "departments"):
                record.departments.add(department)
            else:
                record.department = department
                record.save()
        return record

    tagged, _untagged = make(True), make(False)
    queries = [f"theme={theme.pk}", f"department={department.pk}"]
    if kind != "network":
        queries.append("sdg=4")
    for query in queries:
        response = client.get(url(LIST_OF[kind], query=query))
        assert shown(response) == [tagged], query
    assert len(shown(client.get(url(LIST_OF[kind])))) == 2


def test_active_filters_link_to_the_view_without_them(client, agreements):
    query = "kind=twinning&country=FR&page=1"
    response = client.get(url("agreement-list", language="en", query=query))
    active = {link.label: link.url for link in response.context["active_filters"]}
    assert active == {
        "Kind: Twinning agreement": "?country=FR",
        "Country: France": "?kind=twinning",
    }


# --- Sorting and pagination ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("", ["E 2017", "D 2016-12-31", "C 2014-05", "B 2014", "A 2013-12", "F sin fecha"]),
        ("newest", ["E 2017", "D 2016-12-31", "C 2014-05", "B 2014", "A 2013-12", "F sin fecha"]),
        ("oldest", ["A 2013-12", "B 2014", "C 2014-05", "D 2016-12-31", "E 2017", "F sin fecha"]),
        ("title", ["A 2013-12", "B 2014", "C 2014-05", "D 2016-12-31", "E 2017", "F sin fecha"]),
        ("bogus", ["E 2017", "D 2016-12-31", "C 2014-05", "B 2014", "A 2013-12", "F sin fecha"]),
    ],
)
def test_agreement_sorting(client, agreements, sort, expected):
    response = client.get(url("agreement-list", query=f"sort={sort}" if sort else ""))
    assert names(response) == expected


def test_current_sort_is_marked_and_kept_by_the_form(client, agreements):
    content = client.get(url("agreement-list", query="kind=twinning&sort=oldest")).content.decode()
    current = re.findall(r'<a href="([^"]+)" aria-current="true">', content)
    assert len(current) == 1
    assert parse_qs(urlsplit(current[0].replace("&amp;", "&")).query) == {
        "kind": ["twinning"],
        "sort": ["oldest"],
    }
    english = client.get(url("agreement-list", language="en", query="sort=oldest"))
    assert "sorted by oldest first." in english.content.decode()
    assert '<input type="hidden" name="sort" value="oldest">' in content


def test_english_title_sort_uses_english_titles(client, government):
    f.AgreementFactory(home_government=government, visibility="public", title="Zeta", title_en="A")
    f.AgreementFactory(home_government=government, visibility="public", title="Beta")
    assert names(client.get(url("agreement-list", query="sort=title"))) == ["Beta", "Zeta"]
    assert names(client.get(url("agreement-list", language="en", query="sort=title"))) == [
        "Zeta",
        "Beta",
    ]


def test_pagination_keeps_the_other_parameters(client, government):
    for number in range(30):
        f.AgreementFactory(
            home_government=government,
            visibility="public",
            title=f"Convenio {number:02d}",
            kind=AgreementKind.TWINNING,
        )
    f.AgreementFactory(home_government=government, visibility="public", kind="memorandum")
    first = client.get(url("agreement-list", query="kind=twinning&sort=title"))
    assert len(shown(first)) == 25
    assert first.context["page_obj"].paginator.count == 30
    content = first.content.decode()
    pages = re.findall(r'href="(\?[^"]*page=2[^"]*)"', content)
    assert pages
    assert all(
        parse_qs(p.replace("&amp;", "&")[1:])
        == {"kind": ["twinning"], "sort": ["title"], "page": ["2"]}
        for p in pages
    )
    assert 'aria-current="page"><span class="visually-hidden">' in content
    second = client.get(url("agreement-list", query="kind=twinning&sort=title&page=2"))
    assert names(second) == [f"Convenio {n}" for n in range(25, 30)]
    assert client.get(url("agreement-list", query="page=99")).status_code == 200
    assert client.get(url("agreement-list", query="page=x")).status_code == 200


# --- Detail pages ----------------------------------------------------------------------------


def test_agreement_detail_shows_its_facts(client, government, public_of_each, paris_government):
    agreement = public_of_each["agreement"]
    f.CommitmentFactory(
        agreement=agreement,
        description="Intercambio de expertos",
        department=public_of_each["department"],
        status="in_progress",
    )
    content = client.get(url("agreement-detail", pk=agreement.pk, language="en")).content.decode()
    assert '<time datetime="2014-05-12">May 12, 2014</time>' in content
    assert "Twinning agreement" in content
    assert ">In force<" in content
    partner = reverse(
        "portal:partner-detail", kwargs={"government": "cdmx", "pk": paris_government.pk}
    )
    assert f'href="/en{partner.removeprefix("/en")}"' in content or partner in content
    assert "Intercambio de expertos" in content and "In progress" in content
    assert "11.6" in content
    assert "Environment" in content
    assert "Official trip to Paris" in content and "Water project with Tokyo" in content


def test_renewal_chain_both_ways(client, government):
    first = f.AgreementFactory(home_government=government, visibility="public", title="Moscú 2014")
    second = f.AgreementFactory(
        home_government=government,
        visibility="public",
        title="Moscú 2016",
        signed="2016",
        renews=first,
        renewal_kind="renewal",
    )
    third = f.AgreementFactory(
        home_government=government,
        visibility="public",
        title="Moscú 2018",
        signed="2018",
        renews=second,
        renewal_kind="replacement",
    )
    for record in (first, second, third):
        response = client.get(url("agreement-detail", pk=record.pk))
        assert [a.title for a in response.context["renewals"]] == [
            "Moscú 2014",
            "Moscú 2016",
            "Moscú 2018",
        ]
    lonely = f.AgreementFactory(home_government=government, visibility="public")
    assert client.get(url("agreement-detail", pk=lonely.pk)).context["renewals"] == []


def test_renewal_chain_skips_internal_agreements(client, government):
    first = f.AgreementFactory(home_government=government, visibility="public", title="Uno")
    f.AgreementFactory(
        home_government=government,
        visibility=INTERNAL,
        title="Dos interno",
        signed="2016",
        renews=first,
        renewal_kind="renewal",
    )
    response = client.get(url("agreement-detail", pk=first.pk))
    assert response.context["renewals"] == []
    assert "Dos interno" not in response.content.decode()


def test_activity_detail_shows_participants_as_recorded(client, public_of_each):
    content = client.get(url("activity-detail", pk=public_of_each["activity"].pk)).content.decode()
    assert "Ana Pérez" in content and "Secretaria" in content
    assert "female" not in content and "Mujer" not in content  # gender is not shown
    assert "120" in content  # attendance
    assert "Hermanamiento con París" in content


def test_project_detail_shows_status_funding_and_participants(client, public_of_each):
    content = client.get(
        url("project-detail", pk=public_of_each["project"].pk, language="en")
    ).content.decode()
    assert "Closed" in content and "IATI activity status 4" in content
    assert "Implementing" in content and "Gobierno Metropolitano de Tokio" in content
    assert "1,000.00" in content and "JPY" in content


def test_network_detail_shows_positions(client, public_of_each):
    content = client.get(url("network-detail", pk=public_of_each["network"].pk)).content.decode()
    assert "Vicepresidencia para América Latina" in content
    assert '<time datetime="2016">2016</time> – <time datetime="2018">2018</time>' in content
    assert '<time datetime="2005">2005</time>' in content


def test_award_detail(client, public_of_each):
    content = client.get(
        url("award-detail", pk=public_of_each["award"].pk, language="en")
    ).content.decode()
    assert "Sustainable Cities Award" in content and "Won" in content
    assert "Gobierno Metropolitano de Tokio" in content


def test_source_with_line_and_page(client, government):
    source = f.SourceFactory(home_government=government, title="CDMX Global")
    award = f.AwardFactory(
        home_government=government,
        visibility="public",
        source=source,
        source_line=5038,
        source_page="112",
    )
    content = client.get(url("award-detail", pk=award.pk, language="en")).content.decode()
    assert "<cite>CDMX Global</cite>" in content
    assert "page 112" in content and "line 5038" in content


# --- Queries ---------------------------------------------------------------------------------


def _populate(government, count, paris, paris_government, theme, department):
    target = SdgTarget.objects.get(code="11.6")
    for n in range(count):
        agreement = f.AgreementFactory(home_government=government, visibility="public")
        agreement.themes.add(theme)
        agreement.sdg_targets.add(target)
        f.AgreementPartyFactory(agreement=agreement, actor=paris_government)
        activity = f.ActivityFactory(home_government=government, visibility="public")
        activity.places.add(paris)
        activity.counterparts.add(paris_government)
        activity.departments.add(department)
        activity.themes.add(theme)
        project = f.ProjectFactory(home_government=government, visibility="public")
        project.places.add(paris)
        f.ProjectParticipantFactory(project=project, actor=paris_government)
        membership = f.NetworkMembershipFactory(
            home_government=government, visibility="public", joined=f"{2000 + n}"
        )
        f.NetworkPositionFactory(membership=membership)
        f.AwardFactory(
            home_government=government, visibility="public", awarding_body=paris_government
        )


def _queries(client, address) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(address)
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize("name", LISTS)
@pytest.mark.parametrize("query", ["", "q=convenio&country=FR&theme=1&sort=oldest"])
def test_list_queries_do_not_grow_with_records(
    client, government, paris, paris_government, name, query
):
    theme = f.ThemeFactory(home_government=government)
    department = f.DepartmentFactory(home_government=government, visibility="public")
    _populate(government, 1, paris, paris_government, theme, department)
    few = _queries(client, url(name, query=query))
    _populate(government, 10, paris, paris_government, theme, department)
    many = _queries(client, url(name, query=query))
    assert few == many <= 16


@pytest.mark.parametrize("kind", list(DETAILS))
def test_detail_queries_do_not_grow_with_related_rows(
    client, government, public_of_each, paris, paris_government, kind
):
    record = public_of_each[kind]
    latest = f.AgreementFactory(  # a renewal chain of two
        home_government=government,
        visibility="public",
        signed="2015",
        renews=public_of_each["agreement"],
        renewal_kind="renewal",
    )
    # One part of the plan already: a page prefetches a part's links only when it has parts.
    f.PlanElementFactory(
        home_government=government, plan=public_of_each["plan"], visibility="public"
    )
    few = _queries(client, url(DETAILS[kind], pk=record.pk))
    agreement, activity, project = (
        public_of_each["agreement"],
        public_of_each["activity"],
        public_of_each["project"],
    )
    for _n in range(10):
        actor = f.ActorFactory(home_government=government)
        f.AgreementPartyFactory(agreement=agreement, actor=actor)
        f.CommitmentFactory(agreement=agreement)
        activity.counterparts.add(actor)
        activity.places.add(f.CityFactory())
        f.ActivityParticipantFactory(activity=activity)
        extra = f.ActivityFactory(home_government=government, visibility="public")
        extra.agreements.add(agreement)
        extra.projects.add(project)
        extra.networks.add(public_of_each["network"].network)
        f.ProjectParticipantFactory(project=project, actor=actor)
        f.FundingFactory(project=project, funder=actor)
        f.NetworkPositionFactory(membership=public_of_each["network"])
        public_of_each["award"].themes.add(f.ThemeFactory(home_government=government))
        f.PlanElementFactory(
            home_government=government, plan=public_of_each["plan"], visibility="public"
        )
        latest = f.AgreementFactory(
            home_government=government,
            visibility="public",
            signed="2015",
            renews=latest,
            renewal_kind="renewal",
        )
    many = _queries(client, url(DETAILS[kind], pk=record.pk))
    assert few == many <= 14


def test_empty_parameters_redirect_to_a_clean_address(client, agreements):
    response = client.get(url("agreement-list", query="q=&kind=twinning&region=&sort=oldest"))
    assert response.status_code == 302
    assert response["Location"] == url("agreement-list", query="kind=twinning&sort=oldest")
    response = client.get(url("agreement-list", language="en", query="q=&region="))
    assert response["Location"] == url("agreement-list", language="en")


# --- Mexico City's data (keep last: the module-scoped dataset stays loaded until the end) ----


@pytest.mark.parametrize(
    "name, value",
    [
        ("kind", "official_trip"),  # in the public data
        ("kind", "technical_mission"),  # valid, absent
        ("kind", "nonsense"),
        ("country", "FR"),
        ("country", "JP"),
        ("country", "fr"),
        ("region", "europe"),
        ("region", "atlantis"),
        ("year_from", "2015"),
        ("year_from", "1999"),
        ("year_to", "0000"),
        ("sdg", "11"),
        ("sdg", "3"),
        ("sdg", "18"),
        ("theme", "theme"),
        ("theme", "999999"),
        ("department", "department"),
        ("department", "abc"),
    ],
)
def test_without_facets_a_filter_accepts_and_refuses_what_it_does_with_them(
    public_of_each, government, name, value
):
    """The API filters without counting the facets (``facets=False``): the same values valid,
    the same records kept."""
    from ciudadglobal.activities.models import Activity
    from ciudadglobal.portal.filters import ActivityFilter

    if value in public_of_each:
        value = str(public_of_each[value].pk)
    queryset = public(Activity, government)
    counted = ActivityFilter({name: value}, queryset, government=government)
    uncounted = ActivityFilter({name: value}, queryset, government=government, facets=False)

    def accepted(filterset) -> bool:  # the API refuses a filter dropped or invalid
        return name in filterset.filters and filterset.is_valid()

    assert accepted(uncounted) == accepted(counted)
    if accepted(counted):
        assert list(uncounted.qs) == list(counted.qs)
    with CaptureQueriesContext(connection) as queries:
        ActivityFilter({}, queryset, government=government, facets=False)
    assert len(queries) == 0


@pytest.mark.parametrize("language", ["es", "en"])
def test_mexico_city_explorers_and_details(client, db, cdmx, language):  # noqa: F811
    for name, model in (
        ("agreement-list", "agreements.Agreement"),
        ("activity-list", "activities.Activity"),
        ("project-list", "projects.Project"),
        ("network-list", "networks.NetworkMembership"),
        ("award-list", "awards.Award"),
    ):
        records = public(apps.get_model(model), cdmx)
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url(name, language=language))
        assert response.status_code == 200
        assert response.context["page_obj"].paginator.count == records.count() > 0
        assert len(captured) <= 16, name
        detail = name.replace("-list", "-detail")
        for record in records.order_by("pk")[:5]:
            with CaptureQueriesContext(connection) as captured:
                response = client.get(url(detail, language=language, pk=record.pk))
            assert response.status_code == 200, (detail, record.pk)
            assert len(captured) <= 14, (detail, record.pk)
    moscow = client.get(url("agreement-list", language=language, query="q=moscu"))
    assert moscow.context["page_obj"].paginator.count == 2
