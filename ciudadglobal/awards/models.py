"""Awards: candidacies and prizes the city won, and the awards the city itself grants."""

from __future__ import annotations

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ciudadglobal.core.models import RegistryRecord, TenantChild, localized
from ciudadglobal.core.partialdates import PartialDateField


class AwardResult(models.TextChoices):
    CANDIDATE = "candidate", _("Candidacy")
    FINALIST = "finalist", _("Finalist")
    HONOURABLE_MENTION = "mention", _("Honourable mention")
    WON = "won", _("Won")


class Award(RegistryRecord):
    """A prize or recognition the home government applied for or received."""

    department_path = "department"

    name = models.CharField(_("award"), max_length=300)
    name_en = models.CharField(_("award in English"), max_length=300, blank=True)
    awarding_body = models.ForeignKey(
        "actors.Actor",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="awards_given",
        verbose_name=_("awarding body"),
    )
    date = PartialDateField(_("date"))
    category = models.CharField(_("category"), max_length=200, blank=True)
    category_en = models.CharField(_("category in English"), max_length=200, blank=True)
    programme = models.CharField(
        _("programme or project"), max_length=300, blank=True, help_text=_("What was recognised.")
    )
    department = models.ForeignKey(
        "actors.Department",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="awards",
        verbose_name=_("department"),
    )
    result = models.CharField(_("result"), max_length=10, choices=AwardResult)
    themes = models.ManyToManyField(
        "taxonomy.Theme", blank=True, related_name="awards", verbose_name=_("themes")
    )
    sdg_targets = models.ManyToManyField(
        "taxonomy.SdgTarget", blank=True, related_name="awards", verbose_name=_("SDG targets")
    )

    class Meta(RegistryRecord.Meta):
        ordering = ["-date", "name"]
        verbose_name = _("award")
        verbose_name_plural = _("awards")
        constraints = RegistryRecord.Meta.constraints

    def __str__(self) -> str:
        name = localized(self, "name")
        return f"{name} ({self.date.year})" if self.date else name

    def get_absolute_url(self) -> str:
        return reverse("admin:awards_award_change", args=[self.pk])


class CityAward(RegistryRecord):
    """An award the home government itself grants, edition after edition."""

    department_path = "department"

    name = models.CharField(_("name"), max_length=300)
    name_en = models.CharField(_("name in English"), max_length=300, blank=True)
    description = models.TextField(_("description"), blank=True)
    description_en = models.TextField(_("description in English"), blank=True)
    department = models.ForeignKey(
        "actors.Department",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="city_awards",
        verbose_name=_("department"),
    )

    class Meta(RegistryRecord.Meta):
        ordering = ["name"]
        verbose_name = _("award granted by the city")
        verbose_name_plural = _("awards granted by the city")
        constraints = [
            *RegistryRecord.Meta.constraints,
            models.UniqueConstraint(
                fields=["home_government", "name"], name="awards_cityaward_unique_name"
            ),
        ]

    def __str__(self) -> str:
        return localized(self, "name")

    def get_absolute_url(self) -> str:
        return reverse("admin:awards_cityaward_change", args=[self.pk])


class CityAwardEdition(TenantChild):
    """One edition of an award the city grants: when, how many applied, who won."""

    tenant_path = "award__home_government"

    award = models.ForeignKey(
        CityAward, on_delete=models.CASCADE, related_name="editions", verbose_name=_("award")
    )
    number = models.PositiveSmallIntegerField(_("edition"), null=True, blank=True)
    date = PartialDateField(_("date"))
    applications = models.PositiveIntegerField(_("applications"), null=True, blank=True)
    winners = models.TextField(_("winners"), blank=True)

    class Meta:
        ordering = ["award", "date", "number"]
        verbose_name = _("edition")
        verbose_name_plural = _("editions")
        constraints = [
            models.UniqueConstraint(fields=["award", "number"], name="awards_edition_unique")
        ]

    def __str__(self) -> str:
        return f"{self.award} · {self.number or self.date}"
