"""The data package of a government validates with frictionless: types, primary keys and
foreign keys of every table; and it holds only published rows."""

from __future__ import annotations

import csv
import io
import json
import zipfile

import pytest
from frictionless import Package, validate

from ciudadglobal.opendata.exports import datapackage_zip
from ciudadglobal.opendata.tables import TABLES
from tests.datasets.conftest import cdmx  # noqa: F401 — the fixture

pytestmark = pytest.mark.django_db


def _validate(content: bytes, tmp_path):
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        archive.extractall(tmp_path)
    report = validate(str(tmp_path / "datapackage.json"))
    return report, json.loads((tmp_path / "datapackage.json").read_text())


def _summary(report) -> str:
    errors = [
        f"{task.name}: {error.type} {error.message}"
        for task in report.tasks
        for error in task.errors
    ]
    return "\n".join(errors[:30])


def test_the_package_of_a_small_registry_validates(registry, tmp_path):
    report, descriptor = _validate(datapackage_zip(registry.government), tmp_path)
    assert report.valid, _summary(report)
    assert [resource["name"] for resource in descriptor["resources"]] == list(TABLES)
    parties = next(r for r in descriptor["resources"] if r["name"] == "agreement_parties")
    assert {"fields": ["actor_id"], "reference": {"resource": "actors", "fields": ["id"]}} in (
        parties["schema"]["foreignKeys"]
    )
    assert descriptor["licenses"][0]["name"] == "CC-BY-4.0"


def test_the_package_holds_only_published_rows(registry, tmp_path):
    with zipfile.ZipFile(io.BytesIO(datapackage_zip(registry.government))) as archive:
        for path, table in (
            ("actors", "actors"),
            ("agreements", "agreements"),
            ("activities", "activities"),
            ("projects", "projects"),
            ("networks", "networks"),
            ("awards", "awards"),
            ("plans", "plans"),
            ("figures", "figures"),
            ("people", "persons"),
        ):
            rows = csv.DictReader(io.TextIOWrapper(archive.open(f"data/{table}.csv"), "utf-8"))
            assert {int(row["id"]) for row in rows} == registry.visible[path], table


def test_a_broken_reference_would_be_caught(registry, tmp_path):
    """The validation can fail: a party pointing to a row not in the package is an error."""
    content = datapackage_zip(registry.government)
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        archive.extractall(tmp_path)
    parties = tmp_path / "data" / "agreement_parties.csv"
    lines = parties.read_text().splitlines()
    header, first = lines[0].split(","), lines[1].split(",")
    first[header.index("actor_id")] = "999999"
    parties.write_text("\r\n".join([lines[0], ",".join(first), *lines[2:]]) + "\r\n")
    report = validate(str(tmp_path / "datapackage.json"))
    assert not report.valid
    assert "foreign-key" in {error.type for task in report.tasks for error in task.errors}


def test_mexico_citys_registry_is_a_valid_data_package(cdmx, tmp_path):  # noqa: F811
    report, _descriptor = _validate(datapackage_zip(cdmx), tmp_path)
    assert report.valid, _summary(report)
    package = Package(str(tmp_path / "datapackage.json"))
    rows = {resource.name: len(resource.read_rows()) for resource in package.resources}
    print("frictionless:", "valid" if report.valid else "INVALID", rows)
    assert rows["agreements"] > 50 and rows["agreement_parties"] > 50
