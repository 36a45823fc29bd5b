"""The partner list and partner pages of the public portal (``views/partners.py``)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.models import Q
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from django.utils.translation import gettext as _

from ciudadglobal.activities.models import Activity
from ciudadglobal.actors.models import Actor, ActorKind
from ciudadglobal.agreements.models import Agreement, AgreementKind
from ciudadglobal.networks.models import NetworkMembership
from ciudadglobal.portal.links import portal_url
from ciudadglobal.portal.relations import relations
from ciudadglobal.projects.models import Project
from tests import factories as f
from tests.datasets.conftest import cdmx  # noqa: F401

PUBLIC = "public"


def partner_list_url(government, query: str = "") -> str:
    """The Spanish (unprefixed) address, whatever language the last request left active."""
    with translation.override("es"):
        return portal_url("partner-list", government.slug) + query


def partner_url(government, actor) -> str:
    with translation.override("es"):
        return portal_url("partner-detail", government.slug, pk=actor.pk)


def party(agreement, actor):
    f.AgreementPartyFactory(agreement=agreement, actor=actor)
    return agreement


@pytest.fixture
def world(government, other_government):
    """Mexico City and its partners, with records the public must never see."""
    paris_place = f.CityFactory(name="París", name_en="Paris", country="FR")
    tokyo_place = f.CityFactory(
        name="Tokio", name_en="Tokyo", country="JP", latitude="35.68", longitude="139.69"
    )
    culture = f.ThemeFactory(home_government=government, name="Cultura", name_en="Culture")
    paris = f.ActorFactory(
        home_government=government,
        name="París",
        name_en="Paris",
        place=paris_place,
        visibility=PUBLIC,
    )
    paris_water = f.ActorFactory(
        home_government=government,
        name="Aguas de París",
        place=paris_place,
        parent=paris,
        visibility=PUBLIC,
    )
    tokyo = f.ActorFactory(
        home_government=government,
        name="Tokio",
        name_en="Tokyo",
        place=tokyo_place,
        visibility=PUBLIC,
    )
    unesco = f.ActorFactory(
        home_government=government,
        kind=ActorKind.INTERNATIONAL_ORGANIZATION,
        name="Organización de las Naciones Unidas para la Educación, la Ciencia y la Cultura",
        acronym="UNESCO",
        place=None,
        country="",
        visibility=PUBLIC,
    )
    c40 = f.NetworkFactory(
        home_government=government, name="Grupo C40", acronym="C40", visibility=PUBLIC
    )
    # Named only in internal records: never a partner.
    berlin = f.ActorFactory(
        home_government=government,
        name="Berlín",
        place=f.CityFactory(name="Berlín", country="DE"),
        visibility=PUBLIC,
    )
    # An internal actor in a public record: never shown either.
    secret = f.ActorFactory(home_government=government, name="Contacto reservado")
    department = f.DepartmentFactory(home_government=government, visibility=PUBLIC)
    # Another government's public partner.
    lima = f.ActorFactory(
        home_government=other_government,
        name="Lima",
        place=f.CityFactory(name="Lima", country="PE"),
        visibility=PUBLIC,
    )

    friendship = party(
        f.AgreementFactory(
            home_government=government,
            kind=AgreementKind.FRIENDSHIP,
            title="Acuerdo de amistad Ciudad de México–París",
            title_en="Friendship agreement Mexico City–Paris",
            signed="1999",
            visibility=PUBLIC,
        ),
        paris,
    )
    party(friendship, department)
    party(friendship, secret)
    cooperation = party(
        f.AgreementFactory(
            home_government=government,
            title="Convenio con París",
            signed="2014-03",
            visibility=PUBLIC,
        ),
        paris,
    )
    cooperation.themes.add(culture)
    party(
        f.AgreementFactory(home_government=government, title="Convenio interno", signed="2016"),
        paris,
    )
    party(
        f.AgreementFactory(home_government=government, title="Convenio con Berlín", signed="2017"),
        berlin,
    )
    party(
        f.AgreementFactory(
            home_government=government, title="Convenio con Tokio", signed="2016", visibility=PUBLIC
        ),
        tokyo,
    )
    party(
        f.AgreementFactory(
            home_government=other_government, title="Convenio con Lima", visibility=PUBLIC
        ),
        lima,
    )
    trip = f.ActivityFactory(
        home_government=government,
        title="Gira a París",
        title_en="Trip to Paris",
        start="2015-06",
        visibility=PUBLIC,
    )
    trip.places.add(paris_place)
    summit = f.ActivityFactory(
        home_government=government, title="Cumbre sin fecha", start=None, visibility=PUBLIC
    )
    summit.counterparts.add(paris, unesco)
    water = f.ActivityFactory(
        home_government=government, title="Misión de agua", start="2018", visibility=PUBLIC
    )
    water.counterparts.add(paris_water)
    water.places.add(paris_place)
    fund = f.ProjectFactory(
        home_government=government,
        title="Fondo franco-mexicano",
        start="2014",
        end="2016",
        visibility=PUBLIC,
    )
    f.ProjectParticipantFactory(project=fund, actor=paris)
    f.NetworkMembershipFactory(
        home_government=government, network=c40, joined="2005", visibility=PUBLIC
    )
    return {
        "paris": paris,
        "paris_water": paris_water,
        "tokyo": tokyo,
        "unesco": unesco,
        "c40": c40,
        "berlin": berlin,
        "secret": secret,
        "department": department,
        "lima": lima,
        "culture": culture,
    }


def independent_count(government, actor) -> int:
    """Public records naming ``actor`` or, for a city government that is no body of another,
    held in its city — counted with the ORM, without ``relations()``."""
    public = {"home_government": government, "visibility": PUBLIC}
    governs = actor.kind == ActorKind.FOREIGN_LOCAL_GOVERNMENT and actor.parent_id is None
    at_place = Q(places=actor.place) if governs else Q(pk__in=[])
    return (
        Agreement.objects.filter(parties__actor=actor, **public).distinct().count()
        + Activity.objects.filter(Q(counterparts=actor) | Q(networks=actor) | at_place, **public)
        .distinct()
        .count()
        + Project.objects.filter(Q(participants__actor=actor) | at_place, **public)
        .distinct()
        .count()
        + NetworkMembership.objects.filter(network=actor, **public).count()
    )


def rows_of(response):
    return {row.partner.name: row for row in response.context["page"].object_list}


# --- The list -------------------------------------------------------------------------------


def test_lists_the_partners_of_public_relations_with_independent_counts(client, government, world):
    response = client.get(partner_list_url(government))
    assert response.status_code == 200
    rows = rows_of(response)
    assert set(rows) == {
        "París",
        "Aguas de París",
        "Tokio",
        world["unesco"].name,
        "Grupo C40",
    }
    for name, row in rows.items():
        assert row.relations == independent_count(government, row.partner), name
    # Two agreements, the fund, the summit that names it, the trip and the mission held in Paris.
    assert rows["París"].relations == 6
    assert rows["Aguas de París"].relations == 1  # the mission names it; a body governs nothing
    assert (rows["París"].first_year, rows["París"].last_year) == (1999, 2018)
    assert (rows["Grupo C40"].first_year, rows["Grupo C40"].last_year) == (2005, 2005)
    assert rows[world["unesco"].name].first_year is None
    assert response.context["count"] == 5


def test_never_lists_internal_other_government_or_home_actors(client, government, world):
    content = client.get(partner_list_url(government)).content.decode()
    for hidden in ("Berlín", "Contacto reservado", "Lima", world["department"].name):
        assert hidden not in content
    assert "Convenio interno" not in content


def label(row) -> str:
    return row.partner.acronym or row.partner.name


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", {"París", "Aguas de París", "Tokio", "UNESCO", "C40"}),
        ("?kind=foreign_local", {"París", "Aguas de París", "Tokio"}),
        ("?kind=city_network", {"C40"}),
        ("?kind=international_org", {"UNESCO"}),
        ("?country=FR", {"París", "Aguas de París"}),
        ("?region=asia", {"Tokio"}),
        ("?region=africa", set()),
        ("?q=paris", {"París", "Aguas de París"}),  # accents and case ignored
        ("?q=unesco", {"UNESCO"}),  # the acronym
        ("?q=tokyo", {"Tokio"}),  # the English name
        ("?kind=foreign_local&country=JP", {"Tokio"}),
        ("?kind=home_department", {"París", "Aguas de París", "Tokio", "UNESCO", "C40"}),
    ],
)
def test_filters(client, government, world, query, expected):
    response = client.get(partner_list_url(government, query))
    assert response.status_code == 200
    assert {label(row) for row in response.context["page"]} == expected
    if not expected:
        with translation.override("es"):
            assert _("No partner matches these filters.") in response.content.decode()


def test_the_list_counts_what_each_partner_page_shows(client, government, world):
    """The list counts in the database; a partner's page loads its relations: they agree."""
    for query in ("", f"?theme={world['culture'].pk}"):
        theme = world["culture"] if query else None
        for row in client.get(partner_list_url(government, query)).context["page"]:
            shown = relations(government, theme=theme, partner=row.partner)
            assert row.relations == len(shown), row.partner.name
            years = [relation.date.year for relation in shown if relation.date]
            assert row.first_year == min(years, default=None), row.partner.name


