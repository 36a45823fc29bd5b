"""Indicators of international action: definitions, local targets and observations per period.

An indicator is either **computed** from the registry by a named rule (``indicators.rules``)
or **entered** by staff with evidence. Its observations (one per period, with their
disaggregations) are what the portal, the progress status and the reports read.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ciudadglobal.core.currencies import CurrencyField
from ciudadglobal.core.models import RegistryRecord, TenantChild, localized
from ciudadglobal.core.periods import Period
from ciudadglobal.core.validators import field_error

from .rules import RULES, Dimension, Unit, rule_choices


class Periodicity(models.TextChoices):
    SEMIANNUAL = "semiannual", _("Every semester")
    ANNUAL = "annual", _("Every year")


class Direction(models.TextChoices):
    INCREASE = "increase", _("Higher is better")
    DECREASE = "decrease", _("Lower is better")


class Method(models.TextChoices):
    COMPUTED = "computed", _("Computed from the registry")
    ENTERED = "entered", _("Entered with evidence")


class LocalTarget(RegistryRecord):
    """A target of the home government under a UN SDG target, coded beneath it ("11.1.CDMX.1"),
    as CONSUL's SDG module does for local targets."""

    sdg_target = models.ForeignKey(
        "taxonomy.SdgTarget",
        on_delete=models.PROTECT,
        related_name="local_targets",
        verbose_name=_("SDG target"),
    )
    code = models.CharField(
        _("code"), max_length=30, help_text=_("The SDG target's code, then your own: 11.1.CDMX.1")
    )
    title = models.CharField(_("title"), max_length=400)
    title_en = models.CharField(_("title in English"), max_length=400, blank=True)
    description = models.TextField(_("description"), blank=True)
    description_en = models.TextField(_("description in English"), blank=True)

    class Meta(RegistryRecord.Meta):
        ordering = ["code"]
        verbose_name = _("local target")
        verbose_name_plural = _("local targets")
        constraints = [
            *RegistryRecord.Meta.constraints,
            models.UniqueConstraint(
                fields=["home_government", "code"], name="indicators_localtarget_unique_code"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {localized(self, 'title')}"

    def get_absolute_url(self) -> str:
        return reverse("admin:indicators_localtarget_change", args=[self.pk])

    def clean(self) -> None:
        super().clean()
        if self.sdg_target_id and not self.code.startswith(f"{self.sdg_target.code}."):
            raise field_error(
                "code",
                _("The code must begin with the SDG target's code and a dot (%(code)s.).")
                % {"code": self.sdg_target.code},
                "local_target_code",
            )


class Indicator(RegistryRecord):
    """What is measured, how, and against which baseline and target."""

    code = models.CharField(_("code"), max_length=30, help_text=_("INT-1, POL-2…"))
    name = models.CharField(_("name"), max_length=300)
    name_en = models.CharField(_("name in English"), max_length=300, blank=True)
    description = models.TextField(_("definition"), blank=True)
    description_en = models.TextField(_("definition in English"), blank=True)
    dimension = models.CharField(_("dimension"), max_length=15, choices=Dimension)
    unit = models.CharField(_("unit"), max_length=10, choices=Unit, default=Unit.NUMBER)
    currency = CurrencyField(_("currency"), help_text=_("For amounts of money."))
    periodicity = models.CharField(
        _("periodicity"), max_length=12, choices=Periodicity, default=Periodicity.SEMIANNUAL
    )
    method = models.CharField(_("method"), max_length=10, choices=Method, default=Method.ENTERED)
    rule = models.CharField(
        _("rule"),
        max_length=60,
        choices=rule_choices,
        blank=True,
        help_text=_("The registry computation that gives its values (computed indicators)."),
    )
    direction = models.CharField(
        _("desired direction"), max_length=10, choices=Direction, default=Direction.INCREASE
    )
    baseline_value = models.DecimalField(
        _("baseline value"), max_digits=20, decimal_places=4, null=True, blank=True
    )
    baseline_year = models.PositiveSmallIntegerField(_("baseline year"), null=True, blank=True)
    target_value = models.DecimalField(
        _("target value"), max_digits=20, decimal_places=4, null=True, blank=True
    )
    target_year = models.PositiveSmallIntegerField(_("target year"), null=True, blank=True)
    in_index = models.BooleanField(
        _("in the internationalization index"),
        default=False,
        help_text=_("Whether it is a component of the internationalization index."),
    )
    index_weight = models.DecimalField(
        _("weight in its dimension"), max_digits=5, decimal_places=2, default=1
    )
    sdg_targets = models.ManyToManyField(
        "taxonomy.SdgTarget",
        blank=True,
        related_name="city_indicators",
        verbose_name=_("SDG targets"),
    )
    local_targets = models.ManyToManyField(
        LocalTarget, blank=True, related_name="indicators", verbose_name=_("local targets")
    )
    plan_elements = models.ManyToManyField(
        "strategy.PlanElement",
        blank=True,
        related_name="indicators",
        verbose_name=_("plan goals"),
        help_text=_("The goals, objectives or lines of action it measures."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta(RegistryRecord.Meta):
        ordering = ["dimension", "order", "code"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        constraints = [
            *RegistryRecord.Meta.constraints,
            models.UniqueConstraint(
                fields=["home_government", "code"], name="indicators_indicator_unique_code"
            ),
            models.CheckConstraint(
                condition=models.Q(index_weight__gt=0), name="indicators_indicator_weight_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} · {localized(self, 'name')}"

    def get_absolute_url(self) -> str:
        return reverse("admin:indicators_indicator_change", args=[self.pk])

    @property
    def computed(self) -> bool:
        return self.method == Method.COMPUTED

    def clean(self) -> None:
        super().clean()
        errors: dict[str, ValidationError] = {}
        if self.method == Method.COMPUTED and self.rule not in RULES:
            errors["rule"] = ValidationError(
                _("Choose the rule that computes it."), code="rule_required"
            )
        if self.method == Method.ENTERED and self.rule:
            errors["rule"] = ValidationError(
                _("An entered indicator has no rule."), code="rule_not_allowed"
            )
        for kind in ("baseline", "target"):
            value, year = getattr(self, f"{kind}_value"), getattr(self, f"{kind}_year")
            if (value is None) != (year is None):
                errors[f"{kind}_year"] = ValidationError(
                    _("Give both the value and the year, or neither."), code="value_and_year"
                )
        if (
            self.baseline_year is not None
            and self.target_year is not None
            and self.target_year <= self.baseline_year
        ):
            errors["target_year"] = ValidationError(
                _("The target year must come after the baseline year."), code="target_year"
            )
        if self.unit == Unit.MONEY and not self.currency:
            errors["currency"] = ValidationError(
                _("Give the currency of the amounts."), code="currency_required"
            )
        if errors:
            raise ValidationError(errors)


class ObservationOrigin(models.TextChoices):
    COMPUTED = "computed", _("Computed")
    ENTERED = "entered", _("Entered")


class Observation(TenantChild):
    """An indicator's value for one period (a semester or a year), with its evidence."""

    tenant_path = "indicator__home_government"

    indicator = models.ForeignKey(
        Indicator,
        on_delete=models.CASCADE,
        related_name="observations",
        verbose_name=_("indicator"),
    )
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    value = models.DecimalField(_("value"), max_digits=20, decimal_places=4)
    origin = models.CharField(
        _("origin"), max_length=10, choices=ObservationOrigin, default=ObservationOrigin.ENTERED
    )
    evidence_url = models.URLField(_("evidence (address)"), max_length=500, blank=True)
    evidence_document = models.FileField(
        _("evidence (document)"), upload_to="indicators/evidence/%Y/", blank=True
    )
    notes = models.TextField(_("notes"), blank=True)
    computed_at = models.DateTimeField(_("computed"), null=True, blank=True, editable=False)

    class Meta:
        ordering = ["indicator", "period_start", "period_end"]
        verbose_name = _("observation")
        verbose_name_plural = _("observations")
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "period_start", "period_end"],
                name="indicators_observation_unique_period",
            ),
            models.CheckConstraint(
                condition=models.Q(period_end__gte=models.F("period_start")),
                name="indicators_observation_period",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code} {self.period}: {self.value.normalize():f}"

    @property
    def period(self) -> Period:
        return Period(self.period_start, self.period_end)

    def clean(self) -> None:
        super().clean()
        if self.period_start and self.period_end and self.period_end < self.period_start:
            raise field_error(
                "period_end", _("The period cannot end before it starts."), "period_order"
            )
        if self.origin == ObservationOrigin.ENTERED and not (
            self.evidence_url or self.evidence_document or self.notes.strip()
        ):
            raise field_error(
                "evidence_url",
                _("Give the evidence of an entered value: a document, an address or notes."),
                "evidence_required",
            )


class Disaggregation(TenantChild):
    """One category of an observation's breakdown: "region" → "europe" → 4."""

    tenant_path = "observation__indicator__home_government"

    observation = models.ForeignKey(
        Observation,
        on_delete=models.CASCADE,
        related_name="disaggregations",
        verbose_name=_("observation"),
    )
    breakdown = models.CharField(_("breakdown"), max_length=30, help_text=_("region, kind…"))
    category = models.CharField(_("category"), max_length=100)
    label = models.CharField(_("label"), max_length=300, blank=True)
    value = models.DecimalField(_("value"), max_digits=20, decimal_places=4)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["observation", "breakdown", "order", "pk"]
        verbose_name = _("disaggregation")
        verbose_name_plural = _("disaggregations")
        constraints = [
            models.UniqueConstraint(
                fields=["observation", "breakdown", "category"],
                name="indicators_disaggregation_unique",
            )
        ]

    def __str__(self) -> str:
        return f"{self.breakdown} · {self.label or self.category}: {self.value.normalize():f}"
