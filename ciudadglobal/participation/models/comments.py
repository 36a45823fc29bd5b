"""Public comments on published documents, shown once approved, with staff replies."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ciudadglobal.core.models import (
    RegistryRecord,
    TenantChild,
    TenantQuerySet,
    localized,
)

from .consultations import Moderation

# ---------------------------------------------------------------------------------------------
# Public comments


class CommentableDocument(RegistryRecord):
    """A published document open to public comments: a strategy draft, a report, a draft law."""

    title = models.CharField(_("title"), max_length=300)
    title_en = models.CharField(_("title in English"), max_length=300, blank=True)
    slug = models.SlugField(_("short name for addresses"), max_length=80)
    summary = models.TextField(_("summary"))
    summary_en = models.TextField(_("summary in English"), blank=True)
    file = models.FileField(_("file"), upload_to="participation/documents/", blank=True)
    url = models.URLField(_("link"), max_length=500, blank=True)
    comments_open = models.BooleanField(_("open for comments"), default=True)

    class Meta(RegistryRecord.Meta):
        ordering = ["-created_at", "title"]
        verbose_name = _("document for comment")
        verbose_name_plural = _("documents for comment")
        constraints = [
            *RegistryRecord.Meta.constraints,
            models.UniqueConstraint(
                fields=["home_government", "slug"], name="participation_document_unique_slug"
            ),
        ]

    def __str__(self) -> str:
        return localized(self, "title")

    def get_absolute_url(self) -> str:
        return reverse(
            "portal:participation-document",
            kwargs={"government": self.home_government.slug, "slug": self.slug},
        )


class CommentQuerySet(TenantQuerySet):
    def approved(self):
        return self.filter(moderation=Moderation.APPROVED)


class Comment(TenantChild):
    """A member of the public's comment on a document, shown once approved, with staff's reply."""

    tenant_path = "document__home_government"

    document = models.ForeignKey(
        CommentableDocument,
        on_delete=models.CASCADE,
        related_name="comments",
        verbose_name=_("document"),
    )
    author_name = models.CharField(_("name shown"), max_length=120, blank=True)
    text = models.TextField(_("comment"))
    submitted_at = models.DateTimeField(_("submitted"), default=timezone.now)
    moderation = models.CharField(
        _("moderation"), max_length=10, choices=Moderation, default=Moderation.PENDING
    )
    moderated_at = models.DateTimeField(_("moderated"), null=True, blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("moderated by"),
    )
    reply = models.TextField(_("staff reply"), blank=True)
    replied_at = models.DateTimeField(_("replied"), null=True, blank=True)

    objects = CommentQuerySet.as_manager()

    class Meta:
        ordering = ["document", "submitted_at"]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")

    def __str__(self) -> str:
        return self.text[:60]
