"""A large file goes through the background tasks with its progress recorded (marked slow:
about a dozen queries per row, twice, for 5,000 rows)."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from ciudadglobal.actors.models import Actor
from ciudadglobal.imports import progress, services
from ciudadglobal.imports.models import JobStatus

from .conftest import csv_bytes

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

ROWS = 5_000


def test_a_large_file_imports_with_progress(
    government, staff, monkeypatch, django_capture_on_commit_callbacks
):
    rows = [
        {"key": f"actor-{n}", "kind": "civil_society", "name": f"Organización {n}", "country": "MX"}
        for n in range(ROWS)
    ]
    reported = []
    write = progress.Progress.__call__

    def spy(self, done):
        write(self, done)
        live = progress.read(self.path.stem)
        if live and (not reported or reported[-1] != live["done"]):
            reported.append(live["done"])

    monkeypatch.setattr(progress.Progress, "__call__", spy)
    upload = SimpleUploadedFile("actors.csv", csv_bytes(rows))

    with django_capture_on_commit_callbacks(execute=True):
        job = services.job_create(
            user=staff, government=government, entity="actors", upload=upload, language="es"
        )
    job.refresh_from_db()
    assert job.status == JobStatus.PREVIEWED
    assert (job.processed, job.total) == (ROWS, ROWS)
    assert job.counts["create"] == ROWS
    assert reported == sorted(reported) and reported[-1] == ROWS and len(reported) >= 100
    assert Actor.objects.count() == 0

    reported.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.job_confirm(job, user=staff)
    job.refresh_from_db()
    assert job.status == JobStatus.DONE, job.errors
    assert reported[-1] == ROWS and len(reported) >= 100
    assert Actor.objects.for_government(government).count() == ROWS
    assert progress.read(job.pk) is None  # the live file is gone once the phase ends
