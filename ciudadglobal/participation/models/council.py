"""The advisory council: members by sector, sessions, recommendations and their follow-up."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ciudadglobal.core.models import (
    RegistryRecord,
    TenantChild,
    localized,
)

# ---------------------------------------------------------------------------------------------
# Advisory council


class CouncilSector(models.TextChoices):
    PUBLIC = "public", _("Public sector")
    PRIVATE = "private", _("Private sector")
    CIVIL_SOCIETY = "civil_society", _("Civil society")
    ACADEMIA = "academia", _("Academia")
    ABROAD = "abroad", _("Citizens abroad")
    CITIZENS = "citizens", _("Citizens")


#: Self-declared, optional inclusion attributes: only ever shown as totals.
INCLUSION_FIELDS = {
    "is_woman": _("Women"),
    "is_young": _("Young people"),
    "is_indigenous": _("Indigenous people"),
    "has_disability": _("People with disabilities"),
}


class CouncilMember(RegistryRecord):
    """A member of the advisory council, by the sector they represent."""

    name = models.CharField(_("name"), max_length=200)
    sector = models.CharField(_("sector"), max_length=20, choices=CouncilSector)
    organization = models.CharField(_("organization"), max_length=300, blank=True)
    since = models.DateField(_("member since"), null=True, blank=True)
    until = models.DateField(_("member until"), null=True, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("user account"),
    )
    is_woman = models.BooleanField(_("woman (self-declared)"), null=True, blank=True)
    is_young = models.BooleanField(_("young person (self-declared)"), null=True, blank=True)
    is_indigenous = models.BooleanField(
        _("indigenous person (self-declared)"), null=True, blank=True
    )
    has_disability = models.BooleanField(
        _("person with a disability (self-declared)"), null=True, blank=True
    )

    class Meta(RegistryRecord.Meta):
        ordering = ["sector", "name"]
        verbose_name = _("council member")
        verbose_name_plural = _("council members")

    def __str__(self) -> str:
        return self.name


class CouncilSession(RegistryRecord):
    """A session of the advisory council and its minutes."""

    date = models.DateField(_("date"))
    title = models.CharField(_("title"), max_length=300)
    title_en = models.CharField(_("title in English"), max_length=300, blank=True)
    minutes = models.TextField(_("minutes"), blank=True)
    minutes_en = models.TextField(_("minutes in English"), blank=True)
    attendees = models.ManyToManyField(
        CouncilMember, blank=True, related_name="sessions", verbose_name=_("attendees")
    )

    class Meta(RegistryRecord.Meta):
        ordering = ["-date"]
        verbose_name = _("council session")
        verbose_name_plural = _("council sessions")

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} · {localized(self, 'title')}"


class RecommendationStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    ACCEPTED = "accepted", _("Accepted")
    IN_PROGRESS = "in_progress", _("In progress")
    IMPLEMENTED = "implemented", _("Implemented")
    DECLINED = "declined", _("Declined")


#: The outcomes: a recommendation in one of these is settled.
OUTCOMES = (RecommendationStatus.IMPLEMENTED, RecommendationStatus.DECLINED)


class Recommendation(RegistryRecord):
    """A recommendation of the council, followed up to its outcome (``updates``)."""

    session = models.ForeignKey(
        CouncilSession,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="recommendations",
        verbose_name=_("session"),
    )
    title = models.CharField(_("title"), max_length=300)
    title_en = models.CharField(_("title in English"), max_length=300, blank=True)
    text = models.TextField(_("recommendation"))
    text_en = models.TextField(_("recommendation in English"), blank=True)
    addressed_to = models.ForeignKey(
        "actors.Actor",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("addressed to"),
    )
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=RecommendationStatus,
        default=RecommendationStatus.PROPOSED,
        editable=False,
    )

    class Meta(RegistryRecord.Meta):
        ordering = ["-created_at"]
        verbose_name = _("recommendation")
        verbose_name_plural = _("recommendations")

    def __str__(self) -> str:
        return localized(self, "title")

    def latest_update(self) -> RecommendationUpdate | None:
        """The last step of the follow-up (reads prefetched ``updates`` when there are)."""
        updates = list(self.updates.all())
        return updates[-1] if updates else None


class RecommendationUpdate(TenantChild):
    """A step in a recommendation's follow-up: its new status and what happened."""

    tenant_path = "recommendation__home_government"

    recommendation = models.ForeignKey(
        Recommendation,
        on_delete=models.CASCADE,
        related_name="updates",
        verbose_name=_("recommendation"),
    )
    date = models.DateField(_("date"))
    status = models.CharField(_("status"), max_length=12, choices=RecommendationStatus)
    note = models.TextField(_("what happened"))
    note_en = models.TextField(_("what happened, in English"), blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    recorded_at = models.DateTimeField(_("recorded"), default=timezone.now, editable=False)

    class Meta:
        ordering = ["recommendation", "date", "recorded_at"]
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-up")

    def __str__(self) -> str:
        return f"{self.date} · {self.get_status_display()}"
