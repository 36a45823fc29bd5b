"""The figures page: charts of the government's public records, each with its table and CSV."""

from __future__ import annotations

import csv

from django import forms
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path
from django.utils.translation import gettext_lazy as _

from ..charts import CHARTS, build_chart, build_charts
from ..selectors import portal_government

#: A UTF-8 byte-order mark, so that spreadsheet programs (Excel) read the accents right.
BOM = "\ufeff"


class PeriodForm(forms.Form):
    """The optional period of the charts, in whole years (inclusive)."""

    year_from = forms.IntegerField(
        label=_("From year"), required=False, min_value=1, max_value=9999
    )
    year_to = forms.IntegerField(label=_("To year"), required=False, min_value=1, max_value=9999)

    def clean(self) -> dict:
        data = super().clean()
        start, end = data.get("year_from"), data.get("year_to")
        if start is not None and end is not None and start > end:
            raise forms.ValidationError(
                _("The first year cannot come after the last."), code="reversed_period"
            )
        return data

    def period(self) -> dict[str, int | None]:
        """The valid years asked for; an invalid period is ignored as a whole."""
        if not self.is_valid():
            return {"year_from": None, "year_to": None}
        return {name: self.cleaned_data.get(name) for name in ("year_from", "year_to")}


def _query(period: dict[str, int | None]) -> str:
    return "&".join(f"{name}={value}" for name, value in period.items() if value is not None)


def _file_period(year_from: int | None, year_to: int | None) -> str:
    if year_from is not None and year_to is not None:
        return f"{year_from}-{year_to}"
    if year_from is not None:
        return f"from-{year_from}"
    return f"until-{year_to}" if year_to is not None else ""


def chart_list(request: HttpRequest, government: str) -> HttpResponse:
    """``portal/charts.html``: every chart of :data:`charts.CHARTS` for the period asked
    (``year_from``, ``year_to``). Context: ``government``, ``form``, ``charts`` (ChartData
    list) and ``query`` (the period as a query string, for the CSV links)."""
    government = portal_government(government)
    form = PeriodForm(request.GET or None)
    period = form.period()
    context = {
        "government": government,
        "form": form,
        "charts": build_charts(government, **period),
        "query": _query(period),
        "filtered": any(value is not None for value in period.values()),
    }
    return render(request, "portal/charts.html", context)


def chart_csv(request: HttpRequest, government: str, chart: str) -> HttpResponse:
    """The rows of one chart as CSV, headed in the active language (404 for an unknown
    chart); the same period parameters as the page."""
    government = portal_government(government)
    if chart not in CHARTS:
        raise Http404(_("There is no such chart."))
    period = PeriodForm(request.GET or None).period()
    data = build_chart(CHARTS[chart], government, **period)
    filename = "-".join(filter(None, (government.slug, data.slug, _file_period(**period))))
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    response.write(BOM)
    writer = csv.writer(response)
    writer.writerow(data.header())
    writer.writerows(data.lines())
    return response


urlpatterns = [
    path("figures/", chart_list, name="charts"),
    path("figures/<slug:chart>.csv", chart_csv, name="chart-csv"),
]
