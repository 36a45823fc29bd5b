"""Backup and restore: the whole database and uploaded files, every count equal afterwards."""

from __future__ import annotations

import json
import zipfile
from datetime import date
from decimal import Decimal

import pytest
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command
from django.db import connection

from ciudadglobal.agreements.models import Agreement, AgreementDocument
from ciudadglobal.coordination.backup import MIGRATION_DATA, read_manifest, row_counts
from ciudadglobal.coordination.models import (
    CabinetSession,
    OperatingPlan,
    PlannedAction,
    Resolution,
)
from tests import factories as f
from tests.conftest import make_staff


@pytest.mark.django_db
def test_migration_data_is_what_a_fresh_database_holds():
    assert {label for label, count in row_counts().items() if count} == set(MIGRATION_DATA)


def populate(government, other_government):
    staff = make_staff(government, username="ana", email="ana@example.org")
    department = f.DepartmentFactory(home_government=government, name="Medio Ambiente")
    agreement = f.AgreementFactory(home_government=government, title="Convenio <b>París</b>")
    f.AgreementPartyFactory(agreement=agreement)
    f.CommitmentFactory(agreement=agreement, department=department)
    activity = f.ActivityFactory(
        home_government=government, cost=Decimal("12.50"), cost_currency="EUR"
    )
    activity.agreements.add(agreement)
    activity.departments.add(department)
    f.ActivityFactory(home_government=other_government)
    AgreementDocument.objects.create(
        agreement=agreement, title="Texto firmado", file=ContentFile(b"%PDF-1.4 x", name="t.pdf")
    )
    plan = OperatingPlan.objects.create(
        home_government=government, department=department, year=2018
    )
    PlannedAction.objects.create(
        plan=plan, title="Gira", budget=Decimal("100"), budget_currency="MXN"
    ).activities.add(activity)
    session = CabinetSession.objects.create(home_government=government, date=date(2018, 5, 2))
    session.departments.add(department)
    Resolution.objects.create(session=session, text="Informe", department=department)
    return staff


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_round_trip_keeps_every_row_and_file(tmp_path, settings):
    government = f.HomeGovernmentFactory(name="Ciudad de México", slug="cdmx")
    other = f.HomeGovernmentFactory(name="Bogotá", slug="bogota", country="CO")
    staff = populate(government, other)
    before = row_counts()
    archive = tmp_path / "backup.zip"

    call_command("backup", str(archive))

    manifest = read_manifest(archive)
    assert manifest["counts"] == before
    assert manifest["engine"] == connection.vendor
    assert before["agreements.agreement"] == 1 and before["activities.activity"] == 2
    assert before["coordination.historicalplannedaction"] >= 1
    with zipfile.ZipFile(archive) as bundle:
        files = [name for name in bundle.namelist() if name.startswith("media/")]
        assert len(files) == 1 and json.loads(bundle.read("data/agreements.json"))

    # An occupied database is refused, and left as it was.
    with pytest.raises(CommandError, match="not empty"):
        call_command("restore", str(archive))

    call_command("flush", interactive=False, verbosity=0)
    media = settings.MEDIA_ROOT
    for path in sorted(media.rglob("*"), reverse=True):
        path.unlink() if path.is_file() else path.rmdir()
    assert not any(row_counts().get(label) for label in ("agreements.agreement", "auth.user"))

    call_command("restore", str(archive))

    assert row_counts() == before
    restored = Agreement.objects.get()
    assert restored.title == "Convenio <b>París</b>"
    assert restored.activities.get().cost == Decimal("12.50")
    assert restored.documents.get().file.read() == b"%PDF-1.4 x"
    assert staff.__class__.objects.get(username="ana").check_password("pass-1234")
    assert PlannedAction.objects.get().activities.count() == 1


@pytest.mark.django_db
def test_restore_refuses_an_archive_from_other_migrations(tmp_path):
    archive = tmp_path / "backup.zip"
    call_command("backup", str(archive))
    with zipfile.ZipFile(archive) as bundle:
        manifest = json.loads(bundle.read("manifest.json"))
    manifest["migrations"].append(["agreements", "9999_from_the_future"])
    forged = tmp_path / "forged.zip"
    with zipfile.ZipFile(forged, "w") as bundle:
        bundle.writestr("manifest.json", json.dumps(manifest))
    with pytest.raises(CommandError, match="9999_from_the_future"):
        call_command("restore", str(forged))


def test_restore_refuses_what_is_not_an_archive(tmp_path, db):
    junk = tmp_path / "junk.zip"
    junk.write_bytes(b"not a zip")
    with pytest.raises(CommandError, match="not a backup archive"):
        call_command("restore", str(junk))