def test_theme_filter_counts_only_the_relations_on_that_theme(client, government, world):
    response = client.get(partner_list_url(government, f"?theme={world['culture'].pk}"))
    rows = rows_of(response)
    assert set(rows) == {"París"}
    assert rows["París"].relations == 1


def test_invalid_filters_are_reported_not_applied(client, government, world):
    response = client.get(partner_list_url(government, "?country=ZZ&theme=999999"))
    assert response.status_code == 200
    assert response.context["count"] == 5
    assert set(response.context["form"].errors) == {"country", "theme"}
    assert 'aria-invalid="true"' in response.content.decode()


def test_country_menu_offers_the_partners_countries(client, government, world):
    form = client.get(partner_list_url(government)).context["form"]
    assert [code for code, _name in form.fields["country"].choices] == ["", "FR", "JP"]


def test_sorting(client, government, world):
    by_count = client.get(partner_list_url(government))
    assert [row.partner.name for row in by_count.context["page"]][:1] == ["París"]
    assert 'aria-sort="descending"' in by_count.content.decode()
    by_name = client.get(partner_list_url(government, "?sort=name"))
    names = [row.partner.name for row in by_name.context["page"]]
    assert names == ["Aguas de París", "Grupo C40", world["unesco"].name, "París", "Tokio"]
    content = by_name.content.decode()
    assert 'href="?sort=name" aria-current="true"' in content
    assert 'aria-sort="ascending"' in content


