"""The indicators section of the reports, read from ``ciudadglobal.indicators.progress``:
each public indicator against its target (``indicator_progress``) and the
internationalization index with its method (``internationalization_index``)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.apps import apps
from django.urls import NoReverseMatch
from django.utils.translation import gettext as _

from ciudadglobal.core.models import localized
from ciudadglobal.portal.links import portal_url

from .content import Cell, Section, Table, format_value


def _progress_module():
    if not apps.is_installed("ciudadglobal.indicators"):  # an installation without it
        return None
    from ciudadglobal.indicators import progress

    return progress


def _number(value: Decimal | int | None, year: int | str | None = None) -> str:
    if value is None:
        return "—"
    text = format_value(value)
    return f"{text} ({year})" if year else text


def _indicator_url(indicator, slug: str) -> str:
    try:
        return portal_url("indicator-detail", slug, pk=indicator.pk)
    except NoReverseMatch:
        return ""


def indicators_table(government, on: date) -> Table | None:
    progress = _progress_module()
    if progress is None:
        return None
    rows = []
    for item in progress.indicator_progress(government, on, public=True):
        indicator = item.indicator
        name = f"{indicator.code} · {localized(indicator, 'name')}"
        rows.append(
            [
                Cell(name, _indicator_url(indicator, government.slug)),
                Cell(_number(item.baseline_value, item.baseline_year)),
                Cell(_number(item.target_value, item.target_year)),
                Cell(_number(item.latest_value, item.latest_period)),
                Cell(str(item.status_label)),
            ]
        )
    if not rows:
        return None
    return Table(
        "table-indicators",
        _("Indicators against their targets"),
        [_("Indicator"), _("Baseline"), _("Target"), _("Latest value"), _("Status")],
        rows,
        note=_(
            "Status after Statistics Canada's method as used by Open SDG: from the base year, "
            "the target and the direction of progress, on track, moderate or off track."
        ),
    )


def index_table(government, start: date, end: date) -> Table | None:
    progress = _progress_module()
    if progress is None:
        return None
    result = progress.internationalization_index(government, start, end)
    if result.total is None and not any(d.score is not None for d in result.dimensions):
        return None
    rows = [[Cell(str(d.label)), Cell(_number(d.score))] for d in result.dimensions]
    rows.append([Cell(_("Total")), Cell(_number(result.total))])
    return Table(
        "table-internationalization-index",
        _("Internationalization index"),
        [_("Dimension"), _("Value")],
        rows,
        note=str(result.method),
    )


def indicators_section(builder) -> Section:
    tables = [
        table
        for table in (
            indicators_table(builder.government, builder.end),
            index_table(builder.government, builder.start, builder.end),
        )
        if table is not None
    ]
    return Section(
        "indicators",
        _("Indicators"),
        _("The indicators of the strategy, against their targets, at the end of the period."),
        tables=tables,
        empty=_("No indicator has been defined yet."),
    )
