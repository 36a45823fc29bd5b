"""Reads of the indicators app for the portal and the reports: public indicators, their
observations as a chart, and which indicators have data (reporting status)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from babel.numbers import format_currency, format_decimal, format_percent
from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.utils.translation import get_language, to_locale
from django.utils.translation import gettext_lazy as _

from ciudadglobal.portal.charts import Chart, ChartData, Row, Series
from ciudadglobal.portal.filters import sdg_label
from ciudadglobal.strategy.models import PlanElement
from ciudadglobal.taxonomy.models import SdgTarget

from .models import Disaggregation, Indicator, LocalTarget, Observation
from .progress import indicators_of
from .rules import BREAKDOWN_LABELS, Dimension, Unit, category_label

NO_GOAL = _("Not aligned with an SDG")


def format_indicator_value(value: Decimal | int | None, unit: str, currency: str = "") -> str:
    """A value in the active language: 57 · 45,5 % · 2.000.000,00 € (es); "" for None."""
    if value is None:
        return ""
    locale = to_locale(get_language() or "es")
    value = Decimal(value).normalize() if Decimal(value) % 1 else Decimal(int(value))
    if unit == Unit.PERCENT:
        return format_percent(value / 100, locale=locale, decimal_quantization=False)
    if unit == Unit.MONEY and currency:
        return format_currency(value, currency, locale=locale)
    return format_decimal(value, locale=locale)


def public_indicator(government, pk: int) -> Indicator:
    """A published indicator of ``government`` with its observations, disaggregations, SDG
    targets, local targets and published plan elements; 404 for any other."""
    indicator = (
        indicators_of(government, public=True)
        .prefetch_related(
            Prefetch(
                "observations",
                queryset=Observation.objects.order_by(
                    "period_end", "period_start"
                ).prefetch_related(
                    Prefetch(
                        "disaggregations",
                        queryset=Disaggregation.objects.order_by("breakdown", "order"),
                    )
                ),
            ),
            "sdg_targets__goal",
            Prefetch(
                "local_targets",
                queryset=LocalTarget.objects.for_government(government)
                .published()
                .select_related("sdg_target"),
            ),
            Prefetch(
                "plan_elements",
                queryset=PlanElement.objects.for_government(government)
                .published()
                .select_related("plan"),
            ),
        )
        .filter(pk=pk)
        .first()
    )
    if indicator is None:
        raise Http404(_("There is no public indicator at this address."))
    return indicator


@dataclass(frozen=True)
class BreakdownRow:
    key: str
    label: str
    value: Decimal


@dataclass(frozen=True)
class Breakdown:
    name: str
    label: str
    rows: list[BreakdownRow]


def breakdowns(observation: Observation | None) -> list[Breakdown]:
    """An observation's disaggregations grouped by breakdown, in the order they were stored."""
    if observation is None:
        return []
    grouped: dict[str, list[BreakdownRow]] = defaultdict(list)
    for row in observation.disaggregations.all():
        label = category_label(row.breakdown, row.category, row.label)
        grouped[row.breakdown].append(BreakdownRow(row.category, label, row.value))
    return [
        Breakdown(name, str(BREAKDOWN_LABELS.get(name, name)), rows)
        for name, rows in grouped.items()
    ]


def series_chart(indicator: Indicator, observations: list[Observation]) -> ChartData:
    """The indicator's observations as the portal's bar chart (one bar per period)."""
    rows = [Row(o.period.label, o.period.label, (_plain(o.value),)) for o in observations]
    label = str(Unit(indicator.unit).label)
    if indicator.currency:
        label = f"{label} ({indicator.currency})"
    chart = Chart(
        slug=f"indicator-{indicator.pk}",
        title=indicator.name,
        description=indicator.description,
        row_header=_("Period"),
        series=(("value", label),),
        rows=lambda *args, **kwargs: rows,
    )
    return ChartData(
        chart, [Series("value", label, 1)], rows, id_prefix=f"chart-indicator-{indicator.pk}"
    )


def _plain(value: Decimal) -> Decimal | int:
    """A stored value without trailing zeros (57.0000 → 57, 45.5000 → 45.5)."""
    return int(value) if value == value.to_integral_value() else value.normalize()


# ---------------------------------------------------------------------------------------------
# Reporting status: which indicators have data


@dataclass(frozen=True)
class StatusRow:
    key: str
    label: str
    total: int
    with_data: int

    @property
    def without_data(self) -> int:
        return self.total - self.with_data

    @property
    def share(self) -> Decimal:
        """Percentage of indicators with data (0 when there is none)."""
        if not self.total:
            return Decimal(0)
        return (Decimal(100) * self.with_data / self.total).quantize(Decimal("0.1"))


@dataclass(frozen=True)
class ReportingStatus:
    total: StatusRow
    by_dimension: list[StatusRow]
    by_goal: list[StatusRow]


def reporting_status(government, on: date, *, public: bool = True) -> ReportingStatus:
    """How many indicators have at least one observation of a period ended by ``on``: in all,
    per dimension and per SDG goal (an indicator counts once under each goal it serves).
    Three queries."""
    indicators: QuerySet[Indicator] = indicators_of(government, public=public)
    with_data = set(
        Observation.objects.filter(indicator__in=indicators, period_end__lte=on).values_list(
            "indicator", flat=True
        )
    )
    rows = list(indicators.values_list("pk", "dimension"))
    goals: dict[int, set[int]] = defaultdict(set)
    for pk, goal in SdgTarget.objects.filter(city_indicators__in=indicators).values_list(
        "city_indicators", "goal__number"
    ):
        goals[goal].add(pk)
    by_dimension = [
        StatusRow(
            dimension.value,
            str(dimension.label),
            sum(1 for _pk, d in rows if d == dimension),
            sum(1 for pk, d in rows if d == dimension and pk in with_data),
        )
        for dimension in Dimension
    ]
    by_goal = [
        StatusRow(str(goal), sdg_label(goal), len(pks), len(pks & with_data))
        for goal, pks in sorted(goals.items())
    ]
    aligned = set().union(*goals.values()) if goals else set()
    unaligned = {pk for pk, _d in rows} - aligned
    if unaligned:
        by_goal.append(StatusRow("", str(NO_GOAL), len(unaligned), len(unaligned & with_data)))
    total = StatusRow(
        "", str(_("All indicators")), len(rows), len(with_data & {pk for pk, _d in rows})
    )
    return ReportingStatus(total, by_dimension, by_goal)
