"""The portal's front doors: the list of governments, each home page, the about page."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from ciudadglobal.activities.models import ActivityKind
from ciudadglobal.portal.selectors import key_figures
from tests import factories as f

pytestmark = pytest.mark.django_db

PUBLIC = "public"


def partner_city(government, name, country, **kwargs):
    """A public city government with its place: the city of ``name`` in ``country``."""
    place = f.CityFactory(name=name, country=country)
    return f.ActorFactory(
        home_government=government, name=name, place=place, visibility=PUBLIC, **kwargs
    )


def agreement_with(actor, **kwargs):
    agreement = f.AgreementFactory(
        home_government=actor.home_government, **{"signed": "2015", "visibility": PUBLIC, **kwargs}
    )
    f.AgreementPartyFactory(agreement=agreement, actor=actor)
    return agreement


@pytest.fixture
def registry(government, other_government):
    paris = partner_city(government, "París", "FR")
    agreement_with(paris, title="Acuerdo de amistad con París")
    agreement_with(partner_city(government, "Tokio", "JP"), visibility="internal")
    agreement_with(partner_city(other_government, "Lima", "PE"))
    f.ActivityFactory(
        home_government=government,
        kind=ActivityKind.INCOMING_VISIT,
        title="Visita de la alcaldesa de París",
        start="2016-04",
        visibility=PUBLIC,
    )
    f.ActivityFactory(
        home_government=government,
        kind=ActivityKind.INCOMING_VISIT,
        title="Visita reservada",
        start="2017-01",
    )
    return government


def values(government):
    return {str(figure.label): figure.value for figure in key_figures(government)}


def test_key_figures_count_only_public_records_of_the_government(registry):
    with translation.override("en"):
        figures = values(registry)
    assert figures["agreements in force"] == 1
    assert figures["partner cities"] == 1
    assert figures["distinguished guests received"] == 1


def test_remembered_figures_and_map_count_a_new_partner_at_once(
    client, user, registry, settings, tmp_path, django_capture_on_commit_callbacks
):
    """With the page cache on, the partner count and the map's summary are remembered
    (``pagecache.remembered``) until public data changes: a new partner counts at once, also
    on a page that is never saved (a signed-in person's)."""
    settings.PAGE_CACHE_DIR = str(tmp_path / "pagecache")
    with translation.override("en"), CaptureQueriesContext(connection) as first:
        assert values(registry)["partner cities"] == 1
    with translation.override("en"), CaptureQueriesContext(connection) as again:
        assert values(registry)["partner cities"] == 1
    assert len(again) < len(first)
    client.force_login(user)
    assert "Italy" not in client.get("/en/cdmx/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        agreement_with(partner_city(registry, "Roma", "IT"))
    with translation.override("en"):
        assert values(registry)["partner cities"] == 2
    assert "Italy" in client.get("/en/cdmx/").content.decode()


def test_the_home_page_shows_figures_map_and_latest_activities(client, registry):
    page = client.get("/cdmx/").content.decode()
    assert "Visita de la alcaldesa de París" in page
    assert "Visita reservada" not in page and "Tokio" not in page and "Lima" not in page
    assert 'href="/cdmx/partners/?country=FR"' in page  # the map links France
    assert "/cdmx/partners/?country=JP" not in page
    assert "?status=in_force" in page


def test_the_home_page_in_english_keeps_the_view(client, registry):
    page = client.get("/en/cdmx/").content.decode()
    assert '<html lang="en">' in page
    assert "Key figures" in page
    assert 'href="/cdmx/" hreflang="es"' in page


def test_one_government_opens_its_home_page_and_several_are_listed(client, government):
    assert client.get("/").url == "/cdmx/"
    f.HomeGovernmentFactory(name="Bogotá", slug="bogota")
    page = client.get("/").content.decode()
    assert 'href="/cdmx/"' in page and 'href="/bogota/"' in page


def test_an_unknown_government_is_not_found(client, government):
    assert client.get("/nowhere/").status_code == 404
    assert client.get("/nowhere/about/").status_code == 404


def test_the_about_page_names_the_sources_and_the_licences(client, government):
    f.SourceFactory(home_government=government, title="CDMX Global")
    page = client.get("/en/cdmx/about/").content.decode()
    assert "CDMX Global" in page
    for attribution in ("Natural Earth", "GeoNames", "Open SDG", "CLDR", "IATI"):
        assert attribution in page


def test_home_page_queries_do_not_grow_with_the_registry(client, government):
    """One of each kind of record first (so that every prefetch runs), then ten more."""
    paris = partner_city(government, "París", "FR")
    agreement_with(paris)
    f.ActivityFactory(home_government=government, start="2016", visibility=PUBLIC)
    with CaptureQueriesContext(connection) as few:
        client.get("/cdmx/")
    for index in range(10):
        agreement_with(partner_city(government, f"Ciudad {index}", "CO"))
        f.ActivityFactory(home_government=government, start="2016", visibility=PUBLIC)
    with CaptureQueriesContext(connection) as many:
        client.get("/cdmx/")
    assert len(many) == len(few)
