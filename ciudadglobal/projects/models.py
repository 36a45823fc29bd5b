"""Decentralized cooperation projects, their participants and their funding."""

from __future__ import annotations

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ciudadglobal.core.currencies import CurrencyField
from ciudadglobal.core.models import RegistryRecord, TenantChild, localized
from ciudadglobal.core.partialdates import PartialDateField, period_constraint


class ProjectStatus(models.TextChoices):
    """IATI ActivityStatus codes 1–6."""

    PIPELINE = "1", _("Pipeline or identification")
    IMPLEMENTATION = "2", _("Implementation")
    FINALISATION = "3", _("Finalisation")
    CLOSED = "4", _("Closed")
    CANCELLED = "5", _("Cancelled")
    SUSPENDED = "6", _("Suspended")


class OrganisationRole(models.TextChoices):
    """IATI OrganisationRole codes 1–4."""

    FUNDING = "1", _("Funding")
    ACCOUNTABLE = "2", _("Accountable")
    EXTENDING = "3", _("Extending")
    IMPLEMENTING = "4", _("Implementing")


class Project(RegistryRecord):
    """A cooperation project with foreign counterparts and funders."""

    title = models.CharField(_("title"), max_length=400)
    title_en = models.CharField(_("title in English"), max_length=400, blank=True)
    description = models.TextField(_("description"), blank=True)
    description_en = models.TextField(_("description in English"), blank=True)
    status = models.CharField(
        _("status"), max_length=1, choices=ProjectStatus, default=ProjectStatus.IMPLEMENTATION
    )
    start = PartialDateField(_("start"))
    end = PartialDateField(_("end"))
    places = models.ManyToManyField(
        "places.Place", blank=True, related_name="projects", verbose_name=_("places")
    )
    departments = models.ManyToManyField(
        "actors.Department", blank=True, related_name="projects", verbose_name=_("departments")
    )
    themes = models.ManyToManyField(
        "taxonomy.Theme", blank=True, related_name="projects", verbose_name=_("themes")
    )
    sdg_targets = models.ManyToManyField(
        "taxonomy.SdgTarget", blank=True, related_name="projects", verbose_name=_("SDG targets")
    )
    agreements = models.ManyToManyField(
        "agreements.Agreement", blank=True, related_name="projects", verbose_name=_("agreements")
    )
    results = models.TextField(_("results"), blank=True)
    iati_identifier = models.CharField(
        _("IATI identifier"), max_length=150, blank=True, help_text=_("When published to IATI.")
    )

    class Meta(RegistryRecord.Meta):
        ordering = ["-start", "title"]
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        constraints = [
            *RegistryRecord.Meta.constraints,
            period_constraint("start", "end", "projects_project_period"),
        ]

    def __str__(self) -> str:
        return localized(self, "title")

    def get_absolute_url(self) -> str:
        return reverse("admin:projects_project_change", args=[self.pk])


class ProjectParticipant(TenantChild):
    """An organization taking part in a project, in an IATI role."""

    tenant_path = "project__home_government"

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="participants", verbose_name=_("project")
    )
    actor = models.ForeignKey(
        "actors.Actor",
        on_delete=models.PROTECT,
        related_name="project_participations",
        verbose_name=_("organization"),
    )
    role = models.CharField(
        _("role"), max_length=1, choices=OrganisationRole, default=OrganisationRole.IMPLEMENTING
    )

    class Meta:
        ordering = ["project", "role", "pk"]
        verbose_name = _("participating organization")
        verbose_name_plural = _("participating organizations")
        constraints = [
            models.UniqueConstraint(
                fields=["project", "actor", "role"], name="projects_participant_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.actor} ({self.get_role_display()})"


class Funding(TenantChild):
    """Money a funder commits to a project, in its own currency."""

    tenant_path = "project__home_government"

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="fundings", verbose_name=_("project")
    )
    funder = models.ForeignKey(
        "actors.Actor",
        on_delete=models.PROTECT,
        related_name="fundings",
        verbose_name=_("funder"),
    )
    amount = models.DecimalField(_("amount"), max_digits=16, decimal_places=2)
    currency = CurrencyField(_("currency"), blank=False)
    date = PartialDateField(_("date"))
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        ordering = ["project", "date", "pk"]
        verbose_name = _("funding")
        verbose_name_plural = _("funding")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount__gte=0), name="projects_funding_not_negative"
            )
        ]

    def __str__(self) -> str:
        return f"{self.funder}: {self.amount} {self.currency}"
