"""Strategy: the plans, programmes and laws that steer international action, and their parts."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ciudadglobal.core.models import RegistryRecord, TenantChild, localized
from ciudadglobal.core.partialdates import PartialDateField, period_constraint
from ciudadglobal.places.regions import Region


class PlanKind(models.TextChoices):
    DEVELOPMENT_PROGRAMME = "development_programme", _("Development programme")
    INTERNATIONAL_ACTION_PROGRAMME = (
        "international_action_programme",
        _("International action programme"),
    )
    INSTITUTIONAL_MODEL = "institutional_model", _("Institutional model")
    LAW = "law", _("Law or legal provision")
    DECLARATION = "declaration", _("Declaration")
    OTHER = "other", _("Other")


class Plan(RegistryRecord):
    """A plan, programme, law or model that frames the home government's international action."""

    kind = models.CharField(_("kind"), max_length=40, choices=PlanKind)
    name = models.CharField(_("name"), max_length=300)
    name_en = models.CharField(_("name in English"), max_length=300, blank=True)
    start = PartialDateField(_("from"))
    end = PartialDateField(_("until"))
    description = models.TextField(_("description"), blank=True)
    description_en = models.TextField(_("description in English"), blank=True)
    priority_themes = models.ManyToManyField(
        "taxonomy.Theme",
        blank=True,
        related_name="plans",
        verbose_name=_("priority themes"),
    )

    class Meta(RegistryRecord.Meta):
        ordering = ["start", "name"]
        verbose_name = _("plan")
        verbose_name_plural = _("plans")
        constraints = [
            *RegistryRecord.Meta.constraints,
            period_constraint("start", "end", "strategy_plan_period"),
        ]

    def __str__(self) -> str:
        return localized(self, "name")

    def get_absolute_url(self) -> str:
        return reverse("admin:strategy_plan_change", args=[self.pk])


class PlanElementKind(models.TextChoices):
    AXIS = "axis", _("Axis")
    OBJECTIVE = "objective", _("Objective")
    GOAL = "goal", _("Goal")
    LINE_OF_ACTION = "line_of_action", _("Line of action")
    TASK = "task", _("Task")
    SCENARIO = "scenario", _("Scenario")
    PRINCIPLE = "principle", _("Principle")
    OTHER = "other", _("Other")


class PlanElement(RegistryRecord):
    """A part of a plan (an axis, objective, task or scenario), possibly inside another part."""

    plan = models.ForeignKey(
        Plan, on_delete=models.CASCADE, related_name="elements", verbose_name=_("plan")
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("part of"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=PlanElementKind)
    code = models.CharField(_("code"), max_length=20, blank=True, help_text=_("1, 2.3, IV…"))
    name = models.CharField(_("name"), max_length=400)
    name_en = models.CharField(_("name in English"), max_length=400, blank=True)
    description = models.TextField(_("description"), blank=True)
    description_en = models.TextField(_("description in English"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    target = models.CharField(
        _("target"),
        max_length=400,
        blank=True,
        help_text=_("What a goal commits to reach: 20 agreements with activity by 2018."),
    )
    target_en = models.CharField(_("target in English"), max_length=400, blank=True)
    target_year = models.PositiveSmallIntegerField(_("target year"), null=True, blank=True)
    themes = models.ManyToManyField(
        "taxonomy.Theme", blank=True, related_name="plan_elements", verbose_name=_("themes")
    )
    sdg_targets = models.ManyToManyField(
        "taxonomy.SdgTarget",
        blank=True,
        related_name="plan_elements",
        verbose_name=_("SDG targets"),
        help_text=_("The SDG targets this part of the plan serves."),
    )
    agreements = models.ManyToManyField(
        "agreements.Agreement",
        blank=True,
        related_name="plan_elements",
        verbose_name=_("agreements"),
        help_text=_("Agreements that serve this line of action or goal."),
    )
    activities = models.ManyToManyField(
        "activities.Activity",
        blank=True,
        related_name="plan_elements",
        verbose_name=_("activities"),
        help_text=_("Activities that serve this line of action or goal."),
    )
    projects = models.ManyToManyField(
        "projects.Project",
        blank=True,
        related_name="plan_elements",
        verbose_name=_("projects"),
        help_text=_("Projects that serve this line of action or goal."),
    )

    class Meta(RegistryRecord.Meta):
        ordering = ["plan", "order", "code", "name"]
        verbose_name = _("plan element")
        verbose_name_plural = _("plan elements")

    def __str__(self) -> str:
        name = localized(self, "name")
        return f"{self.code}. {name}" if self.code else name

    def get_absolute_url(self) -> str:
        return reverse("admin:strategy_planelement_change", args=[self.pk])

    def clean(self) -> None:
        super().clean()
        if self.parent_id and self.plan_id and self.parent.plan_id != self.plan_id:
            raise ValidationError({"parent": _("The part it belongs to must be of the same plan.")})
        if self.parent_id and self.parent_id == self.pk:
            raise ValidationError({"parent": _("An element cannot be part of itself.")})


class PriorityRegion(TenantChild):
    """A world region a plan gives priority to, with why."""

    tenant_path = "plan__home_government"

    plan = models.ForeignKey(
        Plan, on_delete=models.CASCADE, related_name="priority_regions", verbose_name=_("plan")
    )
    region = models.CharField(_("region"), max_length=30, choices=Region)
    note = models.CharField(_("why"), max_length=300, blank=True)
    note_en = models.CharField(_("why, in English"), max_length=300, blank=True)

    class Meta:
        ordering = ["plan", "region"]
        verbose_name = _("priority region")
        verbose_name_plural = _("priority regions")
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "region"], name="strategy_priority_region_unique"
            )
        ]

    def __str__(self) -> str:
        return str(Region(self.region).label)