def test_pagination_keeps_the_filters(client, government):
    for number in range(27):
        actor = f.ActorFactory(
            home_government=government, name=f"Socia {number:02}", visibility=PUBLIC
        )
        party(f.AgreementFactory(home_government=government, visibility=PUBLIC), actor)
    first = client.get(partner_list_url(government, "?kind=foreign_local&sort=name"))
    assert len(first.context["page"].object_list) == 25
    content = first.content.decode()
    assert 'href="?kind=foreign_local&amp;sort=name&amp;page=2"' in content
    second = client.get(partner_list_url(government, "?kind=foreign_local&sort=name&page=2"))
    assert [row.partner.name for row in second.context["page"]] == ["Socia 25", "Socia 26"]
    assert client.get(partner_list_url(government, "?page=99")).status_code == 200


def test_partner_cities_link_of_the_home_page(client, government, world):
    """The home page's "partner cities" figure links to ``?kind=foreign_local``."""
    response = client.get(partner_list_url(government, "?kind=foreign_local"))
    assert {row.partner.kind for row in response.context["page"]} == {"foreign_local"}
    assert response.context["form"]["kind"].value() == "foreign_local"


@pytest.mark.parametrize(
    ("prefix", "language", "texts"),
    [
        ("", "es", ["París", "Gobierno local extranjero", "Francia", "/cdmx/partners/"]),
        ("/en", "en", ["Partners abroad", "Paris", "Foreign local government", "France"]),
    ],
)
def test_list_renders_in_both_languages(client, government, world, prefix, language, texts):
    response = client.get(prefix + partner_list_url(government))
    assert response.status_code == 200
    content = response.content.decode()
    assert f'<html lang="{language}">' in content
    for text in texts:
        assert text in content


# --- One partner ----------------------------------------------------------------------------


