"""``manage.py import_records``."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

from ciudadglobal.agreements.models import Agreement

from .conftest import csv_bytes
from .test_rows import GOOD

pytestmark = pytest.mark.django_db


@pytest.fixture
def good_file(tmp_path):
    path = tmp_path / "agreements.csv"
    path.write_bytes(csv_bytes(GOOD))
    return path


def test_dry_run_writes_nothing(government, registry, good_file, capsys):
    call_command(
        "import_records", "agreements", str(good_file), "--government", "cdmx", "--dry-run"
    )

    assert "2 to create" in capsys.readouterr().out
    assert Agreement.objects.count() == 0


def test_import_then_reimport(government, registry, good_file, capsys, staff):
    call_command(
        "import_records", "agreements", str(good_file), "--government", "cdmx", "--user", "ana"
    )
    assert Agreement.objects.count() == 2
    assert Agreement.history.first().history_user == staff

    call_command("import_records", "agreements", str(good_file), "--government", "cdmx")
    assert "2 unchanged" in capsys.readouterr().out.splitlines()[-1]


def test_errors_are_listed_and_nothing_is_written(government, registry, tmp_path, capsys):
    path = tmp_path / "bad.csv"
    path.write_bytes(csv_bytes([GOOD[0], {**GOOD[1], "kind": "treaty"}]))

    with pytest.raises(CommandError, match="nothing imported"):
        call_command("import_records", "agreements", str(path), "--government", "cdmx")

    assert "bad.csv: row 3 kind:" in capsys.readouterr().err
    assert Agreement.objects.count() == 0


def test_unknown_government(good_file):
    with pytest.raises(CommandError, match="no home government"):
        call_command("import_records", "agreements", str(good_file), "--government", "atlantis")
