"""Background tasks (django-tasks): building a report. Run the worker with
``manage.py db_worker``; tests use the immediate backend."""

from __future__ import annotations

from django_tasks import task

from .services import report_build


@task()
def build_report(report_id: int) -> None:
    report_build(report_id)
