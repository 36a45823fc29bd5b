"""Progress of indicators against their targets, and the internationalization index.

Progress status — the method of Open SDG, after Statistics Canada
---------------------------------------------------------------------
(https://open-sdg.readthedocs.io/en/latest/progress-measure/ and Statistics Canada's
*Canadian Indicator Framework* progress methodology.)

From the base value ``y0`` at the base time ``t0``, the latest value ``yi`` at ``ti`` and, when
there is one, the target ``yT`` at ``tT``, with ``d`` = +1 when higher is better and −1 when
lower is better. Times are in years: a baseline or target *year* stands on its 31 December, an
observation on the last day of its period; the base is the indicator's baseline, or its
earliest observation when it has none.

* Observed compound annual growth rate: ``CAGRi = (yi / y0) ** (1 / (ti − t0)) − 1``.
* **With a target**: the growth needed to reach it on time is
  ``CAGRT = (yT / y0) ** (1 / (tT − t0)) − 1`` and the ratio is ``R = d · CAGRi / |CAGRT|``.
  The target is met when ``d · (yi − yT) ≥ 0``; otherwise ``R ≥ 0.95`` is *on track*,
  ``0.60 ≤ R < 0.95`` *moderate* (progress made, acceleration needed) and ``R < 0.60`` *off
  track* (Open SDG's "limited progress", ``0 ≤ R < 0.60``, and "deterioration", ``R < 0``).
* **Without a target**: the growth itself is compared with fixed rates: ``d · CAGRi ≥ 1.5 %``
  is on track, ``0.5 % ≤ d · CAGRi < 1.5 %`` moderate, below 0.5 % off track.
* Compound growth needs positive values. Counts of a young registry often start at 0, so when
  ``y0``, ``yi`` or ``yT`` is not positive we use linear growth instead (our adaptation, not
  Open SDG's): with a target, ``R = d · ((yi − y0) / |yT − y0|) / ((ti − t0) / (tT − t0))``
  (the share of the way covered over the share of the time elapsed), judged with the same
  thresholds; without a target the status cannot be computed and is *no data*.
* *No data*: no observation, no observation after the base, or growth that cannot be computed.

Internationalization index
--------------------------
Described in :data:`INDEX_METHOD`, computed by :func:`internationalization_index`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext_lazy as _

from ciudadglobal.core.periods import Period

from .models import Direction, Indicator, Observation
from .rules import Dimension

ON_TRACK = "on_track"
MODERATE = "moderate"
OFF_TRACK = "off_track"
TARGET_MET = "target_met"
NO_DATA = "no_data"

STATUS_LABELS = {
    TARGET_MET: _("Target achieved"),
    ON_TRACK: _("On track"),
    MODERATE: _("Progress made, acceleration needed"),
    OFF_TRACK: _("Off track"),
    NO_DATA: _("Not enough data"),
}

# Open SDG's thresholds (see the module's docstring).
RATIO_ON_TRACK = 0.95
RATIO_MODERATE = 0.60
GROWTH_ON_TRACK = 0.015
GROWTH_MODERATE = 0.005

PROGRESS_METHOD = _(
    "Status after Open SDG's progress measure (Statistics Canada's method). The observed "
    "compound annual growth from the base value to the latest value is compared with the growth "
    "needed to reach the target on time: a ratio of 95% or more is on track, from 60% to 95% "
    "progress made but acceleration needed, below 60% off track; the target is achieved once "
    "the latest value reaches it. Without a target, an annual growth in the desired direction "
    "of 1.5% or more is on track, from 0.5% to 1.5% moderate, below 0.5% off track. When a "
    "value is zero or negative, compound growth cannot be computed: with a target, the share of "
    "the way to it already covered is compared with the share of the time elapsed instead."
)

_CAGR_WITH_TARGET = _("Observed growth %(observed)s a year; needed %(required)s; ratio %(ratio)s.")
_LINEAR_WITH_TARGET = _(
    "Linear comparison (a value is zero or negative): %(covered)s of the way covered in "
    "%(elapsed)s of the time; ratio %(ratio)s."
)
_CAGR_WITHOUT_TARGET = _("No target: observed growth %(observed)s a year in the desired direction.")
_NO_BASE = _("There is no base value or no observation after it.")
_NO_GROWTH = _("No target, and growth from a zero or negative value cannot be computed.")
_MET = _("The latest value reaches the target.")
_BEHIND = _("The latest value falls short of a target that is already due or needs no growth.")


@dataclass(frozen=True)
class Assessment:
    """The result of the status method on plain numbers."""

    status: str
    ratio: float | None = None
    observed_growth: float | None = None
    required_growth: float | None = None
    explanation: str = ""

    @property
    def label(self) -> str:
        return str(STATUS_LABELS[self.status])


def _years(earlier: date, later: date) -> float:
    return (later - earlier).days / 365.25


def _percent(value: float) -> str:
    return f"{value * 100:.1f}%"


def _by_ratio(ratio: float) -> str:
    if ratio >= RATIO_ON_TRACK:
        return ON_TRACK
    if ratio >= RATIO_MODERATE:
        return MODERATE
    return OFF_TRACK


def assess(
    *,
    base_value: Decimal | float,
    base_time: date,
    latest_value: Decimal | float,
    latest_time: date,
    direction: str = Direction.INCREASE,
    target_value: Decimal | float | None = None,
    target_time: date | None = None,
) -> Assessment:
    """The Open SDG status of a series summed up by its base, latest value and target."""
    d = -1 if direction == Direction.DECREASE else 1
    y0, yi = float(base_value), float(latest_value)
    elapsed = _years(base_time, latest_time)
    if elapsed <= 0:
        return Assessment(NO_DATA, explanation=str(_NO_BASE))
    has_target = target_value is not None and target_time is not None
    if has_target:
        y_t = float(target_value)
        if d * (yi - y_t) >= 0:
            return Assessment(TARGET_MET, explanation=str(_MET))
        horizon = _years(base_time, target_time)
        if horizon <= 0 or y_t == y0:  # due already, or no growth needed: not met is behind
            return Assessment(OFF_TRACK, explanation=str(_BEHIND))
        if y0 > 0 and yi > 0 and y_t > 0:
            observed = (yi / y0) ** (1 / elapsed) - 1
            required = (y_t / y0) ** (1 / horizon) - 1
            ratio = d * observed / abs(required)
            text = _CAGR_WITH_TARGET % {
                "observed": _percent(observed),
                "required": _percent(required),
                "ratio": _percent(ratio),
            }
            return Assessment(_by_ratio(ratio), ratio, observed, required, text)
        covered = d * (yi - y0) / abs(y_t - y0)
        time_share = elapsed / horizon
        ratio = covered / time_share
        text = _LINEAR_WITH_TARGET % {
            "covered": _percent(covered),
            "elapsed": _percent(time_share),
            "ratio": _percent(ratio),
        }
        return Assessment(_by_ratio(ratio), ratio, explanation=text)
    if y0 <= 0 or yi <= 0:
        return Assessment(NO_DATA, explanation=str(_NO_GROWTH))
    observed = (yi / y0) ** (1 / elapsed) - 1
    growth = d * observed
    if growth >= GROWTH_ON_TRACK:
        status = ON_TRACK
    elif growth >= GROWTH_MODERATE:
        status = MODERATE
    else:
        status = OFF_TRACK
    return Assessment(
        status,
        observed_growth=observed,
        explanation=_CAGR_WITHOUT_TARGET % {"observed": _percent(growth)},
    )


@dataclass(frozen=True)
class IndicatorProgress:
    """An indicator's baseline, target, latest observation and status on a given day."""

    indicator: Indicator
    baseline_value: Decimal | None
    baseline_year: int | None
    target_value: Decimal | None
    target_year: int | None
    latest_value: Decimal | None
    latest_period: Period | None
    status: str
    status_label: str
    method: str
    explanation: str = ""
    ratio: float | None = None
    observations: list[Observation] = field(default_factory=list)

    @property
    def has_data(self) -> bool:
        return self.latest_value is not None

    @property
    def baseline(self) -> Decimal | None:
        """The baseline value (its year is ``baseline_year``)."""
        return self.baseline_value

    @property
    def target(self) -> Decimal | None:
        """The target value (its year is ``target_year``)."""
        return self.target_value


