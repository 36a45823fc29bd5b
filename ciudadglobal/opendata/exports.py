"""The downloads of a government's public registry: each table as CSV, XLSX or JSON, and the
whole registry as a Frictionless Data Package (a zip of CSV files and ``datapackage.json``).

Everything is built from ``tables.TABLES``: the files, their Table Schemas and the open-data
page can never disagree on a column.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import override
from openpyxl import Workbook

from .tables import TABLES, Column, Table, last_updated

FORMATS = ("csv", "xlsx", "json")

#: The licence of the data when nothing else is said: Creative Commons Attribution 4.0.
DEFAULT_LICENCE = {
    "name": "CC-BY-4.0",
    "title": "Creative Commons Attribution 4.0 International",
    "path": "https://creativecommons.org/licenses/by/4.0/",
}


def data_licence(government) -> dict[str, str]:
    """The licence under which ``government`` publishes its registry: its own when it has one
    (a ``data_licence`` setting per government slug), else CC BY 4.0."""
    chosen = getattr(settings, "OPEN_DATA_LICENCES", {}).get(government.slug)
    return dict(chosen or DEFAULT_LICENCE)


def cell(column: Column, value: Any) -> Any:
    """A value as written in a CSV or XLSX cell (lists joined, booleans spelled out)."""
    if value is None:
        return ""
    if column.many:
        return column.separator.join(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        return value.isoformat().replace("+00:00", "Z")
    return value


def table_csv(table: Table, government) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([column.name for column in table.columns])
    for row in table.all_rows(government):
        writer.writerow([cell(column, row[column.name]) for column in table.columns])
    return buffer.getvalue().encode("utf-8")


def table_xlsx(table: Table, government) -> bytes:
    """One sheet of data (a header of column names) and one describing the columns."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = table.name[:31]
    sheet.append([column.name for column in table.columns])
    for row in table.all_rows(government):
        values = []
        for column in table.columns:
            value = cell(column, row[column.name])
            values.append(float(value) if isinstance(value, Decimal) else value)
        sheet.append(values)
    sheet.freeze_panes = "A2"
    about = workbook.create_sheet(str(_("Columns"))[:31])
    about.append([str(_("Column")), str(_("Type")), str(_("Description"))])
    for column in table.columns:
        about.append([column.name, column.type, column.description()])
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def _json_default(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime):
        return value.isoformat().replace("+00:00", "Z")
    raise TypeError(f"not serializable: {type(value).__name__}")


def table_json(table: Table, government) -> bytes:
    document = {
        "table": table.name,
        "government": government.slug,
        "generated": timezone.now(),
        "licence": data_licence(government),
        "schema": table_schema(table),
        "rows": table.all_rows(government),
    }
    return json.dumps(document, ensure_ascii=False, indent=1, default=_json_default).encode()


EXPORTERS = {"csv": table_csv, "xlsx": table_xlsx, "json": table_json}
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json",
    "zip": "application/zip",
}


def export_table(table_name: str, format: str, government) -> bytes:
    return EXPORTERS[format](TABLES[table_name], government)


# --- Data package ---------------------------------------------------------------------------


def field_descriptor(column: Column) -> dict[str, Any]:
    """The Table Schema field of a column: lists are strings of codes or names."""
    descriptor: dict[str, Any] = {
        "name": column.name,
        "title": str(column.label),
        "type": "string" if column.many else column.type,
        "description": column.description(),
    }
    constraints: dict[str, Any] = {}
    if column.required:
        constraints["required"] = True
    if column.enum is not None:
        constraints["enum"] = [value for value, _label in column.enum.choices]
    if column.pattern and not column.many:
        constraints["pattern"] = column.pattern.strip("^$")
    if column.pattern and column.many:
        item = column.pattern.strip("^$")
        constraints["pattern"] = f"({item})({column.separator}({item}))*"
    if column.type == "datetime":
        descriptor["format"] = "%Y-%m-%dT%H:%M:%SZ"
    if column.name == "id":
        constraints["unique"] = True
    if constraints:
        descriptor["constraints"] = constraints
    return descriptor


def table_schema(table: Table) -> dict[str, Any]:
    """The Frictionless Table Schema of ``table``: types, primary key, foreign keys."""
    schema: dict[str, Any] = {
        "fields": [field_descriptor(column) for column in table.columns],
        "primaryKey": ["id"],
        "missingValues": [""],
    }
    foreign_keys = [
        {
            "fields": [column.name],
            "reference": {"resource": column.references, "fields": ["id"]},
        }
        for column in table.columns
        if column.references
    ]
    if foreign_keys:
        schema["foreignKeys"] = foreign_keys
    return schema


def datapackage_descriptor(government, updated: datetime | None = None) -> dict[str, Any]:
    with override("en"):
        resources = [
            {
                "name": table.name,
                "path": f"data/{table.name}.csv",
                "profile": "tabular-data-resource",
                "title": str(table.title),
                "description": str(table.description),
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "schema": table_schema(table),
            }
            for table in TABLES.values()
        ]
        name = government.name_en or government.name
    descriptor = {
        "profile": "tabular-data-package",
        "name": f"{government.slug}-international-action",
        "title": f"{name}: international action registry",
        "description": (
            "The public records of the international action of "
            f"{name}: agreements, activities, projects, partners, networks, awards, plans "
            "and published figures."
        ),
        "licenses": [data_licence(government)],
        "created": timezone.now().replace(microsecond=0).isoformat(),
        "keywords": ["international relations", "paradiplomacy", "city diplomacy", "SDG"],
        "resources": resources,
    }
    if updated is not None:
        descriptor["updated"] = updated.replace(microsecond=0).isoformat()
    return descriptor


def datapackage_zip(government) -> bytes:
    """The whole public registry of ``government`` as a zipped Frictionless Data Package."""
    output = io.BytesIO()
    descriptor = datapackage_descriptor(government, last_updated(government))
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("datapackage.json", json.dumps(descriptor, ensure_ascii=False, indent=2))
        for table in TABLES.values():
            archive.writestr(f"data/{table.name}.csv", table_csv(table, government))
    return output.getvalue()
