"""Mexico City's indicators on the whole dataset, checked against counts made another way
(Python over the partial dates, not the rules' SQL)."""

from __future__ import annotations

from datetime import date

import pytest

from ciudadglobal.activities.models import Activity, ActivityKind
from ciudadglobal.agreements.models import Agreement
from ciudadglobal.core.periods import parse_period, semesters
from ciudadglobal.indicators.models import Indicator, LocalTarget, Observation
from ciudadglobal.indicators.progress import indicator_progress
from ciudadglobal.indicators.rules import RULES
from ciudadglobal.indicators.selectors import reporting_status
from ciudadglobal.indicators.services import indicators_compute
from ciudadglobal.networks.models import NetworkMembership

pytestmark = pytest.mark.django_db

H1_2018 = parse_period("2018-H1")


def within(partial, period) -> bool:
    return (
        partial is not None and partial.first_day >= period.start and partial.last_day <= period.end
    )


def test_definitions_loaded(cdmx):
    indicators = Indicator.objects.for_government(cdmx)
    assert indicators.count() == 15
    assert set(indicators.values_list("dimension", flat=True)) == {
        "institutional",
        "political",
        "territorial",
    }
    assert all(i.rule in RULES for i in indicators.filter(method="computed"))
    assert (
        LocalTarget.objects.for_government(cdmx).get(code="17.17.CDMX.1").sdg_target.code == "17.17"
    )
    tourism = indicators.get(code="TER-5")
    assert (tourism.baseline_value, tourism.baseline_year, tourism.source_line) == (
        22312000000,
        2012,
        2303,
    )
    assert list(tourism.observations.values_list("value", flat=True)) == [22312000000, 47330000000]


def test_guests_received_match_a_count_over_partial_dates(cdmx):
    visits = (
        Activity.objects.for_government(cdmx).published().filter(kind=ActivityKind.INCOMING_VISIT)
    )
    for period in [*semesters(2013, 2018), parse_period("2018")]:
        expected = sum(1 for visit in visits if within(visit.start, period))
        assert RULES["guests_received"].compute(cdmx, period.start, period.end) == expected, period
    assert RULES["guests_received"].compute(cdmx, H1_2018.start, H1_2018.end) == 14


def test_departments_and_memberships_match_python_counts(cdmx):
    for period in semesters(2014, 2016):
        departments = set()
        for activity in (
            Activity.objects.for_government(cdmx).published().prefetch_related("departments")
        ):
            start, end = activity.start, activity.end or activity.start
            if start and start.first_day <= period.end and end.last_day >= period.start:
                departments.update(d.pk for d in activity.departments.all())
        assert RULES["departments_active"].compute(cdmx, period.start, period.end) == len(
            departments
        )
        members = sum(
            1
            for m in NetworkMembership.objects.for_government(cdmx).published()
            if m.joined
            and m.joined.first_day <= period.end
            and (not m.left or m.left.last_day >= period.end)
        )
        assert RULES["network_memberships"].compute(cdmx, period.start, period.end) == members


def test_agreements_in_force_use_the_agreements_status_rule(cdmx):
    for period in semesters(2013, 2018):
        expected = (
            Agreement.objects.for_government(cdmx)
            .published()
            .in_force(period.end, public=True)
            .count()
        )
        assert RULES["agreements_in_force"].compute(cdmx, period.start, period.end) == expected
    signed_2014 = sum(
        1
        for a in Agreement.objects.for_government(cdmx).published()
        if within(a.signed, parse_period("2014"))
    )
    assert (
        RULES["agreements_signed"].compute(cdmx, date(2014, 1, 1), date(2014, 12, 31))
        == signed_2014
    )


def test_demo_computation_fills_every_semester(cdmx):
    report = indicators_compute(
        cdmx, [*semesters(2013, 2018), *map(parse_period, map(str, range(2013, 2019)))]
    )
    assert report.created == 7 * 12 + 7 * 6  # 7 semiannual indicators, 7 computed annual ones
    assert indicators_compute(cdmx, semesters(2018, 2018)).unchanged == 14
    guests = Indicator.objects.for_government(cdmx).get(code="POL-4")
    assert Observation.objects.get(indicator=guests, period_start=H1_2018.start).value == 14
    status = reporting_status(cdmx, date(2018, 12, 31))
    assert (status.total.total, status.total.with_data) == (15, 15)
    statuses = {p.indicator.code: p.status for p in indicator_progress(cdmx, date(2018, 12, 31))}
    assert statuses["TER-5"] == "on_track"  # 16 % a year from the 2012 baseline, no target
