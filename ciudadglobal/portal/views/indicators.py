"""Indicators of international action: their progress, each one's series, which have data, and
the internationalization index with its method. Only published indicators are shown."""

from __future__ import annotations

from collections import defaultdict

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ciudadglobal.core.pagecache import uncached
from ciudadglobal.core.periods import Period, parse_period
from ciudadglobal.indicators.models import Observation
from ciudadglobal.indicators.progress import (
    INDEX_METHOD,
    PROGRESS_METHOD,
    STATUS_LABELS,
    indicator_progress,
    indicators_of,
    internationalization_index,
    progress_of,
)
from ciudadglobal.indicators.rules import Dimension
from ciudadglobal.indicators.selectors import (
    breakdowns,
    public_indicator,
    reporting_status,
    series_chart,
)

from ..selectors import portal_government

OPEN_SDG_URL = "https://open-sdg.readthedocs.io/en/latest/progress-measure/"


@uncached  # progress and status are computed for today's date
def indicator_list(request: HttpRequest, government: str) -> HttpResponse:
    """``portal/indicator_list.html``: ``groups``, (dimension label, [IndicatorProgress]) in the
    order of the dimensions, with each indicator's status today; ``method`` and ``statuses``
    (the legend)."""
    government = portal_government(government)
    grouped = defaultdict(list)
    for progress in indicator_progress(government, timezone.localdate()):
        grouped[progress.indicator.dimension].append(progress)
    groups = [(d.label, grouped[d.value]) for d in Dimension if grouped[d.value]]
    context = {
        "government": government,
        "groups": groups,
        "method": PROGRESS_METHOD,
        "method_url": OPEN_SDG_URL,
        "statuses": list(STATUS_LABELS.items()),
    }
    return render(request, "portal/indicator_list.html", context)


@uncached  # progress and status are computed for today's date
def indicator_detail(request: HttpRequest, government: str, pk: int) -> HttpResponse:
    """``portal/indicator_detail.html``: ``indicator`` (a published one, else 404), its
    ``progress`` today, ``observations`` (oldest first), ``chart`` (the series as SVG) and the
    latest observation's ``breakdowns``."""
    government = portal_government(government)
    indicator = public_indicator(government, pk)
    today = timezone.localdate()
    observations = list(indicator.observations.all())
    progress = progress_of(indicator, [o for o in observations if o.period_end <= today])
    latest = observations[-1] if observations else None
    context = {
        "government": government,
        "indicator": indicator,
        "progress": progress,
        "observations": observations,
        "chart": series_chart(indicator, observations) if observations else None,
        "latest": latest,
        "breakdowns": breakdowns(latest),
        "method": PROGRESS_METHOD,
        "method_url": OPEN_SDG_URL,
    }
    return render(request, "portal/indicator_detail.html", context)


@uncached  # progress and status are computed for today's date
def reporting_status_view(request: HttpRequest, government: str) -> HttpResponse:
    """``portal/indicator_status.html``: ``status``, a ReportingStatus (indicators with data in
    all, per dimension and per SDG goal)."""
    government = portal_government(government)
    status = reporting_status(government, timezone.localdate())
    return render(
        request, "portal/indicator_status.html", {"government": government, "status": status}
    )


class IndexPeriodForm(forms.Form):
    period = forms.ChoiceField(label=_("Period"), required=False)

    def __init__(self, *args, periods: list[Period], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["period"].choices = [(p.label, p.label) for p in periods]


def index_periods(government) -> list[Period]:
    """The years and semesters with an observation of a published index component, newest
    first."""
    found = (
        Observation.objects.filter(indicator__in=indicators_of(government).filter(in_index=True))
        .values_list("period_start", "period_end")
        .distinct()
    )
    periods = {Period(start, end) for start, end in found}
    years = {
        Period(p.start.replace(month=1, day=1), p.end.replace(month=12, day=31)) for p in periods
    }
    return sorted(periods | years, key=lambda p: (p.end, p.start), reverse=True)


@uncached  # progress and status are computed for today's date
def index_view(request: HttpRequest, government: str) -> HttpResponse:
    """``portal/indicator_index.html``: ``result`` (the IndexResult of the period chosen, the
    latest with data by default), ``form`` to choose another and ``method``."""
    government = portal_government(government)
    periods = index_periods(government)
    form = IndexPeriodForm(request.GET or None, periods=periods)
    period = periods[0] if periods else None
    if form.is_bound and form.is_valid() and form.cleaned_data["period"]:
        period = parse_period(form.cleaned_data["period"])
    result = internationalization_index(government, period.start, period.end) if period else None
    context = {
        "government": government,
        "form": form,
        "period": period,
        "result": result,
        "method": INDEX_METHOD,
    }
    return render(request, "portal/indicator_index.html", context)


urlpatterns = [
    path("indicators/", indicator_list, name="indicator-list"),
    path("indicators/status/", reporting_status_view, name="indicator-status"),
    path("indicators/index/", index_view, name="indicator-index"),
    path("indicators/<int:pk>/", indicator_detail, name="indicator-detail"),
]
