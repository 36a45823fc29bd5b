"""The indicators section of the reports, read from ``ciudadglobal.indicators.progress``
(progress of each indicator against its target, and the internationalization index)."""

from __future__ import annotations

from datetime import date

from django.apps import apps
from django.utils.translation import gettext as _

from ciudadglobal.core.models import Visibility, localized
from ciudadglobal.portal.selectors import public

from .content import Cell, Section, Table, format_value


def _progress_module():
    if not apps.is_installed("ciudadglobal.indicators"):  # an installation without it
        return None
    from ciudadglobal.indicators import progress

    return progress


def _text(value) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, int | float) or hasattr(value, "quantize"):
        return format_value(value)
    return str(value)


def _is_public(indicator) -> bool:
    """Only indicators the public may see: published() when the indicator is a record."""
    manager = type(indicator)._default_manager
    if not hasattr(manager, "published") or not hasattr(indicator, "visibility"):
        return True
    return manager.filter(pk=indicator.pk).published().exists()


def progress_rows(government, on: date) -> list:
    progress = _progress_module()
    if progress is None:
        return []
    return [row for row in progress.indicator_progress(government, on) if _is_public(row.indicator)]


def indicators_table(government, on: date) -> Table | None:
    rows = []
    for item in progress_rows(government, on):
        indicator = item.indicator
        code = getattr(indicator, "code", "")
        name = localized(indicator, "name") if hasattr(indicator, "name") else str(indicator)
        latest = getattr(item, "latest_value", None)
        period = getattr(item, "latest_period", "") or ""
        rows.append(
            [
                Cell(f"{code} · {name}" if code else name),
                Cell(_text(item.baseline)),
                Cell(_text(item.target)),
                Cell(
                    f"{_text(latest)} ({period})"
                    if latest is not None and period
                    else _text(latest)
                ),
                Cell(str(item.status_label)),
            ]
        )
    if not rows:
        return None
    return Table(
        "indicators",
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
    if progress is None or not hasattr(progress, "internationalization_index"):
        return None
    result = progress.internationalization_index(government, start, end)
    components = getattr(result, "components", None) or []
    rows = [
        [
            Cell(str(getattr(c, "label", getattr(c, "dimension", c)))),
            Cell(_text(getattr(c, "value", ""))),
        ]
        for c in components
    ]
    rows.append([Cell(_("Total")), Cell(_text(result.total))])
    return Table(
        "internationalization-index",
        _("Internationalization index"),
        [_("Dimension"), _("Value")],
        rows,
        note=str(getattr(result, "method", "") or ""),
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


__all__ = ["Visibility", "index_table", "indicators_section", "indicators_table", "public"]