def test_partner_page_shows_the_whole_relationship_as_a_timeline(client, government, world):
    response = client.get(partner_url(government, world["paris"]))
    assert response.status_code == 200
    context = response.context
    timeline = [(year, [entry.title for entry in entries]) for year, entries in context["timeline"]]
    assert timeline == [
        (1999, ["Acuerdo de amistad Ciudad de México–París"]),
        (2014, ["Fondo franco-mexicano", "Convenio con París"]),  # "2014" before "2014-03"
        (2015, ["Gira a París"]),
        (2018, ["Misión de agua"]),
        (None, ["Cumbre sin fecha"]),
    ]
    assert context["since"] == 1999
    counts = {kind: number for kind, _label, number in context["counts"]}
    assert counts == {"agreement": 2, "activity": 3, "project": 1, "network": 0}
    assert context["total"] == 6 == independent_count(government, world["paris"])
    assert [str(theme) for theme in context["themes"]] == ["Cultura"]
    assert context["members"] == [world["paris_water"]]
    assert context["country"] == "Francia"
    entries = {entry.title: entry for _year, group in context["timeline"] for entry in group}
    assert entries["Gira a París"].located == "París"
    assert entries["Misión de agua"].located == "París"
    assert entries["Cumbre sin fecha"].located == ""
    assert entries["Acuerdo de amistad Ciudad de México–París"].details[0] == str(
        AgreementKind.FRIENDSHIP.label
    )
    assert entries["Fondo franco-mexicano"].when == "2014–2016"

    content = response.content.decode()
    assert (
        content.index("<h3>1999</h3>")
        < content.index("Fondo franco-mexicano")
        < content.index("<h3>2018</h3>")
        < content.index("Cumbre sin fecha")
    )
    friendship = Agreement.objects.get(signed="1999")
    fund = Project.objects.get(title="Fondo franco-mexicano")
    assert portal_url("agreement-detail", government.slug, pk=friendship.pk) in content
    assert portal_url("project-detail", government.slug, pk=fund.pk) in content
    assert "Convenio interno" not in content
    assert "Contacto reservado" not in content


def test_partner_page_shows_parent_and_country(client, government, world):
    response = client.get(partner_url(government, world["paris_water"]))
    assert response.status_code == 200
    assert response.context["parent"] == world["paris"]
    assert response.context["parent_has_page"]
    assert f'href="{partner_url(government, world["paris"])}"' in response.content.decode()


def test_partner_page_in_english(client, government, world):
    response = client.get("/en" + partner_url(government, world["paris"]))
    content = response.content.decode()
    assert '<html lang="en">' in content
    for text in ("<h1>Paris</h1>", "Friendship agreement Mexico City–Paris", "Trip to Paris"):
        assert text in content
    assert "Date not recorded" in content
    assert "since 1999" in content


@pytest.mark.parametrize("who", ["berlin", "secret", "department", "lima"])
def test_partners_the_public_may_not_see_give_404(client, government, other_government, world, who):
    assert client.get(partner_url(government, world[who])).status_code == 404


def test_unknown_partner_and_other_portal_give_404(client, government, other_government, world):
    assert client.get(portal_url("partner-detail", government.slug, pk=999999)).status_code == 404
    assert client.get(partner_url(other_government, world["paris"])).status_code == 404
    # Lima is public in Bogotá's portal, and only there.
    assert client.get(partner_url(other_government, world["lima"])).status_code == 200


# --- Queries --------------------------------------------------------------------------------


def build(government, count: int):
    for _number in range(count):
        actor = f.ActorFactory(home_government=government, visibility=PUBLIC)
        party(f.AgreementFactory(home_government=government, visibility=PUBLIC), actor)
    return actor


def queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_list_queries_are_bounded_and_do_not_grow(client, government, other_government):
    build(government, 1)
    build(other_government, 10)
    few = queries(client, partner_list_url(government))
    many = queries(client, partner_list_url(other_government))
    assert few == many <= 20


def test_detail_queries_are_bounded_and_do_not_grow(client, government, other_government):
    one = build(government, 1)
    many_partner = f.ActorFactory(home_government=other_government, visibility=PUBLIC)
    for _number in range(10):
        party(f.AgreementFactory(home_government=other_government, visibility=PUBLIC), many_partner)
    few = queries(client, partner_url(government, one))
    many = queries(client, partner_url(other_government, many_partner))
    assert few == many <= 20


# --- Mexico City's data ---------------------------------------------------------------------


@pytest.mark.django_db
def test_mexico_city_and_paris_since_1999(client, cdmx):  # noqa: F811
    """Keep last in the module: the dataset stays loaded until the module ends."""
    paris = Actor.objects.for_government(cdmx).get(name="París", kind="foreign_local")
    response = client.get("/en" + partner_url(cdmx, paris))
    assert response.status_code == 200
    assert response.context["since"] == 1999
    content = response.content.decode()
    for text in (
        "Friendship and cooperation agreement Mexico City–Paris",
        "Official trip of the Head of Government to Paris",
        "Franco-Mexican decentralised cooperation fund",
        "since 1999",
    ):
        assert text in content
    listed = client.get("/en" + partner_list_url(cdmx, "?country=FR"))
    assert "Paris" in {row.partner.name_en for row in listed.context["page"]}
