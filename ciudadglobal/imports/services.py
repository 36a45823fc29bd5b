"""Import jobs: upload, dry run, confirmation, commit. The rows themselves: rows.py."""

from __future__ import annotations

from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext

from .entities import ENTITIES
from .models import ImportJob, JobStatus
from .progress import Progress
from .reading import read_table, validate_upload
from .rows import import_table
from .rules import can_import
from .tasks import commit_import, preview_import


def job_create(*, user, government, entity: str, upload, language: str) -> ImportJob:
    """Check the uploaded file and queue its dry run; ValidationError when it is unreadable."""
    if not can_import(user, entity, government):
        raise PermissionDenied
    validate_upload(upload)
    upload.seek(0)
    data = upload.read()
    table = read_table(data, upload.name)
    job = ImportJob(
        home_government=government,
        user=user,
        entity=entity,
        original_name=Path(upload.name).name[:255],
        language=language,
        total=len(table.rows),
    )
    job.file.save(f"data{Path(upload.name).suffix.lower()}", ContentFile(data), save=False)
    job.save()
    transaction.on_commit(lambda: preview_import.enqueue(str(job.pk)))
    return job


def job_confirm(job: ImportJob, *, user) -> ImportJob:
    """Queue the commit of a previewed job, once: a second confirmation does nothing."""
    if job.user_id != user.pk or not can_import(user, job.entity, job.home_government):
        raise PermissionDenied
    if job.status != JobStatus.PREVIEWED:
        raise ValidationError(gettext("This import cannot be confirmed now."), code="state")
    started = ImportJob.objects.filter(pk=job.pk, status=JobStatus.PREVIEWED).update(
        status=JobStatus.COMMITTING, processed=0, updated_at=timezone.now()
    )
    if started:
        transaction.on_commit(lambda: commit_import.enqueue(str(job.pk)))
    job.refresh_from_db()
    return job


def job_preview(job_id) -> ImportJob:
    """The dry run: what the file would create, update or leave, and every error."""
    return _run(job_id, commit=False)


def job_commit(job_id) -> ImportJob:
    """Write the previewed rows, all or nothing, refusing records changed since the preview."""
    return _run(job_id, commit=True)


def _run(job_id, *, commit: bool) -> ImportJob:
    job = ImportJob.objects.select_related("home_government", "user").get(pk=job_id)
    with translation.override(job.language or None):
        progress = Progress(job.pk, job.total)
        try:
            with job.file.open("rb") as stored:
                table = read_table(stored.read(), job.file.name)
            outcome = import_table(
                ENTITIES[job.entity],
                job.home_government,
                table,
                user=job.user,
                reason=gettext("Import of %(file)s") % {"file": job.original_name},
                commit=commit,
                expected=job.preview if commit else None,
                progress=progress,
            )
        except Exception:
            job.status = JobStatus.FAILED
            job.errors = [{"row": 0, "column": "", "message": gettext("The import failed.")}]
            job.finished_at = timezone.now()
            job.save()
            raise
        finally:
            progress.clear()
        job.total, job.processed = len(table.rows), len(table.rows)
        job.errors = outcome.errors
        if commit:
            job.counts = outcome.counts if outcome.committed else job.counts
            job.status = JobStatus.DONE if outcome.committed else JobStatus.FAILED
            job.finished_at = timezone.now()
        else:
            job.counts = outcome.counts
            job.preview = outcome.preview()
            job.status = JobStatus.INVALID if outcome.errors else JobStatus.PREVIEWED
        job.save()
    return job
