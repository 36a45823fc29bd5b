"""The world map page of the public portal (``views/partners.py``, ``map``)."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from django.utils.translation import gettext as _

from ciudadglobal.actors.models import ActorKind
from ciudadglobal.portal.links import portal_url
from tests import factories as f

PUBLIC = "public"
SVG = "{http://www.w3.org/2000/svg}"


def map_url(government, query: str = "") -> str:
    with translation.override("es"):
        return portal_url("map", government.slug) + query


def shaded(response) -> dict[str, int]:
    """Country code → intensity class of every shaded country in the page's SVG."""
    svg = re.search(r"<svg.*?</svg>", response.content.decode(), re.S).group(0)
    found = {}
    for link in ET.fromstring(svg).iter(f"{SVG}a"):
        path = link.find(f"{SVG}path")
        match = re.search(r"country=([A-Z]{2})", link.get("href"))
        if path is not None and match:
            found[match.group(1)] = int(path.get("class").split("wm-c")[-1])
    return found


def table_codes(response) -> set[str]:
    return {country.code for country in response.context["countries"]}


@pytest.fixture
def world(government, other_government):
    """Agreements with Paris (1999, 2014) and Tokyo (2016, on culture), a trip to Berlin (2018),
    the C40 network (2005); an internal agreement with Ottawa and Bogotá's public one with Lima."""
    culture = f.ThemeFactory(home_government=government, name="Cultura", name_en="Culture")
    paris = f.ActorFactory(
        home_government=government,
        name="París",
        place=f.CityFactory(name="París", name_en="Paris", country="FR"),
        visibility=PUBLIC,
    )
    tokyo = f.ActorFactory(
        home_government=government,
        name="Tokio",
        place=f.CityFactory(
            name="Tokio", name_en="Tokyo", country="JP", latitude="35.68", longitude="139.69"
        ),
        visibility=PUBLIC,
    )
    ottawa = f.ActorFactory(
        home_government=government,
        name="Ottawa",
        place=f.CityFactory(name="Ottawa", country="CA", latitude="45.42", longitude="-75.69"),
        visibility=PUBLIC,
    )
    lima = f.ActorFactory(
        home_government=other_government,
        name="Lima",
        place=f.CityFactory(name="Lima", country="PE", latitude="-12.05", longitude="-77.04"),
        visibility=PUBLIC,
    )
    for signed in ("1999", "2014"):
        agreement = f.AgreementFactory(home_government=government, signed=signed, visibility=PUBLIC)
        f.AgreementPartyFactory(agreement=agreement, actor=paris)
    tokyo_agreement = f.AgreementFactory(
        home_government=government, signed="2016", visibility=PUBLIC
    )
    f.AgreementPartyFactory(agreement=tokyo_agreement, actor=tokyo)
    tokyo_agreement.themes.add(culture)
    trip = f.ActivityFactory(home_government=government, start="2018-05", visibility=PUBLIC)
    trip.places.add(f.CityFactory(name="Berlín", country="DE", latitude="52.52", longitude="13.4"))
    f.NetworkMembershipFactory(
        home_government=government,
        network=f.NetworkFactory(home_government=government, name="C40", visibility=PUBLIC),
        joined="2005",
        visibility=PUBLIC,
    )
    internal = f.AgreementFactory(home_government=government, signed="2017")
    f.AgreementPartyFactory(agreement=internal, actor=ottawa)
    other = f.AgreementFactory(home_government=other_government, visibility=PUBLIC)
    f.AgreementPartyFactory(agreement=other, actor=lima)
    return {"culture": culture, "paris": paris, "tokyo": tokyo}


def test_map_shades_the_countries_of_public_relations(client, government, world):
    response = client.get(map_url(government))
    assert response.status_code == 200
    assert shaded(response) == {"FR": 2, "JP": 1, "DE": 1}
    assert table_codes(response) == {"FR", "JP", "DE"}
    assert response.context["legend"] == [(1, 1), (2, 2)]
    content = response.content.decode()
    assert content.count("<svg") >= 1 and 'class="wm-map"' in content
    # Countries link to the partner list, a city with one partner to that partner's page.
    with translation.override("es"):
        partners = portal_url("partner-list", government.slug)
        paris_page = portal_url("partner-detail", government.slug, pk=world["paris"].pk)
    assert f'href="{partners}?country=FR"' in content
    assert f'href="{paris_page}"' in content
    cities = {city.name: city.value for city in response.context["cities"]}
    assert cities == {"París": 2, "Tokio": 1, "Berlín": 1}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("?relation=agreement", {"FR", "JP"}),
        ("?relation=activity", {"DE"}),
        ("?relation=network", set()),  # C40 has no country
        ("?relation=agreement&relation=activity", {"FR", "JP", "DE"}),
        ("?year_from=2015", {"JP", "DE"}),
        ("?year_to=2015", {"FR"}),
        ("?year_from=2014&year_to=2016", {"FR", "JP"}),
        ("?relation=project", set()),
    ],
)
def test_filters_change_the_shaded_countries(client, government, world, query, expected):
    response = client.get(map_url(government, query))
    assert response.status_code == 200
    assert set(shaded(response)) == expected == table_codes(response)
    if not expected:
        with translation.override("es"):
            empty = _("No country takes part in the relations that match these filters.")
        assert str(empty)[:40] in response.content.decode()


