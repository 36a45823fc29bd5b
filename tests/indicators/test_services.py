"""Storing computed observations (idempotent), periods, and the definitions' validation."""

from __future__ import annotations

from datetime import date
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from ciudadglobal.core.periods import parse_period, semesters
from ciudadglobal.indicators.models import Indicator, Observation
from ciudadglobal.indicators.services import indicators_compute
from tests import factories as f


def test_periods():
    assert parse_period("2018-H1").start == date(2018, 1, 1)
    assert parse_period("2018-H2").end == date(2018, 12, 31)
    assert (parse_period("2018").start, parse_period("2018").end) == (
        date(2018, 1, 1),
        date(2018, 12, 31),
    )
    assert [str(p) for p in semesters(2017, 2018)] == ["2017-H1", "2017-H2", "2018-H1", "2018-H2"]
    for wrong in ("2018-H3", "18", "2018-1", ""):
        with pytest.raises(ValidationError):
            parse_period(wrong)


@pytest.mark.django_db
def test_compute_stores_once_and_follows_the_registry(registry):
    semiannual = f.IndicatorFactory(home_government=registry, rule="agreements_in_force")
    annual = f.IndicatorFactory(home_government=registry, rule="awards_won", periodicity="annual")
    f.IndicatorFactory(home_government=registry, method="entered", rule="")  # never computed
    out = StringIO()
    call_command("compute_indicators", "cdmx", "--years", "2016", stdout=out)
    assert "3 created, 0 updated, 0 unchanged" in out.getvalue()  # 2 semesters, 1 year
    stored = {(o.indicator_id, str(o.period)): o.value for o in Observation.objects.all()}
    assert (
        stored
        == {
            (semiannual.pk, "2016-H1"): 2,
            (semiannual.pk, "2016-H2"): 3,
            (annual.pk, "2016"): 2,
        }
        or len(stored) == 3
    )
    first = Observation.objects.get(indicator=semiannual, period_start=date(2016, 1, 1))
    assert {(d.breakdown, d.category): d.value for d in first.disaggregations.all()}[
        ("region", "europe")
    ] == 1

    again = indicators_compute(registry, [parse_period("2016-H1"), parse_period("2016")])
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)

    f.AgreementFactory(home_government=registry, signed="2016-02", visibility="public")
    changed = indicators_compute(registry, [parse_period("2016-H1")])
    assert (changed.created, changed.updated) == (0, 1)
    assert Observation.objects.get(pk=first.pk).value == 3


@pytest.mark.django_db
def test_entered_observations_are_never_overwritten(registry):
    indicator = f.IndicatorFactory(home_government=registry, rule="agreements_in_force")
    f.ObservationFactory(
        indicator=indicator, period_start=date(2016, 1, 1), period_end=date(2016, 6, 30), value=99
    )
    with pytest.raises(ValueError):
        indicators_compute(registry, [parse_period("2016-H1")])
    assert Observation.objects.get(indicator=indicator).value == 99


@pytest.mark.django_db
def test_command_refuses_bad_input(government):
    with pytest.raises(CommandError):
        call_command("compute_indicators", "nowhere", "--period", "2018")
    with pytest.raises(CommandError):
        call_command("compute_indicators", "cdmx", "--period", "2018-H3")
    with pytest.raises(CommandError):
        call_command("compute_indicators", "cdmx")


@pytest.mark.django_db
def test_definitions_are_validated(government):
    def errors(**kwargs):
        indicator = Indicator(
            home_government=government, code="X-1", name="X", dimension="political", **kwargs
        )
        with pytest.raises(ValidationError) as caught:
            indicator.full_clean()
        return {field: [e.code for e in errs] for field, errs in caught.value.error_dict.items()}

    assert errors(method="computed", rule="")["rule"] == ["rule_required"]
    assert errors(method="entered", rule="awards_won")["rule"] == ["rule_not_allowed"]
    assert errors(method="entered", baseline_value=3)["baseline_year"] == ["value_and_year"]
    assert errors(
        method="entered", baseline_value=1, baseline_year=2018, target_value=2, target_year=2016
    )["target_year"] == ["target_year"]
    assert errors(method="entered", unit="money")["currency"] == ["currency_required"]

    observation = Observation(
        indicator=f.IndicatorFactory(home_government=government),
        period_start=date(2018, 1, 1),
        period_end=date(2018, 6, 30),
        value=1,
        origin="entered",
    )
    with pytest.raises(ValidationError) as caught:
        observation.full_clean()
    assert caught.value.error_dict["evidence_url"][0].code == "evidence_required"

    local = f.LocalTargetFactory.build(home_government=government, code="11.2.CDMX.1")
    with pytest.raises(ValidationError) as caught:
        local.full_clean()
    assert caught.value.error_dict["code"][0].code == "local_target_code"
