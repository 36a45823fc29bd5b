"""What a report is made of, whatever its format: sections of figures and tables.

Every figure keeps the records behind it (each with its portal page) and the address of the
portal explorer that lists them; the HTML, PDF and DOCX renderers all read this one structure,
so the three formats always show the same numbers.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from babel.numbers import format_decimal
from django.utils.translation import get_language, to_locale


def format_value(value: int | Decimal) -> str:
    """A figure as the report prints it, in the active language: 1.234 (es), 1,234 (en)."""
    locale = to_locale(get_language() or "es")
    if isinstance(value, Decimal):
        return format_decimal(value, format="#,##0.00", locale=locale)
    return format_decimal(value, locale=locale)


@dataclass(frozen=True)
class RecordRef:
    """A record behind a figure: how it is named and its public page ("" when it has none)."""

    label: str
    url: str = ""


@dataclass
class Figure:
    """A number of the report, the records it counts and the explorer that lists them."""

    id: str
    label: str
    value: int | Decimal
    records: list[RecordRef] = field(default_factory=list)
    explore_url: str = ""
    unit: str = ""  # a currency code for amounts

    @property
    def display(self) -> str:
        text = format_value(self.value)
        return f"{text} {self.unit}" if self.unit else text


@dataclass(frozen=True)
class Cell:
    text: str
    url: str = ""
    figure: Figure | None = None

    @property
    def numeric(self) -> bool:
        return self.figure is not None


@dataclass
class Table:
    """A table of a section; with ``chart``, the table's figures are also drawn as bars."""

    id: str
    caption: str
    header: list[str]
    rows: list[list[Cell]]
    chart: object | None = None  # portal.charts.ChartData
    note: str = ""


@dataclass
class Section:
    id: str
    title: str
    intro: str = ""
    figures: list[Figure] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    empty: str = ""  # said when the section has nothing to show


@dataclass
class ReportContent:
    """A whole report: title, period, when it was computed, its sections and its method."""

    government: object
    title: str
    subtitle: str
    period_start: date
    period_end: date
    computed_on: date
    sections: list[Section]
    method: list[str] = field(default_factory=list)

    def figures(self) -> Iterator[Figure]:
        """Every figure once: those of the sections, then those in their tables' cells."""
        seen: set[str] = set()
        for section in self.sections:
            for figure in section.figures:
                if figure.id not in seen:
                    seen.add(figure.id)
                    yield figure
            for table in section.tables:
                for row in table.rows:
                    for cell in row:
                        if cell.figure is not None and cell.figure.id not in seen:
                            seen.add(cell.figure.id)
                            yield cell.figure

    def figure(self, figure_id: str) -> Figure:
        for figure in self.figures():
            if figure.id == figure_id:
                return figure
        raise KeyError(figure_id)
