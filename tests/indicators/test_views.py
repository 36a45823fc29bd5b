"""The portal's indicator pages and the plan page's links: both languages, refusals of
internal data, and a query bound that does not grow with the number of indicators."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from ciudadglobal.strategy.models import PlanElementKind
from ciudadglobal.taxonomy.models import SdgTarget
from tests import factories as f

pytestmark = pytest.mark.django_db


def url(name, language="es", **kwargs):
    with translation.override(language):
        return reverse(f"portal:{name}", kwargs={"government": "cdmx", **kwargs})


def indicator_with_data(government, **kwargs):
    indicator = f.IndicatorFactory(home_government=government, **kwargs)
    indicator.sdg_targets.add(SdgTarget.objects.get(code="17.17"))
    f.ObservationFactory(
        indicator=indicator, period_start=date(2017, 1, 1), period_end=date(2017, 6, 30), value=4
    )
    f.ObservationFactory(
        indicator=indicator, period_start=date(2018, 1, 1), period_end=date(2018, 6, 30), value=9
    )
    return indicator


@pytest.mark.parametrize("language", ["es", "en"])
def test_pages_render_in_both_languages(client, government, language):
    indicator = indicator_with_data(
        government, name="Convenios vigentes", name_en="Agreements in force", in_index=True
    )
    for name, kwargs in [
        ("indicator-list", {}),
        ("indicator-status", {}),
        ("indicator-index", {}),
        ("indicator-detail", {"pk": indicator.pk}),
    ]:
        response = client.get(url(name, language, **kwargs))
        assert response.status_code == 200, name
    page = client.get(url("indicator-detail", language, pk=indicator.pk)).content.decode()
    assert ("Agreements in force" if language == "en" else "Convenios vigentes") in page
    assert "<svg" in page and "2018-H1" in page
    assert "open-sdg" in client.get(url("indicator-list", language)).content.decode()


def test_internal_indicators_are_refused_and_never_listed(client, government, other_government):
    internal = indicator_with_data(government, code="SECRET-1", visibility="internal")
    draft = indicator_with_data(government, code="DRAFT-1", state="draft")
    foreign = indicator_with_data(other_government, code="BOG-1")
    for indicator in (internal, draft, foreign):
        assert client.get(url("indicator-detail", pk=indicator.pk)).status_code == 404
    listing = client.get(url("indicator-list")).content.decode()
    assert "SECRET-1" not in listing and "DRAFT-1" not in listing and "BOG-1" not in listing
    status = client.get(url("indicator-status"))
    assert status.context["status"].total.total == 0
    index = client.get(url("indicator-index"))
    assert index.context["result"] is None


def test_index_page_shows_the_chosen_period_and_its_method(client, government):
    indicator_with_data(government, in_index=True)
    response = client.get(url("indicator-index"), {"period": "2017-H1"})
    assert str(response.context["period"]) == "2017-H1"
    assert response.context["result"].dimensions[0].components[0].value == 4
    assert escape(str(response.context["method"])) in response.content.decode()
    bad = client.get(url("indicator-index"), {"period": "1999"})
    assert bad.status_code == 200 and str(bad.context["period"]) == "2018"  # the latest


def test_list_queries_do_not_grow_with_indicators(
    client, government, django_assert_max_num_queries
):
    indicator_with_data(government)
    client.get(url("indicator-list"))  # warm caches (content types, sessions)
    with django_assert_max_num_queries(4):
        client.get(url("indicator-list"))
    for _n in range(5):
        indicator_with_data(government)
    with django_assert_max_num_queries(4):
        response = client.get(url("indicator-list"))
    assert sum(len(rows) for _label, rows in response.context["groups"]) == 6


def test_plan_page_shows_what_serves_each_goal_but_nothing_internal(client, government):
    goal = f.PlanElementFactory(
        home_government=government,
        visibility="public",
        kind=PlanElementKind.GOAL,
        target="Veinte convenios activos",
        target_year=2018,
    )
    goal.plan.visibility = "public"
    goal.plan.save()
    shown = f.AgreementFactory(
        home_government=government, title="Convenio con París", visibility="public"
    )
    hidden = f.AgreementFactory(home_government=government, title="Convenio reservado")
    activity = f.ActivityFactory(
        home_government=government, title="Misión a Lyon", visibility="public"
    )
    goal.agreements.add(shown, hidden)
    goal.activities.add(activity)
    goal.sdg_targets.add(SdgTarget.objects.get(code="11.3"))
    indicator_with_data(government, code="INS-9").plan_elements.add(goal)
    indicator_with_data(government, code="INT-9", visibility="internal").plan_elements.add(goal)
    goal.plan.priority_regions.create(region="europe", note="Cooperación descentralizada")

    page = client.get(url("plan-detail", pk=goal.plan.pk)).content.decode()
    assert "Veinte convenios activos (2018)" in page
    assert "Convenio con París" in page and "Misión a Lyon" in page and "11.3" in page
    assert "INS-9" in page and "Cooperación descentralizada" in page
    assert "Convenio reservado" not in page and "INT-9" not in page
