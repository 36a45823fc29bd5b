"""Each computed rule on the fixed registry of conftest.py: exact values and breakdowns."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from ciudadglobal.core.periods import parse_period
from ciudadglobal.indicators.rules import RULES, year_before
from tests import factories as f

pytestmark = pytest.mark.django_db

H1_2016 = parse_period("2016-H1")
Y2016 = parse_period("2016")


def measure(name, government, period, **kwargs):
    return RULES[name].measure(government, period.start, period.end, **kwargs)


def values(measurement, breakdown):
    return {c.key: c.value for c in measurement.breakdowns[breakdown]}


def test_agreements_in_force_on_the_last_day(registry):
    found = measure("agreements_in_force", registry, H1_2016)
    assert found.value == 2  # Paris (2014) and the 2015 one expiring "2016"; not Bogotá (2016-09)
    assert values(found, "kind") == {"twinning": 1, "specific_cooperation": 1}
    regions = values(found, "region")
    assert regions["europe"] == 1 and regions[""] == 1 and regions["asia"] == 0
    assert measure("agreements_in_force", registry, parse_period("2017-H1")).value == 2
    # Staff may count the whole registry: the internal one joins, the draft too.
    assert measure("agreements_in_force", registry, H1_2016, public=False).value == 4


def test_share_of_agreements_with_recent_activity(registry):
    found = measure("agreements_with_recent_activity", registry, H1_2016)
    assert found.value == Decimal("50.0")
    assert values(found, "activity") == {"with": 1, "without": 1}
    # A year later the guest of May 2016 is more than 12 months old.
    assert measure("agreements_with_recent_activity", registry, parse_period("2017-H2")).value == 0


def test_year_before_handles_leap_days():
    assert year_before(date(2016, 6, 30)) == date(2015, 7, 1)
    assert year_before(date(2016, 2, 29)) == date(2015, 3, 1)


def test_agreements_signed_within_the_period_only(registry):
    assert measure("agreements_signed", registry, parse_period("2014")).value == 1
    assert measure("agreements_signed", registry, parse_period("2015")).value == 1
    semester = measure("agreements_signed", registry, parse_period("2015-H1"))
    assert semester.value == 0  # signed "2015": not placed in either half
    assert values(semester, "date_precision") == {"within": 0, "coarser": 1}
    assert measure("agreements_signed", registry, parse_period("2016-H2")).value == 1


def test_departments_with_activity(registry):
    found = measure("departments_active", registry, H1_2016)
    assert found.value == 2  # Sedema (guest) and Jefatura (trip dated "2016"); not the internal
    assert sorted(c.label for c in found.breakdowns["department"]) == ["Jefatura", "Sedema"]
    assert measure("departments_active", registry, parse_period("2017")).value == 0


def test_partner_countries_by_region(registry):
    found = measure("partner_countries", registry, Y2016)
    assert found.value == 3  # France (guest), United States (trip), Colombia (agreement)
    regions = values(found, "region")
    assert (regions["europe"], regions["north_america"], regions["latin_america_caribbean"]) == (
        1,
        1,
        1,
    )
    assert measure("partner_countries", registry, H1_2016).value == 1  # only the dated guest


def test_guests_received(registry):
    found = measure("guests_received", registry, H1_2016)
    assert found.value == 1
    assert values(found, "region")["europe"] == 1
    assert measure("guests_received", registry, H1_2016, public=False).value == 2


def test_official_trips_dated_only_by_year(registry):
    semester = measure("official_trips", registry, H1_2016)
    assert semester.value == 0
    assert values(semester, "date_precision") == {"within": 0, "coarser": 1}
    assert measure("official_trips", registry, Y2016).value == 1


def test_network_positions_and_memberships(registry):
    assert measure("network_positions", registry, H1_2016).value == 1
    assert measure("network_positions", registry, parse_period("2017-H2")).value == 2
    assert measure("network_positions", registry, parse_period("2019")).value == 1
    assert measure("network_memberships", registry, H1_2016).value == 1
    assert measure("network_memberships", registry, parse_period("2008")).value == 0


def test_funds_mobilized_per_currency(registry):
    euros = measure("funds_mobilized_eur", registry, H1_2016)
    assert euros.value == Decimal("100000.00")
    assert values(euros, "date_precision") == {
        "within": Decimal("100000.00"),
        "coarser": Decimal("50000.00"),
    }
    assert measure("funds_mobilized_eur", registry, Y2016).value == Decimal("150000.00")
    assert measure("funds_mobilized_usd", registry, Y2016).value == Decimal("20.00")
    assert measure("funds_mobilized_mxn", registry, Y2016).value == 0


def test_awards_projects_and_sdg_alignment(registry):
    assert measure("awards_won", registry, H1_2016).value == 1
    assert measure("awards_won", registry, Y2016).value == 2
    assert measure("projects_active", registry, H1_2016).value == 1
    assert measure("projects_active", registry, parse_period("2017")).value == 0
    f.ProjectFactory(home_government=registry, start="2015-06", end=None, visibility="public")
    assert measure("projects_active", registry, parse_period("2017")).value == 1  # still under way
    early = measure("projects_active", registry, parse_period("2015-H1"))
    assert early.value == 2  # the 2014-2016 project and the one begun 2015-06
    assert values(early, "status") == {"2": 2}
    assert measure("sdg_aligned_activities", registry, Y2016).value == Decimal("50.0")
    assert measure("sdg_aligned_activities", registry, parse_period("2017")).value == 0


def test_another_government_sees_nothing(registry, other_government):
    for name in RULES:
        assert RULES[name].compute(other_government, Y2016.start, Y2016.end) == 0, name


def test_a_period_must_not_end_before_it_starts(registry):
    with pytest.raises(ValueError):
        RULES["awards_won"].compute(registry, date(2016, 2, 1), date(2016, 1, 1))
