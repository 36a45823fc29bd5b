"""Fixtures for bulk imports: the records the example rows of the templates refer to."""

from __future__ import annotations

import csv
import io

import pytest
from openpyxl import Workbook

from ciudadglobal.actors.models import ActorKind
from tests import factories as f

IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(autouse=True)
def _immediate_tasks(settings):
    settings.TASKS = IMMEDIATE


@pytest.fixture
def registry(government):
    """What the templates' examples name: the partner "paris", two themes, a department."""
    paris = f.ActorFactory(
        home_government=government,
        dataset_key="paris",
        name="París",
        kind=ActorKind.FOREIGN_LOCAL_GOVERNMENT,
    )
    berlin = f.ActorFactory(
        home_government=government,
        dataset_key="berlin",
        name="Berlín",
        name_en="Berlin",
        kind=ActorKind.FOREIGN_LOCAL_GOVERNMENT,
    )
    return {
        "paris": paris,
        "berlin": berlin,
        "environment": f.ThemeFactory(home_government=government, name="Medio ambiente"),
        "culture": f.ThemeFactory(home_government=government, name="Cultura"),
        "sedema": f.DepartmentFactory(
            home_government=government, name="Secretaría del Medio Ambiente", acronym="SEDEMA"
        ),
    }


def csv_bytes(rows: list[dict], *, delimiter: str = ",", bom: bool = False) -> bytes:
    header = list(rows[0])
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter)
    writer.writerow(header)
    for row in rows:
        writer.writerow([row.get(name, "") for name in header])
    return out.getvalue().encode("utf-8-sig" if bom else "utf-8")


def xlsx_bytes(rows: list[dict]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    header = list(rows[0])
    sheet.append(header)
    for row in rows:
        sheet.append([row.get(name, "") or None for name in header])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
