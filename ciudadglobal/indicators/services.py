"""Writes of the indicators app: storing computed observations."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from ciudadglobal.core.periods import Period

from .models import Disaggregation, Indicator, Method, Observation, ObservationOrigin, Periodicity
from .rules import RULES, Measurement


@dataclass
class ComputeReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    def __str__(self) -> str:
        return f"{self.created} created, {self.updated} updated, {self.unchanged} unchanged"


def fits(indicator: Indicator, period: Period) -> bool:
    """Semiannual indicators are observed per semester, annual ones per year."""
    if indicator.periodicity == Periodicity.SEMIANNUAL:
        return period.is_semester
    return not period.is_semester


def _rows(measurement: Measurement) -> list[tuple[str, str, str, Decimal, int]]:
    return [
        (breakdown, category.key, category.label[:300], Decimal(category.value), order)
        for breakdown, categories in measurement.breakdowns.items()
        for order, category in enumerate(categories)
    ]


def observation_compute(*, indicator: Indicator, period: Period) -> tuple[Observation, bool]:
    """Compute ``indicator`` for ``period`` over the public registry and store it with its
    disaggregations; returns the observation and whether anything was written. Running it
    again on an unchanged registry writes nothing. An entered observation of the same period is
    never overwritten (ValueError)."""
    rule = RULES[indicator.rule]
    measurement = rule.measure(indicator.home_government, period.start, period.end, public=True)
    value = Decimal(measurement.value)
    rows = _rows(measurement)
    observation = Observation.objects.filter(
        indicator=indicator, period_start=period.start, period_end=period.end
    ).first()
    if observation is not None and observation.origin != ObservationOrigin.COMPUTED:
        raise ValueError(f"{indicator.code} {period}: an entered observation exists")
    if observation is not None:
        stored = [
            (d.breakdown, d.category, d.label, d.value, d.order)
            for d in observation.disaggregations.order_by("breakdown", "order", "pk")
        ]
        if observation.value == value and stored == sorted(rows, key=lambda r: (r[0], r[4])):
            return observation, False
    with transaction.atomic():
        if observation is None:
            observation = Observation(
                indicator=indicator,
                period_start=period.start,
                period_end=period.end,
                origin=ObservationOrigin.COMPUTED,
            )
        observation.value = value
        observation.computed_at = timezone.now()
        observation.save()
        observation.disaggregations.all().delete()
        Disaggregation.objects.bulk_create(
            Disaggregation(
                observation=observation,
                breakdown=breakdown,
                category=category,
                label=label,
                value=amount,
                order=order,
            )
            for breakdown, category, label, amount, order in rows
        )
    return observation, True


def indicators_compute(government, periods: list[Period]) -> ComputeReport:
    """Store the observations of every computed indicator of ``government`` for each period
    that fits its periodicity, all or nothing."""
    report = ComputeReport()
    indicators = Indicator.objects.for_government(government).filter(method=Method.COMPUTED)
    with transaction.atomic():
        for indicator in indicators.select_related("home_government"):
            for period in periods:
                if not fits(indicator, period):
                    continue
                existed = Observation.objects.filter(
                    indicator=indicator, period_start=period.start, period_end=period.end
                ).exists()
                _observation, written = observation_compute(indicator=indicator, period=period)
                if not written:
                    report.unchanged += 1
                elif existed:
                    report.updated += 1
                else:
                    report.created += 1
    return report
