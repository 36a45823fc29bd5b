"""The agreement list filters: kind, status, region, country, theme, year, department."""

import pytest

from ciudadglobal.agreements.models import Agreement
from tests.core.test_admin_pages import url

pytestmark = pytest.mark.django_db


@pytest.fixture
def agreements(government, agreement_factory, agreement_party_factory, city_factory, theme):
    theme.home_government = government
    theme.save()
    paris = agreement_factory(home_government=government, title="París", signed="2014")
    paris.themes.add(theme)
    agreement_party_factory(agreement=paris, actor__place=city_factory(country="FR"))
    quito = agreement_factory(
        home_government=government, title="Quito", signed="2013-04", expires="2015"
    )
    agreement_party_factory(agreement=quito, actor__place=city_factory(country="EC"))
    agreement_factory(home_government=government, title="En negociación", signed=None)
    return theme


@pytest.mark.parametrize(
    ("params", "titles"),
    [
        ({"region": "europe"}, ["París"]),
        ({"region": "latin_america_caribbean"}, ["Quito"]),
        ({"country": "EC"}, ["Quito"]),
        ({"status": "in_force"}, ["París"]),
        ({"status": "expired"}, ["Quito"]),
        ({"status": "negotiation"}, ["En negociación"]),
        ({"signed_year": "2013"}, ["Quito"]),
        ({"kind": "specific_cooperation", "region": "europe"}, ["París"]),
    ],
)
def test_filters(staff_client, agreements, params, titles):
    listed = staff_client.get(url(Agreement, "changelist"), params).context["cl"].result_list
    assert sorted(a.title for a in listed) == titles


def test_theme_filter(staff_client, agreements):
    params = {"themes__id__exact": agreements.pk}
    listed = staff_client.get(url(Agreement, "changelist"), params).context["cl"].result_list
    assert [a.title for a in listed] == ["París"]
