"""The benchmark's import files: the harness's simple rows, and realistic rows whose
departments, themes and counterparts a generated government resolves."""

from __future__ import annotations

import csv
import io

import pytest

from ciudadglobal.imports.entities import ENTITIES
from ciudadglobal.imports.reading import read_table
from ciudadglobal.imports.rows import import_table
from ciudadglobal.synthetic.generator import generate_network
from ciudadglobal.synthetic.imports import (
    COLUMNS,
    activity_rows,
    simple_activity_rows,
)
from ciudadglobal.tenants.models import HomeGovernment

pytestmark = pytest.mark.django_db


def table(columns, rows):
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(columns)
    writer.writerows(rows)
    return read_table(out.getvalue().encode(), "activities.csv")


def test_the_simple_rows_are_the_harness_rows():
    assert list(simple_activity_rows(13))[12] == [
        "import-12",
        "forum",
        "Taller importado número 12",
        "Imported workshop 12",
        "2016-01",
    ]


def test_the_realistic_rows_import_into_a_generated_government():
    generate_network(1, 0.05, 5)
    government = HomeGovernment.objects.get()
    rows = list(activity_rows(30, government))

    assert rows == list(activity_rows(30, government))
    assert (
        all(row[5] for row in rows) and any(row[6] for row in rows) and any(row[7] for row in rows)
    )
    outcome = import_table(ENTITIES["activities"], government, table(COLUMNS, rows))
    assert outcome.errors == []
    assert outcome.counts["create"] == 30
