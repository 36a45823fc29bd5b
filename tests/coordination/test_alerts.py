"""Alerts on fixed dates over fixed data, and on Mexico City's real data."""

from __future__ import annotations

from datetime import date

import pytest

from ciudadglobal.agreements.models import Agreement, CommitmentStatus
from ciudadglobal.coordination.alerts import (
    alerts_for,
    dormant_agreements,
    expiring_agreements,
    overdue_commitments,
    overdue_resolutions,
    quiet_departments,
    year_before,
)
from ciudadglobal.coordination.models import CabinetSession, Resolution, ResolutionStatus
from ciudadglobal.core.periods import Semester
from tests import factories as f

ON = date(2018, 10, 15)


@pytest.fixture
def departments(government):
    return {
        "environment": f.DepartmentFactory(home_government=government, name="Medio Ambiente"),
        "tourism": f.DepartmentFactory(home_government=government, name="Turismo"),
    }


def agreement(government, **kwargs):
    return f.AgreementFactory(home_government=government, **kwargs)


def test_calendar_helpers():
    assert year_before(date(2020, 2, 29)) == date(2019, 2, 28)
    assert Semester.containing(date(2018, 6, 30)).start == date(2018, 1, 1)
    assert Semester.containing(date(2018, 7, 1)).start == date(2018, 7, 1)


def test_expiring_counts_the_last_day_of_a_partial_expiry(government, other_government):
    soon = agreement(government, title="Vence en noviembre", signed="2015-01-10", expires="2018-11")
    year_end = agreement(government, title="Vence en 2018", signed="2015", expires="2018")
    agreement(government, title="Vence en 2019", signed="2015", expires="2019-03-01")
    agreement(government, title="Ya venció", signed="2015", expires="2018-10-14")
    agreement(government, title="Terminado", signed="2015", expires="2018-11", terminated="2017")
    agreement(other_government, title="Ajeno", signed="2015", expires="2018-11")

    found = expiring_agreements(government, ON)

    assert [(item.agreement, item.expires_on) for item in found] == [
        (soon, date(2018, 11, 30)),
        (year_end, date(2018, 12, 31)),
    ]
    assert found[0].days_left(ON) == 46
    # From 15 September 2018, 90 days reach 14 December: the whole year of 2018 is not in.
    assert [
        item.agreement.title for item in expiring_agreements(government, date(2018, 9, 15))
    ] == [
        "Ya venció",
        "Vence en noviembre",
    ]
    assert [item.agreement.title for item in expiring_agreements(government, date(2019, 1, 1))] == [
        "Vence en 2019"
    ]
    assert expiring_agreements(government, date(2019, 3, 2)) == []


def test_dormant_agreements(government, other_government):
    active = agreement(government, title="Activo", signed="2014")
    f.ActivityFactory(home_government=government, start="2018-03").agreements.add(active)
    old_activity = agreement(government, title="Dormido", signed="2014")
    f.ActivityFactory(home_government=government, start="2017-09").agreements.add(old_activity)
    never = agreement(government, title="Nunca", signed="2012")
    agreement(government, title="Reciente", signed="2018-02")  # young, not dormant
    agreement(government, title="Vencido", signed="2012", expires="2016")  # not in force
    agreement(other_government, title="Ajeno", signed="2012")

    assert dormant_agreements(government, ON) == [never, old_activity]
    # Twelve months earlier, the 2017 activity was recent and "Activo" had none yet.
    assert dormant_agreements(government, date(2017, 10, 15)) == [never, active]


def test_overdue_commitments_and_resolutions(government, departments, other_government):
    environment, tourism = departments["environment"], departments["tourism"]
    late = f.CommitmentFactory(
        agreement=agreement(government), department=environment, due="2018-09"
    )
    f.CommitmentFactory(agreement=agreement(government), department=environment, due="2018-10")
    f.CommitmentFactory(
        agreement=agreement(government),
        department=tourism,
        due="2018-01",
        status=CommitmentStatus.FULFILLED,
    )
    other = agreement(other_government)
    f.CommitmentFactory(
        agreement=other,
        department=f.DepartmentFactory(home_government=other_government),
        due="2017",
    )
    session = CabinetSession.objects.create(home_government=government, date=date(2018, 6, 1))
    overdue = Resolution.objects.create(
        session=session, text="Informe", department=tourism, due=date(2018, 9, 30)
    )
    Resolution.objects.create(
        session=session, text="Sin vencer", department=tourism, due=date(2018, 10, 15)
    )
    Resolution.objects.create(
        session=session,
        text="Hecho",
        department=tourism,
        due=date(2018, 7, 1),
        status=ResolutionStatus.DONE,
        closed_on=date(2018, 7, 1),
    )

    assert overdue_commitments(government, ON) == [late]
    assert overdue_commitments(government, ON, department=tourism) == []
    assert overdue_resolutions(government, ON) == [overdue]
    assert overdue_resolutions(government, ON, department=environment) == []
    assert overdue_resolutions(other_government, ON) == []


def test_quiet_departments(government, departments):
    environment, tourism = departments["environment"], departments["tourism"]
    culture = f.DepartmentFactory(home_government=government, name="Cultura")
    f.ActivityFactory(home_government=government, start="2018-08-02").departments.add(environment)
    f.ActivityFactory(home_government=government, start="2018-03").departments.add(tourism)
    agreement(government, department=culture, signed="2018-07-20")

    assert quiet_departments(government, ON) == [tourism]
    assert quiet_departments(government, date(2018, 5, 1)) == [culture, environment]


def test_alerts_for_a_department_only_show_its_own(government, departments):
    environment, tourism = departments["environment"], departments["tourism"]
    agreement(government, department=environment, signed="2012")
    agreement(government, department=tourism, signed="2012")

    everything = alerts_for(government, ON)
    mine = alerts_for(government, ON, department=environment)

    assert everything.counts()["dormant"] == 2
    assert [item.department for item in mine.dormant] == [environment]
    assert mine.quiet_departments == [environment]
    assert mine.total == 2
    assert everything.total == 4


@pytest.mark.django_db
def test_mexico_city_alerts_in_2018(cdmx):
    """The real data on 1 October 2018. The book gives no expiry date for any agreement, so
    none can be expiring; it does show which agreements in force had no activity in the year
    before, and which departments recorded nothing in the semester."""
    on = date(2018, 10, 1)
    alerts = alerts_for(cdmx, on)

    assert alerts.counts() == {
        "expiring": 0,
        "dormant": 54,
        "overdue_commitments": 0,
        "overdue_resolutions": 0,
        "quiet_departments": 43,
    }
    in_force = set(Agreement.objects.for_government(cdmx).in_force(on).values_list("pk", flat=True))
    for agreement in alerts.dormant:
        assert agreement.pk in in_force
        assert not agreement.activities.filter(start__gte="2017-10-01").exists()
    active = alerts_for(cdmx, on, department=alerts.quiet_departments[0])
    assert active.quiet_departments == [alerts.quiet_departments[0]]
