"""The transparency page: the figures the government has published beside what its registry
counts, and the known problems in the data (quality flags), open and resolved."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from babel.numbers import format_currency, format_decimal, format_percent
from django import forms
from django.db import models
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path
from django.utils.translation import get_language, gettext_lazy, to_locale
from django.utils.translation import gettext as _

from ciudadglobal.core.models import localized
from ciudadglobal.core.partialdates import PartialDate
from ciudadglobal.tenants.models import HomeGovernment
from ciudadglobal.transparency.models import FigureUnit, FlagStatus, PublishedFigure, QualityFlag

from ..charts import sort_key
from ..selectors import portal_government, public


class Comparison(models.TextChoices):
    MATCHES = "matches", gettext_lazy("Matches")
    DIFFERS = "differs", gettext_lazy("Differs")
    NOT_ITEMIZED = "not_itemized", gettext_lazy("Not itemized")


def _locale() -> str:
    return to_locale(get_language() or "es")


def format_value(value: Decimal | int, unit: str, currency: str = "") -> str:
    """A figure's value in the active language: 5.366 · 45,5 % · 2.000.000,00 € (es)."""
    if unit == FigureUnit.PERCENT:
        return format_percent(Decimal(value) / 100, locale=_locale(), decimal_quantization=False)
    if unit == FigureUnit.AMOUNT and currency:
        return format_currency(value, currency, locale=_locale())
    return format_decimal(value, locale=_locale())


def format_period(start: PartialDate | None, end: PartialDate | None) -> str:
    """'2013–2017', '2018', 'from 2013', 'until 2018', or '' when the source gives none."""
    if start and end:
        return start.format() if start == end else f"{start.format()}–{end.format()}"
    if start:
        return _("from %(date)s") % {"date": start.format()}
    if end:
        return _("until %(date)s") % {"date": end.format()}
    return ""


def format_source(figure: PublishedFigure) -> str:
    """Where in its source the figure is stated: 'p. 45, line 915'."""
    parts = []
    if figure.source_page:
        parts.append(_("p. %(page)s") % {"page": figure.source_page})
    if figure.source_line:
        parts.append(_("line %(line)s") % {"line": figure.source_line})
    return ", ".join(parts)


@dataclass
class FigureRow:
    """A published figure, what the registry counts for it (None when it does not itemize
    it) and the open flags that concern it."""

    figure: PublishedFigure
    registry: Decimal | int | None
    flags: list[QualityFlag] = field(default_factory=list)

    @property
    def comparison(self) -> Comparison:
        if self.registry is None:
            return Comparison.NOT_ITEMIZED
        if Decimal(self.registry) == self.figure.value:
            return Comparison.MATCHES
        return Comparison.DIFFERS

    @property
    def label(self) -> str:
        return localized(self.figure, "label") or _("Total")

    @property
    def value(self) -> str:
        return format_value(self.figure.value, self.figure.unit, self.figure.currency)

    @property
    def registry_value(self) -> str:
        if self.registry is None:
            return ""
        return format_value(self.registry, self.figure.unit, self.figure.currency)

    @property
    def difference(self) -> str:
        """The registry's count minus the published value, signed: '+1', '−5'."""
        if self.comparison != Comparison.DIFFERS:
            return ""
        difference = Decimal(self.registry) - self.figure.value
        sign = "+" if difference > 0 else "−"
        return f"{sign}{format_value(abs(difference), self.figure.unit, self.figure.currency)}"

    @property
    def period(self) -> str:
        return format_period(self.figure.period_start, self.figure.period_end)

    @property
    def source(self) -> str:
        return format_source(self.figure)


@dataclass
class FigureGroup:
    name: str
    rows: list[FigureRow]


def quality_flags(government: HomeGovernment) -> list[QualityFlag]:
    """Every public flag, with the public figures it concerns in ``public_figures``
    (two queries), in the alphabetical order of its title in the active language."""
    figures = public(PublishedFigure, government).order_by("pk")
    flags = public(QualityFlag, government).prefetch_related(
        Prefetch("figures", queryset=figures, to_attr="public_figures")
    )
    return sorted(flags, key=lambda flag: sort_key(localized(flag, "title")))


def figure_rows(government: HomeGovernment, flags: list[QualityFlag]) -> list[FigureRow]:
    """Every public figure with the registry's public count: one query, plus one per figure
    the registry itemizes (its ``registry_query``)."""
    open_flags: dict[int, list[QualityFlag]] = defaultdict(list)
    for flag in flags:
        if flag.status == FlagStatus.OPEN:
            for figure in flag.public_figures:
                open_flags[figure.pk].append(flag)
    figures = public(PublishedFigure, government).select_related("source")
    return [
        FigureRow(figure, figure.registry_count(public_only=True), open_flags[figure.pk])
        for figure in figures.order_by("pk")
    ]


def figure_groups(rows: list[FigureRow]) -> list[FigureGroup]:
    """The rows grouped by what they count, groups in the order their source states them
    (first line), figures in the order they were recorded."""
    groups: dict[str, list[FigureRow]] = defaultdict(list)
    for row in rows:
        groups[localized(row.figure, "group")].append(row)

    def first_line(item: tuple[str, list[FigureRow]]) -> tuple:
        name, members = item
        lines = [row.figure.source_line for row in members if row.figure.source_line]
        return (not lines, min(lines, default=0), sort_key(name))

    return [FigureGroup(name, members) for name, members in sorted(groups.items(), key=first_line)]


class ComparisonForm(forms.Form):
    comparison = forms.ChoiceField(
        label=gettext_lazy("Figures to show"),
        required=False,
        choices=[("", gettext_lazy("All published figures")), *Comparison.choices],
    )

    def selected(self) -> str:
        return self.cleaned_data.get("comparison", "") if self.is_valid() else ""


def transparency(request: HttpRequest, government: str) -> HttpResponse:
    """``portal/transparency.html``: published figures by group beside the registry's public
    counts (``groups``, filtered by ``comparison``), a count of each comparison (``summary``),
    and the public quality flags (``flag_lists``: open ones, then resolved ones); with
    ``government`` and ``form``. Queries: 4, plus one per figure with a registry query."""
    government = portal_government(government)
    flags = quality_flags(government)
    rows = figure_rows(government, flags)
    form = ComparisonForm(request.GET or None)
    selected = form.selected()
    summary = [
        (comparison, sum(1 for row in rows if row.comparison == comparison))
        for comparison in Comparison
    ]
    shown = [row for row in rows if not selected or row.comparison == selected]
    sources = {row.figure.source for row in shown}
    context = {
        "government": government,
        "form": form,
        "selected": selected,
        "summary": summary,
        "total": len(rows),
        "groups": figure_groups(shown),
        "shown": len(shown),
        "single_source": sources.pop() if len(sources) == 1 else None,
        "selected_label": Comparison(selected).label if selected else "",
        "flag_lists": [
            (status, [flag for flag in flags if flag.status == status])
            for status in (FlagStatus.OPEN, FlagStatus.RESOLVED)
        ],
    }
    return render(request, "portal/transparency.html", context)


urlpatterns = [path("transparency/", transparency, name="transparency")]
