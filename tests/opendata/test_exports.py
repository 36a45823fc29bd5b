"""Each table as CSV, XLSX and JSON, and the open-data page and its downloads."""

from __future__ import annotations

import csv
import io
import json

import pytest
from openpyxl import load_workbook

from ciudadglobal.opendata.exports import export_table, table_schema
from ciudadglobal.opendata.tables import TABLES

pytestmark = pytest.mark.django_db


def test_csv_has_the_columns_of_its_table_and_joins_lists(registry):
    content = export_table("agreements", "csv", registry.government).decode()
    rows = list(csv.DictReader(io.StringIO(content)))
    assert list(rows[0]) == [column.name for column in TABLES["agreements"].columns]
    twinning = next(row for row in rows if row["title"] == "Hermanamiento con París")
    assert twinning["signed"] == "2013-05-02"
    assert twinning["department_id"] == ""  # internal department: not disclosed
    assert twinning["signed_date_unknown"] == "false"


def test_xlsx_has_the_data_and_the_description_of_the_columns(registry):
    workbook = load_workbook(io.BytesIO(export_table("fundings", "xlsx", registry.government)))
    data, columns = workbook.worksheets
    header, *rows = list(data.values)
    assert list(header) == [column.name for column in TABLES["fundings"].columns]
    assert [row[header.index("amount")] for row in rows] == [1500.5]
    assert [row[0] for row in columns.iter_rows(min_row=2, values_only=True)] == list(header)


def test_json_has_rows_schema_and_licence(registry):
    document = json.loads(export_table("activities", "json", registry.government))
    assert document["schema"] == json.loads(json.dumps(table_schema(TABLES["activities"])))
    assert [row["countries"] for row in document["rows"]] == [["FR"]]
    assert document["licence"]["name"] == "CC-BY-4.0"


def test_open_data_page_describes_every_table(client, registry):
    page = client.get("/cdmx/open-data/").content.decode()
    for table in TABLES.values():
        assert f'id="table-{table.name}"' in page
        assert f"/cdmx/open-data/{table.name}.csv" in page
    assert "ISO 3166-1" in page and "creativecommons.org/licenses/by/4.0" in page
    assert (
        "/cdmx/open-data/datapackage.zip" in page and "/cdmx/open-data/iati-activities.xml" in page
    )


@pytest.mark.parametrize(
    "path, content_type",
    [
        ("agreements.csv", "text/csv; charset=utf-8"),
        ("agreements.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        ("agreements.json", "application/json"),
        ("datapackage.zip", "application/zip"),
        ("popolo.json", "application/json"),
        ("activities.ics", "text/calendar; charset=utf-8"),
        ("iati-activities.xml", "application/xml"),
    ],
)
def test_downloads(client, registry, path, content_type):
    response = client.get(f"/cdmx/open-data/{path}")
    assert response.status_code == 200
    assert response["Content-Type"] == content_type


@pytest.mark.parametrize("path", ["nothing.csv", "agreements.pdf", "dataset_keys.csv"])
def test_unknown_files_are_404(client, registry, path):
    assert client.get(f"/cdmx/open-data/{path}").status_code == 404


def test_other_governments_files_hold_none_of_these_records(client, registry):
    content = client.get("/bogota/open-data/agreements.csv").content.decode()
    assert "Hermanamiento con París" not in content and "Convenio de Bogotá con París" in content
    assert client.get("/nowhere/open-data/agreements.csv").status_code == 404
