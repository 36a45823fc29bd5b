"""Places come from the offline gazetteer, by any of their names, or are typed by hand."""

from decimal import Decimal

import pytest

from ciudadglobal.places import gazetteer
from ciudadglobal.places.models import Place, PlaceOrigin
from ciudadglobal.places.regions import Region, countries_in, region_of
from ciudadglobal.places.services import place_get_or_create_from_gazetteer
from tests.admin_forms import form_errors
from tests.core.test_admin_pages import url


@pytest.mark.parametrize(
    ("name", "country", "geonames_id"),
    [
        ("Pekín", "CN", 1816670),
        ("Pekin", "CN", 1816670),
        ("Beijing", "CN", 1816670),
        ("Moscú", "RU", 524901),
        ("Seúl", "KR", 1835848),
        ("Los Ángeles", "US", 5368361),
        ("Ciudad de México", "MX", 3530597),
    ],
)
def test_exonyms_and_accents_find_the_city(name, country, geonames_id):
    match = gazetteer.best_match(name, country)
    assert match.geonames_id == geonames_id


def test_an_ambiguous_name_returns_the_candidates():
    candidates = gazetteer.best_match("San José", "CR")
    assert isinstance(candidates, list)
    assert {c.geonames_id for c in candidates} >= {3621849, 3621841}


def test_an_unknown_name_returns_nothing():
    assert gazetteer.best_match("Valonia", "BE") is None


@pytest.mark.parametrize(
    ("country", "region"),
    [
        ("MX", Region.LATIN_AMERICA_CARIBBEAN),
        ("US", Region.NORTH_AMERICA),
        ("CA", Region.NORTH_AMERICA),
        ("FR", Region.EUROPE),
        ("RU", Region.EUROPE),
        ("AM", Region.EUROPE),
        ("CN", Region.ASIA),
        ("KW", Region.MIDDLE_EAST),
        ("TR", Region.MIDDLE_EAST),
        ("IR", Region.MIDDLE_EAST),
        ("EG", Region.AFRICA),
        ("AU", Region.OCEANIA),
        ("AQ", None),
    ],
)
def test_the_books_regions(country, region):
    assert region_of(country) == region


def test_every_region_has_countries():
    for region in Region:
        assert countries_in(region)


@pytest.mark.django_db
class TestPlaces:
    def test_a_spanish_exonym_keeps_both_names(self):
        place = place_get_or_create_from_gazetteer(
            candidate=gazetteer.best_match("Pekín", "CN"), name="Pekín"
        )
        assert (place.name, place.name_en, place.origin) == ("Pekín", "Beijing", "gazetteer")
        assert place.latitude == Decimal("39.907500")
        again = place_get_or_create_from_gazetteer(candidate=gazetteer.get(1816670))
        assert again.pk == place.pk

    def test_admin_fills_a_city_from_the_gazetteer(self, admin_client):
        response = admin_client.post(
            url(Place, "add"), {"kind": "city", "name": "París", "country": "FR"}
        )
        assert response.status_code == 302, form_errors(response)
        paris = Place.objects.get(name="París")
        assert paris.geonames_id == 2988507
        assert paris.name_en == "Paris"
        assert paris.origin == PlaceOrigin.GAZETTEER
        assert paris.latitude is not None

    def test_admin_asks_which_one_when_ambiguous(self, admin_client):
        response = admin_client.post(
            url(Place, "add"), {"kind": "city", "name": "San José", "country": "CR"}
        )
        assert response.status_code == 200
        errors = response.context["adminform"].form.non_field_errors()
        assert "3621849" in errors[0]
        response = admin_client.post(
            url(Place, "add"),
            {"kind": "city", "name": "San José", "country": "CR", "geonames_id": "3621849"},
        )
        assert response.status_code == 302, form_errors(response)

    def test_a_place_the_gazetteer_lacks_is_typed_by_hand(self, admin_client):
        response = admin_client.post(
            url(Place, "add", language="en"), {"kind": "region", "name": "Valonia", "country": "BE"}
        )
        assert response.status_code == 200
        assert "latitude and longitude" in str(response.context["adminform"].form.errors)
        response = admin_client.post(
            url(Place, "add"),
            {
                "kind": "region",
                "name": "Valonia",
                "name_en": "Wallonia",
                "country": "BE",
                "latitude": "50.4",
                "longitude": "4.5",
            },
        )
        assert response.status_code == 302, form_errors(response)
        assert Place.objects.get(name="Valonia").origin == PlaceOrigin.MANUAL

    def test_a_country_needs_no_name(self, admin_client):
        response = admin_client.post(url(Place, "add"), {"kind": "country", "country": "JP"})
        assert response.status_code == 302, form_errors(response)
        assert str(Place.objects.get(kind="country")) == "Japón"

    def test_places_are_found_by_their_countrys_spanish_name(self, admin_client, city_factory):
        lyon = city_factory(name="Lyon", country="FR")
        city_factory(name="Roma", country="IT")
        found = admin_client.get(url(Place, "changelist"), {"q": "Francia"}).context["cl"]
        assert [p.pk for p in found.result_list] == [lyon.pk]

    def test_staff_add_places_but_only_platform_admins_change_them(self, staff_client, city):
        assert staff_client.get(url(Place, "add")).status_code == 200
        response = staff_client.post(url(Place, "change", city.pk), {"name": "Otra"})
        assert response.status_code == 403
        assert staff_client.post(url(Place, "delete", city.pk), {"post": "yes"}).status_code == 403
