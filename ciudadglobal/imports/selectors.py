"""Reading import jobs: only one's own, in the home government one works for."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from . import progress
from .models import ImportJob
from .rules import can_import


def jobs_of(user, government) -> QuerySet[ImportJob]:
    return ImportJob.objects.for_government(government).filter(user=user)


def job_for(user, government, pk) -> ImportJob:
    """The job ``pk`` if ``user`` started it here and may still import its records."""
    job = jobs_of(user, government).filter(pk=pk).first()
    if job is None:
        raise Http404
    if not can_import(user, job.entity, government):
        raise PermissionDenied
    return job


def job_progress(job: ImportJob) -> dict:
    """Rows done of the total: live from the running task, else as last saved."""
    live = progress.read(job.pk) if job.running else None
    done = live["done"] if live else job.processed
    return {
        "status": job.status,
        "status_label": job.get_status_display(),
        "done": done,
        "total": job.total,
        "running": job.running,
    }