def test_theme_filter(client, government, world):
    response = client.get(map_url(government, f"?theme={world['culture'].pk}"))
    assert set(shaded(response)) == {"JP"} == table_codes(response)
    assert response.context["form"].cleaned_data["theme"] == world["culture"]


def test_filters_are_counted_per_class(client, government, world):
    response = client.get(map_url(government, "?year_to=2015"))
    assert shaded(response) == {"FR": 1}  # two agreements, one class
    assert response.context["legend"] == [(2, 2)]


def test_a_network_the_public_may_not_see_stays_off_the_map(client, government, world):
    """A public membership of an internal network names no partner: neither the network's
    country nor its seat are drawn."""
    nairobi = f.CityFactory(name="Nairobi", country="KE", latitude="-1.29", longitude="36.82")
    hidden = f.NetworkFactory(home_government=government, place=nairobi, country="KE")
    f.NetworkMembershipFactory(
        home_government=government, network=hidden, joined="2010", visibility=PUBLIC
    )
    response = client.get(map_url(government))
    assert "KE" not in shaded(response)
    assert "Nairobi" not in {city.name for city in response.context["cities"]}


def test_an_internal_agreement_does_not_shade_its_country(client, government, world):
    for query in ("", "?relation=agreement", "?year_from=2017&year_to=2017"):
        response = client.get(map_url(government, query))
        assert "CA" not in shaded(response)
        assert "CA" not in table_codes(response)
        content = response.content.decode()
        assert "Ottawa" not in content
        assert "?country=CA" not in content
    # Nor does another government's public agreement.
    assert "PE" not in shaded(client.get(map_url(government)))


def test_reversed_years_are_reported_and_ignored(client, government, world):
    response = client.get(map_url(government, "?year_from=2018&year_to=2000"))
    assert response.status_code == 200
    assert response.context["form"].has_error("__all__", "years_reversed")
    assert set(shaded(response)) == {"FR", "JP", "DE"}


def test_invalid_values_are_reported_and_ignored(client, government, world):
    response = client.get(map_url(government, "?relation=award&theme=0&year_from=abc"))
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"relation", "theme", "year_from"}
    assert set(shaded(response)) == {"FR", "JP", "DE"}


def test_the_form_keeps_the_chosen_filters(client, government, world):
    content = client.get(map_url(government, "?relation=agreement&year_from=2014")).content
    content = content.decode()
    assert re.search(r'<input[^>]*value="agreement"[^>]*checked', content)
    assert not re.search(r'<input[^>]*value="activity"[^>]*checked', content)
    assert re.search(r'<input[^>]*name="year_from"[^>]*value="2014"', content)
    assert "<legend>" in content  # the kinds of relation are a fieldset


@pytest.mark.parametrize(
    ("prefix", "language", "texts"),
    [
        ("", "es", ['<html lang="es">', "Francia", "Japón", "Acuerdos", "Actividades"]),
        ("/en", "en", ['<html lang="en">', "World map of partners", "France", "Japan", "Legend"]),
    ],
)
def test_renders_in_both_languages(client, government, world, prefix, language, texts):
    response = client.get(prefix + map_url(government))
    assert response.status_code == 200
    content = response.content.decode()
    for text in texts:
        assert text in content


def build(government, count: int) -> None:
    for number in range(count):
        actor = f.ActorFactory(
            home_government=government,
            kind=ActorKind.FOREIGN_LOCAL_GOVERNMENT,
            place=f.CityFactory(country=["FR", "JP", "DE", "BR", "KE"][number % 5]),
            visibility=PUBLIC,
        )
        agreement = f.AgreementFactory(home_government=government, visibility=PUBLIC)
        f.AgreementPartyFactory(agreement=agreement, actor=actor)
        activity = f.ActivityFactory(home_government=government, visibility=PUBLIC)
        activity.counterparts.add(actor)


def test_queries_are_bounded_and_do_not_grow(client, government, other_government):
    build(government, 1)
    build(other_government, 10)
    counts = []
    for portal in (government, other_government):
        with CaptureQueriesContext(connection) as captured:
            assert client.get(map_url(portal, "?year_from=2000")).status_code == 200
        counts.append(len(captured))
    assert counts[0] == counts[1] <= 20
