"""Home governments (the tenants) and the staff who work for them."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from simple_history.models import HistoricalRecords

from ciudadglobal.core.currencies import CurrencyField
from ciudadglobal.core.models import localized
from ciudadglobal.core.validators import field_error


class HomeGovernment(models.Model):
    """A local government that runs its international action on this platform."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    name_en = models.CharField(_("name in English"), max_length=200, blank=True)
    slug = models.SlugField(_("short name for addresses"), max_length=60, unique=True)
    country = CountryField(_("country"))
    place = models.ForeignKey(
        "places.Place",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("seat"),
        help_text=_("The city or region this government governs."),
    )
    currency = CurrencyField(_("reporting currency"), default="MXN", blank=False)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("home government")
        verbose_name_plural = _("home governments")

    def __str__(self) -> str:
        return localized(self, "name")


class Role(models.TextChoices):
    """What a member of staff may do (ciudadglobal.workflow.permissions reads it)."""

    OFFICE = "office", _("Coordinating-office staff")
    LIAISON = "liaison", _("Department liaison")
    REVIEWER = "reviewer", _("Reviewer and publisher")
    CONGRESS = "congress", _("Congress evaluator")
    COUNCIL = "council", _("Council member")
    ADMIN = "admin", _("Platform administrator of this government")


class StaffMembership(models.Model):
    """A user works for a home government in one role, optionally in one of its departments.

    A liaison belongs to a department; the other roles may name one for information."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="staff_memberships",
        verbose_name=_("user"),
    )
    home_government = models.ForeignKey(
        HomeGovernment,
        on_delete=models.CASCADE,
        related_name="staff_memberships",
        verbose_name=_("home government"),
    )
    department = models.ForeignKey(
        "actors.Department",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="staff_memberships",
        verbose_name=_("department"),
    )
    role = models.CharField(_("role"), max_length=10, choices=Role, default=Role.OFFICE)

    history = HistoricalRecords()

    class Meta:
        ordering = ["home_government__name", "user__username"]
        verbose_name = _("staff membership")
        verbose_name_plural = _("staff memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "home_government"], name="tenants_staff_membership_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.home_government}"

    def clean(self) -> None:
        if self.department_id and self.department.home_government_id != self.home_government_id:
            raise field_error(
                "department",
                _("The department belongs to another home government."),
                "department_elsewhere",
            )
        if self.role == Role.LIAISON and not self.department_id:
            raise field_error(
                "department",
                _("A department liaison must belong to a department."),
                "liaison_without_department",
            )
