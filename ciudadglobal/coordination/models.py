"""Coordination between departments: annual operating plans and cabinet sessions.

Both are internal working records of the home government: they are never published, so they
are tenant-owned and versioned but not registry records.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ciudadglobal.activities.models import ActivityKind
from ciudadglobal.core.currencies import CurrencyField
from ciudadglobal.core.models import TenantChild, TenantOwned, Versioned


class OperatingPlan(TenantOwned, Versioned):
    """A department's annual operating plan of international actions."""

    department = models.ForeignKey(
        "actors.Department",
        on_delete=models.PROTECT,
        related_name="operating_plans",
        verbose_name=_("department"),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    notes = models.TextField(_("notes"), blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-year", "department__name"]
        verbose_name = _("operating plan")
        verbose_name_plural = _("operating plans")
        constraints = [
            models.UniqueConstraint(
                fields=["home_government", "department", "year"],
                name="coordination_plan_one_per_department_year",
            ),
            models.CheckConstraint(
                condition=Q(year__gte=1900) & Q(year__lte=2200),
                name="coordination_plan_year_range",
                violation_error_message=_("Give a four-digit year."),
            ),
        ]

    def __str__(self) -> str:
        return _("%(department)s · %(year)s") % {"department": self.department, "year": self.year}

    def get_absolute_url(self) -> str:
        return reverse("workspace:plan-detail", args=[self.pk])


class Quarter(models.IntegerChoices):
    Q1 = 1, _("First quarter")
    Q2 = 2, _("Second quarter")
    Q3 = 3, _("Third quarter")
    Q4 = 4, _("Fourth quarter")


class PlannedAction(Versioned, TenantChild):
    """An international action a department plans for the year, with its budget.

    It is executed when at least one recorded activity is linked to it; what those activities
    cost, in the plan's currency, is the executed budget."""

    tenant_path = "plan__home_government"

    plan = models.ForeignKey(
        OperatingPlan, on_delete=models.CASCADE, related_name="actions", verbose_name=_("plan")
    )
    title = models.CharField(_("title"), max_length=400)
    kind = models.CharField(_("kind"), max_length=20, choices=ActivityKind, blank=True)
    theme = models.ForeignKey(
        "taxonomy.Theme",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="planned_actions",
        verbose_name=_("theme"),
    )
    quarter = models.PositiveSmallIntegerField(_("quarter"), choices=Quarter, null=True, blank=True)
    planned_date = models.DateField(_("planned date"), null=True, blank=True)
    budget = models.DecimalField(
        _("budget"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    budget_currency = CurrencyField(_("currency of the budget"))
    activities = models.ManyToManyField(
        "activities.Activity",
        blank=True,
        related_name="planned_actions",
        verbose_name=_("recorded activities"),
        help_text=_("The activities that carried out this action."),
    )

    class Meta:
        ordering = ["plan", "quarter", "planned_date", "pk"]
        verbose_name = _("planned action")
        verbose_name_plural = _("planned actions")
        constraints = [
            models.CheckConstraint(
                condition=Q(budget__isnull=True) | ~Q(budget_currency=""),
                name="coordination_action_budget_currency",
                violation_error_message=_("Give the currency of the budget."),
            ),
            models.CheckConstraint(
                condition=Q(budget__isnull=True) | Q(budget__gte=0),
                name="coordination_action_budget_positive",
                violation_error_message=_("A budget cannot be negative."),
            ),
        ]

    def __str__(self) -> str:
        return self.title


class CabinetSession(TenantOwned, Versioned):
    """A session of the inter-institutional cabinet on international affairs."""

    date = models.DateField(_("date"))
    title = models.CharField(_("title"), max_length=300, blank=True)
    departments = models.ManyToManyField(
        "actors.Department",
        blank=True,
        related_name="cabinet_sessions",
        verbose_name=_("departments attending"),
    )
    attendees = models.ManyToManyField(
        "actors.Person",
        blank=True,
        related_name="cabinet_sessions",
        verbose_name=_("people attending"),
    )
    minutes = models.TextField(_("minutes"), blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-date", "pk"]
        verbose_name = _("cabinet session")
        verbose_name_plural = _("cabinet sessions")

    def __str__(self) -> str:
        label = _("Cabinet session of %(date)s") % {"date": self.date.isoformat()}
        return f"{label} · {self.title}" if self.title else label

    def get_absolute_url(self) -> str:
        return reverse("workspace:session-detail", args=[self.pk])


class AgendaItem(TenantChild):
    """A point on a cabinet session's agenda."""

    tenant_path = "session__home_government"

    session = models.ForeignKey(
        CabinetSession,
        on_delete=models.CASCADE,
        related_name="agenda_items",
        verbose_name=_("session"),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    title = models.CharField(_("item"), max_length=400)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        ordering = ["session", "order", "pk"]
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")

    def __str__(self) -> str:
        return self.title


class ResolutionStatus(models.TextChoices):
    OPEN = "open", _("Open")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


#: A resolution in one of these states still needs following up.
OPEN_RESOLUTION_STATES = (ResolutionStatus.OPEN, ResolutionStatus.IN_PROGRESS)


class Resolution(Versioned, TenantChild):
    """What the cabinet agreed: who does it, by when, and how far it has got."""

    tenant_path = "session__home_government"

    session = models.ForeignKey(
        CabinetSession,
        on_delete=models.CASCADE,
        related_name="resolutions",
        verbose_name=_("session"),
    )
    text = models.TextField(_("resolution"))
    department = models.ForeignKey(
        "actors.Department",
        on_delete=models.PROTECT,
        related_name="cabinet_resolutions",
        verbose_name=_("responsible department"),
    )
    due = models.DateField(_("due"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=ResolutionStatus, default=ResolutionStatus.OPEN
    )
    closed_on = models.DateField(_("closed on"), null=True, blank=True)

    class Meta:
        ordering = ["session", "due", "pk"]
        verbose_name = _("resolution")
        verbose_name_plural = _("resolutions")
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=OPEN_RESOLUTION_STATES, closed_on__isnull=True)
                | (~Q(status__in=OPEN_RESOLUTION_STATES) & Q(closed_on__isnull=False)),
                name="coordination_resolution_closed_when_done",
                violation_error_message=_(
                    "A resolution done or cancelled has a closing date; an open one has none."
                ),
            )
        ]

    def __str__(self) -> str:
        return self.text if len(self.text) <= 80 else f"{self.text[:79]}…"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_RESOLUTION_STATES


class ResolutionFollowUp(TenantChild):
    """A dated note on how a resolution is going, and the status it left it in."""

    tenant_path = "resolution__session__home_government"

    resolution = models.ForeignKey(
        Resolution,
        on_delete=models.CASCADE,
        related_name="follow_ups",
        verbose_name=_("resolution"),
    )
    date = models.DateField(_("date"), default=timezone.localdate)
    note = models.TextField(_("note"))
    status = models.CharField(_("status after this"), max_length=12, choices=ResolutionStatus)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("written by"),
    )

    class Meta:
        ordering = ["resolution", "-date", "-pk"]
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} · {self.resolution}"
