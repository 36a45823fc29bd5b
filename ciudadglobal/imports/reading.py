"""Reading an uploaded table: CSV (UTF-8, comma or semicolon) or XLSX (its first sheet).

The first row names the columns. Rows whose first cell starts with ``#`` are comments (the
templates' help row) and blank rows are skipped; every other row keeps its number as the
spreadsheet shows it (the header is row 1).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from openpyxl import load_workbook

from ciudadglobal.core import validators as core_validators

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
UPLOAD_TYPES = {".csv": core_validators.PLAIN_TEXT, ".xlsx": {XLSX_MIME}}
#: More rows than this are refused: split the file.
MAX_ROWS = 100_000


@dataclass
class Table:
    header: list[str]
    #: (row number in the file, {column: text})
    rows: list[tuple[int, dict[str, str]]]


def validate_upload(upload) -> None:
    """Refuse a file that is too large, not .csv/.xlsx, or whose content belies its name."""
    core_validators.validate_upload(upload, UPLOAD_TYPES)


def read_table(data: bytes, name: str) -> Table:
    """The header and rows of a CSV or XLSX file; ValidationError when it cannot be read."""
    records = _xlsx_records(data) if name.lower().endswith(".xlsx") else _csv_records(data)
    header: list[str] | None = None
    rows = []
    for number, cells in records:
        cells = [_text(cell) for cell in cells]
        if header is None:
            if any(cells):
                header = [cell.lower() for cell in cells]
                while header and not header[-1]:
                    header.pop()
            continue
        if not any(cells) or cells[0].startswith("#"):
            continue
        rows.append((number, dict(zip(header, cells, strict=False))))
        if len(rows) > MAX_ROWS:
            raise ValidationError(
                _("The file has more than %(max)s rows; split it."),
                code="too_many_rows",
                params={"max": f"{MAX_ROWS:,}"},
            )
    if header is None:
        raise ValidationError(_("The file is empty."), code="empty")
    return Table(header, rows)


def _csv_records(data: bytes):
    try:
        content = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValidationError(
            _("The file is not UTF-8 text. Save it as CSV UTF-8."), code="encoding"
        ) from None
    first_line = content.split("\n", 1)[0]
    try:
        delimiter = csv.Sniffer().sniff(first_line, delimiters=",;").delimiter
    except csv.Error:
        delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.reader(io.StringIO(content, newline=""), delimiter=delimiter)
    try:
        yield from enumerate(reader, start=1)
    except csv.Error as error:
        raise ValidationError(
            _("The CSV file cannot be read near row %(row)s: %(error)s"),
            code="csv",
            params={"row": reader.line_num, "error": error},
        ) from None


def _xlsx_records(data: bytes):
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds of errors for a damaged file
        raise ValidationError(_("The spreadsheet cannot be read."), code="xlsx") from None
    try:
        sheet = workbook.worksheets[0]
        yield from enumerate(sheet.iter_rows(values_only=True), start=1)
    finally:
        workbook.close()


def _text(value) -> str:
    """A cell as text: dates as ISO dates, whole numbers without a decimal point."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else str(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()
