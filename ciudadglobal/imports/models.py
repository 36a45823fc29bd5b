"""An import job: one uploaded file, previewed, then committed or abandoned."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ciudadglobal.core.models import TenantQuerySet


class JobStatus(models.TextChoices):
    PREVIEWING = "previewing", _("Checking the file")
    PREVIEWED = "previewed", _("Ready to confirm")
    INVALID = "invalid", _("The file has errors")
    COMMITTING = "committing", _("Importing")
    DONE = "done", _("Imported")
    FAILED = "failed", _("Not imported")


def job_file_path(job: ImportJob, filename: str) -> str:
    return f"imports/{job.home_government_id}/{job.pk}/{filename}"


class ImportJob(models.Model):
    """A bulk import of one entity's rows into one home government.

    ``preview`` keeps, for each row, what the dry run found (action, record id and revision,
    changed columns): committing compares against it and refuses when a record has changed
    since. Errors are ``{"row", "column", "message"}`` items."""

    tenant_path = "home_government"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    home_government = models.ForeignKey(
        "tenants.HomeGovernment",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("home government"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("imported by"),
    )
    entity = models.CharField(_("records"), max_length=20)
    file = models.FileField(_("file"), upload_to=job_file_path, max_length=300)
    original_name = models.CharField(_("file name"), max_length=255)
    language = models.CharField(
        _("language"), max_length=10, help_text=_("The language of its messages.")
    )
    status = models.CharField(
        _("status"), max_length=12, choices=JobStatus, default=JobStatus.PREVIEWING
    )
    total = models.PositiveIntegerField(_("rows"), default=0)
    processed = models.PositiveIntegerField(_("rows processed"), default=0)
    counts = models.JSONField(_("counts"), default=dict, blank=True)
    errors = models.JSONField(_("errors"), default=list, blank=True)
    preview = models.JSONField(_("preview"), default=list, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    objects = TenantQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("import")
        verbose_name_plural = _("imports")

    def __str__(self) -> str:
        return f"{self.original_name} ({self.entity})"

    def get_absolute_url(self) -> str:
        return reverse("imports:job-detail", args=[self.pk])

    @property
    def entity_label(self) -> str:
        from .entities import ENTITIES  # the entities import every registry app's models

        entity = ENTITIES.get(self.entity)
        return str(entity.verbose_name_plural) if entity else self.entity

    @property
    def running(self) -> bool:
        return self.status in (JobStatus.PREVIEWING, JobStatus.COMMITTING)

    @property
    def percent(self) -> int:
        return round(100 * self.processed / self.total) if self.total else 0
