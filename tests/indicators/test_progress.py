"""The Open SDG status method on fixed numbers (each branch), and the index arithmetic."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from ciudadglobal.indicators.progress import (
    MODERATE,
    NO_DATA,
    OFF_TRACK,
    ON_TRACK,
    TARGET_MET,
    assess,
    indicator_progress,
    internationalization_index,
    normalize,
    weighted_mean,
)
from tests import factories as f

BASE = date(2015, 12, 31)
TWO_YEARS = date(2017, 12, 31)
TARGET = date(2020, 12, 31)


def with_target(latest, target=Decimal("161.051"), base=100, direction="increase"):
    return assess(
        base_value=base,
        base_time=BASE,
        latest_value=latest,
        latest_time=TWO_YEARS,
        target_value=target,
        target_time=TARGET,
        direction=direction,
    )


def without_target(latest, base=100, direction="increase"):
    return assess(
        base_value=base,
        base_time=BASE,
        latest_value=latest,
        latest_time=TWO_YEARS,
        direction=direction,
    )


def test_target_reached_is_met():
    assert with_target(162).status == TARGET_MET
    assert with_target(50, target=60, direction="decrease").status == TARGET_MET


def test_ratio_of_observed_to_required_growth():
    # 10 % a year needed (100 → 161.051 in 5 years); 121 in 2 years is 10 % a year.
    on_track = with_target(121)
    assert on_track.status == ON_TRACK
    assert on_track.ratio == pytest.approx(1.0, abs=0.01)
    assert on_track.required_growth == pytest.approx(0.10, abs=0.001)
    moderate = with_target(115)  # 7.2 % a year: ratio 0.72
    assert moderate.status == MODERATE
    assert moderate.ratio == pytest.approx(0.72, abs=0.01)
    assert with_target(110).status == OFF_TRACK  # 4.9 %: ratio 0.49, limited progress
    deterioration = with_target(90)
    assert deterioration.status == OFF_TRACK and deterioration.ratio < 0


def test_lower_is_better():
    # 100 → 50 by 2020 needs −12.9 % a year; 80 after two years is −10.6 %: ratio 0.82.
    found = with_target(80, target=50, direction="decrease")
    assert found.status == MODERATE
    assert found.ratio == pytest.approx(0.82, abs=0.01)
    assert with_target(110, target=50, direction="decrease").status == OFF_TRACK


def test_linear_comparison_from_zero():
    # 0 → 10 by 2020: 4 after two of five years covers 40 % of the way in 40 % of the time.
    found = with_target(4, target=10, base=0)
    assert found.status == ON_TRACK
    assert found.ratio == pytest.approx(1.0, abs=0.01)
    assert with_target(3, target=10, base=0).status == MODERATE  # ratio 0.75
    assert with_target(1, target=10, base=0).status == OFF_TRACK


def test_without_target_fixed_growth_thresholds():
    assert without_target(104).status == ON_TRACK  # 2.0 % a year
    assert without_target(Decimal("101.5")).status == MODERATE  # 0.75 % a year
    assert without_target(100).status == OFF_TRACK
    assert without_target(90, direction="decrease").status == ON_TRACK
    assert without_target(5, base=0).status == NO_DATA  # growth from zero is undefined


def test_nothing_after_the_base_is_no_data():
    found = assess(base_value=1, base_time=BASE, latest_value=2, latest_time=BASE)
    assert found.status == NO_DATA


def test_a_target_needing_no_growth_not_reached_is_off_track():
    assert with_target(8, target=10, base=10).status == OFF_TRACK


def test_normalize_and_means():
    assert normalize(Decimal(5), Decimal(0), Decimal(10)) == Decimal("50.0")
    assert normalize(Decimal(8), Decimal(10), Decimal(0)) == Decimal("20.0")  # lower is better
    assert normalize(Decimal(15), Decimal(0), Decimal(10)) == Decimal("100.0")
    assert normalize(Decimal(-1), Decimal(0), Decimal(10)) == Decimal("0.0")
    assert normalize(Decimal(3), Decimal(3), Decimal(3)) is None
    assert weighted_mean([(Decimal(50), Decimal(1)), (Decimal(100), Decimal(3))]) == Decimal("87.5")
    assert weighted_mean([]) is None


def observe(indicator, period_start, period_end, value):
    return f.ObservationFactory(
        indicator=indicator, period_start=period_start, period_end=period_end, value=value
    )


@pytest.mark.django_db
def test_index_combines_three_dimensions(government):
    def indicator(code, dimension, **kwargs):
        return f.IndicatorFactory(
            home_government=government,
            code=code,
            dimension=dimension,
            method="entered",
            rule="",
            in_index=True,
            **kwargs,
        )

    h1, h2 = (date(2016, 1, 1), date(2016, 6, 30)), (date(2016, 7, 1), date(2016, 12, 31))
    ins = indicator("INS", "institutional")
    observe(ins, date(2015, 7, 1), date(2015, 12, 31), 10)
    observe(ins, *h1, 20)
    observe(ins, *h2, 15)  # latest of 2016: (15 − 10) / (20 − 10) = 50
    heavy = indicator("INS2", "institutional", index_weight=3, target_value=40, target_year=2018)
    observe(heavy, *h2, 30)
    observe(heavy, date(2015, 7, 1), date(2015, 12, 31), 20)  # (30 − 20) / (40 − 20) = 50
    pol = indicator("POL", "political", direction="decrease")
    observe(pol, date(2015, 7, 1), date(2015, 12, 31), 10)
    observe(pol, *h1, 2)  # lower is better: worst 10, best 2 → 100
    flat = indicator("TER", "territorial")
    observe(flat, *h1, 7)  # a series that has not varied is left out
    internal = indicator("INT", "territorial", visibility="internal")
    observe(internal, date(2015, 7, 1), date(2015, 12, 31), 0)
    observe(internal, *h1, 9)

    result = internationalization_index(government, date(2016, 1, 1), date(2016, 12, 31))
    scores = {d.dimension: d.score for d in result.dimensions}
    assert scores == {
        "institutional": Decimal("50.0"),
        "political": Decimal("100.0"),
        "territorial": None,
    }
    assert result.total == Decimal("75.0")
    assert [c.indicator.code for c in result.dimensions[2].components] == ["TER"]
    assert result.method.startswith("El índice") or result.method.startswith("The index")

    staff_view = internationalization_index(
        government, date(2016, 1, 1), date(2016, 12, 31), public=False
    )
    assert {d.dimension: d.score for d in staff_view.dimensions}["territorial"] == Decimal("100.0")


@pytest.mark.django_db
def test_indicator_progress_on_a_day(government):
    indicator = f.IndicatorFactory(
        home_government=government,
        baseline_value=100,
        baseline_year=2015,
        target_value=Decimal("161.051"),
        target_year=2020,
    )
    observe(indicator, date(2017, 7, 1), date(2017, 12, 31), 121)
    observe(indicator, date(2018, 1, 1), date(2018, 6, 30), 200)
    f.IndicatorFactory(home_government=government, visibility="internal")

    [early] = indicator_progress(government, date(2018, 1, 1))
    assert (early.status, early.latest_value, str(early.latest_period)) == (
        ON_TRACK,
        121,
        "2017-H2",
    )
    [later] = indicator_progress(government, date(2018, 7, 1))
    assert later.status == TARGET_MET
    assert len(indicator_progress(government, date(2018, 7, 1), public=False)) == 2
    assert indicator_progress(government, date(2010, 1, 1))[0].status == NO_DATA
