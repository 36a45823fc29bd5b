"""Activities: trips, visits, events, missions, campaigns, cultural diplomacy, declarations."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ciudadglobal.actors.models import Gender
from ciudadglobal.core.currencies import CurrencyField
from ciudadglobal.core.models import RegistryRecord, TenantChild, localized
from ciudadglobal.core.partialdates import PartialDateField, period_constraint
from ciudadglobal.core.validators import field_error


class ActivityKind(models.TextChoices):
    OFFICIAL_TRIP = "official_trip", _("Official trip abroad")
    INCOMING_VISIT = "incoming_visit", _("Incoming visit or distinguished guest")
    EVENT_HOSTED = "event_hosted", _("Event hosted")
    EVENT_ABROAD = "event_abroad", _("Event attended abroad")
    TECHNICAL_MISSION = "technical_mission", _("Technical exchange mission")
    FORUM = "forum", _("Forum or workshop")
    CAMPAIGN = "campaign", _("Campaign")
    CULTURAL_DIPLOMACY = "cultural_diplomacy", _("Cultural-diplomacy action")
    DECLARATION = "declaration", _("Declaration")
    SERVICES_FAIR = "services_fair", _("Services fair")


class Sector(models.TextChoices):
    GOVERNMENT = "government", _("Government")
    CIVIL_SOCIETY = "civil_society", _("Civil society")
    ACADEMIA = "academia", _("Academia")
    PRIVATE = "private", _("Private sector")
    INTERNATIONAL = "international", _("International organization")
    OTHER = "other", _("Other")


class ParticipantRole(models.TextChoices):
    HEAD = "head", _("Head of delegation")
    DELEGATE = "delegate", _("Delegate")
    GUEST = "guest", _("Distinguished guest")
    SPEAKER = "speaker", _("Speaker")
    PARTICIPANT = "participant", _("Participant")


class Activity(RegistryRecord):
    """Something the home government did, hosted or took part in, at home or abroad."""

    department_path = "departments"

    kind = models.CharField(_("kind"), max_length=20, choices=ActivityKind)
    title = models.CharField(_("title"), max_length=400)
    title_en = models.CharField(_("title in English"), max_length=400, blank=True)
    description = models.TextField(_("description"), blank=True)
    description_en = models.TextField(_("description in English"), blank=True)
    start = PartialDateField(_("start"))
    end = PartialDateField(_("end"), help_text=_("Leave empty for a one-day activity."))
    places = models.ManyToManyField(
        "places.Place", blank=True, related_name="activities", verbose_name=_("places")
    )
    departments = models.ManyToManyField(
        "actors.Department",
        blank=True,
        related_name="department_activities",
        verbose_name=_("departments"),
    )
    counterparts = models.ManyToManyField(
        "actors.Actor",
        blank=True,
        related_name="activities",
        verbose_name=_("counterparts"),
    )
    themes = models.ManyToManyField(
        "taxonomy.Theme", blank=True, related_name="activities", verbose_name=_("themes")
    )
    sdg_targets = models.ManyToManyField(
        "taxonomy.SdgTarget", blank=True, related_name="activities", verbose_name=_("SDG targets")
    )
    agreements = models.ManyToManyField(
        "agreements.Agreement",
        blank=True,
        related_name="activities",
        verbose_name=_("agreements"),
    )
    projects = models.ManyToManyField(
        "projects.Project", blank=True, related_name="activities", verbose_name=_("projects")
    )
    networks = models.ManyToManyField(
        "actors.Actor",
        blank=True,
        related_name="network_activities",
        limit_choices_to={"kind": "city_network"},
        verbose_name=_("city networks"),
    )
    outcomes = models.TextField(_("outcomes"), blank=True)
    attendance = models.PositiveIntegerField(_("attendance"), null=True, blank=True)
    people_served = models.PositiveIntegerField(_("people served"), null=True, blank=True)
    cost = models.DecimalField(_("cost"), max_digits=14, decimal_places=2, null=True, blank=True)
    cost_currency = CurrencyField(_("currency of the cost"))

    class Meta(RegistryRecord.Meta):
        ordering = ["-start", "title"]
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        indexes = [
            models.Index(fields=["home_government", "kind", "start"]),
            # An import finds records by title (its natural key when a row has no key).
            models.Index(fields=["home_government", "title"]),
        ]
        constraints = [
            *RegistryRecord.Meta.constraints,
            period_constraint("start", "end", "activities_activity_period"),
        ]

    def __str__(self) -> str:
        title = localized(self, "title")
        return f"{title} ({self.start.format()})" if self.start else title

    def get_absolute_url(self) -> str:
        return reverse("admin:activities_activity_change", args=[self.pk])

    def clean(self) -> None:
        if self.cost is not None and not self.cost_currency:
            raise field_error(
                "cost_currency", _("Give the currency of the cost."), "currency_required"
            )


class ActivityParticipant(TenantChild):
    """Someone who took part: a delegation member, a guest, a mission participant."""

    tenant_path = "activity__home_government"

    activity = models.ForeignKey(
        Activity, on_delete=models.CASCADE, related_name="participants", verbose_name=_("activity")
    )
    person = models.ForeignKey(
        "actors.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="participations",
        verbose_name=_("person"),
    )
    name = models.CharField(
        _("name"), max_length=200, blank=True, help_text=_("When the person has no record.")
    )
    organization = models.ForeignKey(
        "actors.Actor",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="participations",
        verbose_name=_("organization"),
    )
    role = models.CharField(
        _("role"), max_length=12, choices=ParticipantRole, default=ParticipantRole.PARTICIPANT
    )
    title = models.CharField(
        _("title or post"), max_length=200, blank=True, help_text=_("As held at the time.")
    )
    gender = models.CharField(_("gender"), max_length=10, choices=Gender, default=Gender.UNKNOWN)
    sector = models.CharField(_("sector"), max_length=16, choices=Sector, blank=True)

    class Meta:
        ordering = ["activity", "pk"]
        verbose_name = _("participant")
        verbose_name_plural = _("participants")

    def __str__(self) -> str:
        return str(self.person) if self.person_id else self.name

    def clean(self) -> None:
        if not self.person_id and not self.name:
            raise ValidationError(_("Choose a person or type a name."), code="no_participant")
