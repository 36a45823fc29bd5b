"""Actors of the territory registering themselves and their international links."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from ciudadglobal.core.models import (
    RegistryRecord,
    TenantChild,
    TenantOwned,
)

# ---------------------------------------------------------------------------------------------
# Actors of the territory


class RegistrationStatus(models.TextChoices):
    UNCONFIRMED = "unconfirmed", _("E-mail not confirmed yet")
    CONFIRMED = "confirmed", _("Awaiting review")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


class ActorRegistration(TenantOwned):
    """An organization of the territory asking to enter the registry with its international
    links. Nothing of it is public until staff approve it and it becomes an ``actors.Actor``."""

    KINDS = ("civil_society", "academic", "company", "foundation")

    kind = models.CharField(_("kind of organization"), max_length=20)
    name = models.CharField(_("name"), max_length=300)
    website = models.URLField(_("website"), max_length=300, blank=True)
    description = models.TextField(_("what it does"))
    contact_name = models.CharField(_("contact person"), max_length=200)
    contact_email = models.EmailField(_("contact e-mail"))
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=RegistrationStatus,
        default=RegistrationStatus.UNCONFIRMED,
        editable=False,
    )
    submitted_at = models.DateTimeField(_("submitted"), default=timezone.now, editable=False)
    confirmed_at = models.DateTimeField(
        _("e-mail confirmed"), null=True, blank=True, editable=False
    )
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True, editable=False)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reviewed by"),
        editable=False,
    )
    actor = models.ForeignKey(
        "actors.Actor",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("registry actor"),
        editable=False,
    )

    class Meta:
        ordering = ["-submitted_at"]
        verbose_name = _("actor registration")
        verbose_name_plural = _("actor registrations")

    def __str__(self) -> str:
        return self.name


class DeclaredLink(TenantChild):
    """An international link an organization declares: a partner abroad and what they do."""

    tenant_path = "registration__home_government"

    registration = models.ForeignKey(
        ActorRegistration,
        on_delete=models.CASCADE,
        related_name="links",
        verbose_name=_("registration"),
    )
    partner = models.CharField(_("partner abroad"), max_length=300)
    country = CountryField(_("partner's country"))
    description = models.CharField(_("what you do together"), max_length=500)

    class Meta:
        ordering = ["registration", "pk"]
        verbose_name = _("declared international link")
        verbose_name_plural = _("declared international links")

    def __str__(self) -> str:
        return self.partner


class ActorLink(RegistryRecord):
    """An approved international link of an actor of the territory, in the registry."""

    actor = models.ForeignKey(
        "actors.Actor",
        on_delete=models.CASCADE,
        related_name="international_links",
        verbose_name=_("actor"),
    )
    partner = models.CharField(_("partner abroad"), max_length=300)
    country = CountryField(_("partner's country"))
    description = models.CharField(_("what they do together"), max_length=500)

    class Meta(RegistryRecord.Meta):
        ordering = ["actor", "partner"]
        verbose_name = _("international link of an actor")
        verbose_name_plural = _("international links of actors")

    def __str__(self) -> str:
        return f"{self.actor} → {self.partner}"