def _year_end(year: int) -> date:
    return date(year, 12, 31)


def progress_of(indicator: Indicator, observations: list[Observation]) -> IndicatorProgress:
    """Progress of ``indicator`` from ``observations`` (its observations up to the day asked
    about, oldest first)."""
    latest = observations[-1] if observations else None
    if indicator.baseline_value is not None and indicator.baseline_year is not None:
        base_value, base_time = indicator.baseline_value, _year_end(indicator.baseline_year)
    elif observations:
        base_value, base_time = observations[0].value, observations[0].period_end
    else:
        base_value = base_time = None
    if latest is None or base_value is None:
        assessment = Assessment(NO_DATA, explanation=str(_NO_BASE))
    else:
        has_target = indicator.target_value is not None and indicator.target_year is not None
        assessment = assess(
            base_value=base_value,
            base_time=base_time,
            latest_value=latest.value,
            latest_time=latest.period_end,
            direction=indicator.direction,
            target_value=indicator.target_value if has_target else None,
            target_time=_year_end(indicator.target_year) if has_target else None,
        )
    return IndicatorProgress(
        indicator=indicator,
        baseline_value=indicator.baseline_value,
        baseline_year=indicator.baseline_year,
        target_value=indicator.target_value,
        target_year=indicator.target_year,
        latest_value=latest.value if latest else None,
        latest_period=latest.period if latest else None,
        status=assessment.status,
        status_label=assessment.label,
        method=str(PROGRESS_METHOD),
        explanation=assessment.explanation,
        ratio=assessment.ratio,
        observations=observations,
    )


