"""Transparency: the figures the home government has published, and the data-quality flags.

A published figure is a number stated in a source (a report, a book) that the registry may or
may not itemize: 81 agreements signed by departments, 19 missions with 10 women. It is stored
as published, never turned into invented records, and shown beside what the registry counts.
A quality flag records a problem in the data — a source that contradicts itself, a gap — so that
staff can see it and resolve it rather than having it papered over.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ciudadglobal.core.currencies import CurrencyField
from ciudadglobal.core.models import RegistryRecord, localized
from ciudadglobal.core.partialdates import PartialDateField, period_constraint

from .queries import registry_value, validate_registry_query


class FigureUnit(models.TextChoices):
    COUNT = "count", _("Count")
    PERCENT = "percent", _("Percentage")
    AMOUNT = "amount", _("Amount of money")


class PublishedFigure(RegistryRecord):
    """A number a source states, with what it counts and how the registry counts the same."""

    group = models.CharField(
        _("what is counted"),
        max_length=300,
        help_text=_("For example: agreements signed by departments, by region."),
    )
    group_en = models.CharField(_("what is counted, in English"), max_length=300, blank=True)
    label = models.CharField(
        _("category"), max_length=300, blank=True, help_text=_("Europe, women, total…")
    )
    label_en = models.CharField(_("category in English"), max_length=300, blank=True)
    value = models.DecimalField(_("value"), max_digits=20, decimal_places=4)
    unit = models.CharField(_("unit"), max_length=10, choices=FigureUnit, default=FigureUnit.COUNT)
    currency = CurrencyField(_("currency"), blank=True)
    period_start = PartialDateField(_("period from"))
    period_end = PartialDateField(_("period until"))
    registry_query = models.JSONField(
        _("registry query"),
        null=True,
        blank=True,
        help_text=_(
            'How the registry counts the same thing, e.g. {"model": "agreements.agreement", '
            '"filter": {"kind": "twinning"}}. Leave empty when the registry does not itemize it.'
        ),
    )

    class Meta(RegistryRecord.Meta):
        ordering = ["group", "dataset_key"]
        verbose_name = _("published figure")
        verbose_name_plural = _("published figures")
        constraints = [
            *RegistryRecord.Meta.constraints,
            period_constraint("period_start", "period_end", "transparency_figure_period"),
        ]

    def __str__(self) -> str:
        group, label = localized(self, "group"), localized(self, "label")
        return f"{group} · {label}" if label else group

    def get_absolute_url(self) -> str:
        return reverse("admin:transparency_publishedfigure_change", args=[self.pk])

    def clean(self) -> None:
        super().clean()
        if self.unit == FigureUnit.AMOUNT and not self.currency:
            raise ValidationError({"currency": _("An amount of money needs its currency.")})
        if self.unit != FigureUnit.AMOUNT and self.currency:
            raise ValidationError({"currency": _("Only amounts of money have a currency.")})
        if self.registry_query is not None:
            try:
                validate_registry_query(self.registry_query)
            except ValidationError as error:
                raise ValidationError({"registry_query": error.messages}) from None

    def registry_count(self, *, public_only: bool = False):
        """What the registry counts for this figure, or None when it does not itemize it."""
        if self.registry_query is None:
            return None
        return registry_value(self.registry_query, self.home_government_id, public_only=public_only)


class FlagKind(models.TextChoices):
    CONTRADICTION = "contradiction", _("Contradiction")
    AMBIGUITY = "ambiguity", _("Ambiguity")
    MISSING = "missing", _("Missing information")


class FlagStatus(models.TextChoices):
    OPEN = "open", _("Open")
    RESOLVED = "resolved", _("Resolved")


class QualityFlag(RegistryRecord):
    """A known problem in the data, open until someone resolves it and says how."""

    title = models.CharField(_("title"), max_length=300)
    title_en = models.CharField(_("title in English"), max_length=300, blank=True)
    description = models.TextField(_("description"))
    description_en = models.TextField(_("description in English"), blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=FlagKind)
    source_lines = models.CharField(
        _("lines involved"),
        max_length=200,
        blank=True,
        help_text=_("Where the problem shows in the source: 1303, 1310–1330."),
    )
    figures = models.ManyToManyField(
        PublishedFigure,
        blank=True,
        related_name="flags",
        verbose_name=_("published figures involved"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=FlagStatus, default=FlagStatus.OPEN
    )
    resolution = models.TextField(_("resolution"), blank=True)
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True, editable=False)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("resolved by"),
    )

    class Meta(RegistryRecord.Meta):
        ordering = ["status", "title"]
        verbose_name = _("data-quality flag")
        verbose_name_plural = _("data-quality flags")

    def __str__(self) -> str:
        return localized(self, "title")

    def get_absolute_url(self) -> str:
        return reverse("admin:transparency_qualityflag_change", args=[self.pk])

    def clean(self) -> None:
        super().clean()
        if self.status == FlagStatus.RESOLVED and not self.resolution.strip():
            raise ValidationError({"resolution": _("Say how the problem was resolved.")})
