"""The review trail: every change of state, and who was told about it."""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from ciudadglobal.core.models import WorkflowState


class Transition(models.Model):
    """One move of a record from one review state to another: who, when and why."""

    home_government = models.ForeignKey(
        "tenants.HomeGovernment",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("home government"),
    )
    content_type = models.ForeignKey(
        ContentType, on_delete=models.CASCADE, related_name="+", verbose_name=_("kind of record")
    )
    object_id = models.PositiveBigIntegerField(_("record id"), db_index=True)
    record = GenericForeignKey("content_type", "object_id")
    record_label = models.CharField(
        _("record"), max_length=300, help_text=_("The record's name when it moved.")
    )
    from_state = models.CharField(_("from"), max_length=10, choices=WorkflowState)
    to_state = models.CharField(_("to"), max_length=10, choices=WorkflowState)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("by"),
    )
    at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("review step")
        verbose_name_plural = _("review steps")
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self) -> str:
        return (
            f"{self.record_label}: {self.get_from_state_display()} → {self.get_to_state_display()}"
        )

    @property
    def summary(self) -> str:
        """What happened, in a sentence: "Ana submitted «Convenio con París» for review"."""
        template = SUMMARIES.get(self.to_state, SUMMARIES[WorkflowState.DRAFT])
        return template % {"user": self.by or _("someone"), "record": self.record_label}


SUMMARIES = {
    WorkflowState.SUBMITTED: _("%(user)s submitted “%(record)s” for review"),
    WorkflowState.PUBLISHED: _("%(user)s published “%(record)s”"),
    WorkflowState.RETURNED: _("%(user)s returned “%(record)s” for changes"),
    WorkflowState.DRAFT: _("%(user)s moved “%(record)s” back to draft"),
}


class NotificationQuerySet(models.QuerySet):
    def unread(self) -> NotificationQuerySet:
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    """A message in someone's in-application inbox about a review step."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="workflow_notifications",
        verbose_name=_("recipient"),
    )
    transition = models.ForeignKey(
        Transition,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("review step"),
    )
    read_at = models.DateTimeField(_("read"), null=True, blank=True)
    emailed = models.BooleanField(_("sent by e-mail"), default=False)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-transition__at", "-pk"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "transition"], name="workflow_notification_unique"
            )
        ]

    def __str__(self) -> str:
        return self.transition.summary
