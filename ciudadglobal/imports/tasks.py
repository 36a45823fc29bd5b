"""Background tasks (django-tasks): the dry run and the commit of an import job."""

from __future__ import annotations

from django_tasks import task


@task()
def preview_import(job_id: str) -> None:
    from .services import job_preview

    job_preview(job_id)


@task()
def commit_import(job_id: str) -> None:
    from .services import job_commit

    job_commit(job_id)
