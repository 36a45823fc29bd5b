"""Downloadable templates: an entity's columns, their help and an example row.

CSV: the header, a help row (its first cell starts with ``#``, so importing skips it) and the
example row. XLSX: the header and the example on the first sheet, formatted as text so that a
spreadsheet never turns "2014-04" into an invented day, and a second sheet describing each
column. Both import back as they are once the example is replaced by real rows.
"""

from __future__ import annotations

import csv
import io

from django.utils.translation import gettext
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from .columns import Column
from .entities import Entity


def _allowed(column: Column) -> str:
    if column.choices is None:
        return ""
    return "; ".join(f"{value} = {label}" for value, label in column.choices.choices)


def _help(column: Column) -> str:
    required = gettext("Required.") if column.required else gettext("Optional.")
    text = f"{required} {column.help}"
    if column.choices is not None:
        text += " " + _allowed(column)
    return text


def template_csv(entity: Entity) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([column.name for column in entity.columns])
    helps = [_help(column) for column in entity.columns]
    helps[0] = f"# {helps[0]}"
    writer.writerow(helps)
    writer.writerow([column.example for column in entity.columns])
    return out.getvalue().encode("utf-8-sig")


def template_xlsx(entity: Entity) -> bytes:
    workbook = Workbook()
    data = workbook.active
    data.title = str(entity.verbose_name_plural)[:31]
    data.append([column.name for column in entity.columns])
    data.append([column.example for column in entity.columns])
    for index, column in enumerate(entity.columns, start=1):
        letter = get_column_letter(index)
        data.column_dimensions[letter].width = max(14, len(column.name) + 4)
        data.column_dimensions[letter].number_format = "@"
        data.cell(row=1, column=index).font = Font(bold=True)
        data.cell(row=2, column=index).number_format = "@"
    data.freeze_panes = "A2"
    guide = workbook.create_sheet(gettext("Columns")[:31])
    guide.append(
        [
            gettext("Column"),
            gettext("Required"),
            gettext("Type"),
            gettext("Description"),
            gettext("Allowed values"),
            gettext("Example"),
        ]
    )
    for column in entity.columns:
        guide.append(
            [
                column.name,
                gettext("yes") if column.required else gettext("no"),
                str(column.kind),
                str(column.help),
                _allowed(column),
                column.example,
            ]
        )
    for cell in guide[1]:
        cell.font = Font(bold=True)
    for letter, width in zip("ABCDEF", (20, 10, 26, 70, 50, 26), strict=True):
        guide.column_dimensions[letter].width = width
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