def indicators_of(government, *, public: bool = True) -> QuerySet[Indicator]:
    """The government's indicators (only published ones for the public)."""
    indicators = Indicator.objects.for_government(government)
    return indicators.published() if public else indicators


def _with_observations(indicators: QuerySet[Indicator], on: date) -> QuerySet[Indicator]:
    return indicators.prefetch_related(
        Prefetch(
            "observations",
            queryset=Observation.objects.filter(period_end__lte=on).order_by(
                "period_end", "period_start"
            ),
            to_attr="observations_until",
        )
    )


def indicator_progress(government, on: date, *, public: bool = True) -> list[IndicatorProgress]:
    """Every indicator of ``government`` with its status on ``on`` (observations of periods
    ended by then). Two queries, whatever the number of indicators."""
    indicators = _with_observations(indicators_of(government, public=public), on)
    return [progress_of(indicator, indicator.observations_until) for indicator in indicators]


# ---------------------------------------------------------------------------------------------
# The internationalization index

INDEX_METHOD = _(
    "The index combines the three dimensions of the measurement framework (institutional, "
    "political, territorial). Each indicator marked as a component takes its latest value "
    "observed in the period and is scaled from 0 to 100 between two goalposts: the worst and "
    "the best values of its own series up to the end of the period (the baseline included), "
    "the best being replaced by the target when there is one; when lower is better the scale "
    "is reversed, and scores are capped at 0 and 100. A dimension's score is the weighted mean "
    "of its components' scores (weights set on each indicator); the index is the plain mean of "
    "the dimensions that have a score, each dimension counting equally. A component without a "
    "value in the period, or whose series has not yet varied, is left out and shown as such."
)

_HUNDRED = Decimal(100)
_ONE_PLACE = Decimal("0.1")


@dataclass(frozen=True)
class IndexComponent:
    indicator: Indicator
    value: Decimal | None
    period: Period | None
    worst: Decimal | None
    best: Decimal | None
    weight: Decimal
    score: Decimal | None

    @property
    def scored(self) -> bool:
        return self.score is not None


@dataclass(frozen=True)
class DimensionScore:
    dimension: str
    label: str
    score: Decimal | None
    components: list[IndexComponent]


@dataclass(frozen=True)
class IndexResult:
    start: date
    end: date
    total: Decimal | None
    dimensions: list[DimensionScore]
    method: str


def normalize(value: Decimal, worst: Decimal, best: Decimal) -> Decimal | None:
    """``value`` on a 0–100 scale from ``worst`` to ``best`` (either order), capped; None when
    the goalposts coincide."""
    if best == worst:
        return None
    score = _HUNDRED * (Decimal(value) - worst) / (best - worst)
    return min(max(score, Decimal(0)), _HUNDRED).quantize(_ONE_PLACE, ROUND_HALF_UP)


def weighted_mean(pairs: list[tuple[Decimal, Decimal]]) -> Decimal | None:
    """The mean of (score, weight) pairs, to one decimal; None for none."""
    weight = sum((w for _s, w in pairs), Decimal(0))
    if not pairs or weight == 0:
        return None
    total = sum((s * w for s, w in pairs), Decimal(0))
    return (total / weight).quantize(_ONE_PLACE, ROUND_HALF_UP)


def index_component(
    indicator: Indicator, observations: list[Observation], start: date
) -> IndexComponent:
    """Score ``indicator`` from its ``observations`` up to the period's end, oldest first."""
    in_period = [o for o in observations if o.period_start >= start]
    latest = in_period[-1] if in_period else None
    series = [o.value for o in observations]
    if indicator.baseline_value is not None:
        series.append(indicator.baseline_value)
    weight = indicator.index_weight
    if latest is None or not series:
        return IndexComponent(indicator, None, None, None, None, weight, None)
    if indicator.direction == Direction.DECREASE:
        worst, best = max(series), min(series)
    else:
        worst, best = min(series), max(series)
    if indicator.target_value is not None:
        best = indicator.target_value
    score = normalize(latest.value, worst, best)
    return IndexComponent(indicator, latest.value, latest.period, worst, best, weight, score)


def internationalization_index(
    government, start: date, end: date, *, public: bool = True
) -> IndexResult:
    """The internationalization index of ``government`` for the period [start, end] (see
    :data:`INDEX_METHOD`)."""
    indicators = _with_observations(
        indicators_of(government, public=public).filter(in_index=True), end
    )
    components: dict[str, list[IndexComponent]] = {d.value: [] for d in Dimension}
    for indicator in indicators:
        components[indicator.dimension].append(
            index_component(indicator, indicator.observations_until, start)
        )
    dimensions = [
        DimensionScore(
            dimension.value,
            str(dimension.label),
            weighted_mean([(c.score, c.weight) for c in components[dimension.value] if c.scored]),
            components[dimension.value],
        )
        for dimension in Dimension
    ]
    scored = [(d.score, Decimal(1)) for d in dimensions if d.score is not None]
    return IndexResult(start, end, weighted_mean(scored), dimensions, str(INDEX_METHOD))
