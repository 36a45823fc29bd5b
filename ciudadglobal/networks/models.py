"""Membership of city networks and the positions held in them."""

from __future__ import annotations

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ciudadglobal.actors.models import ActorKind
from ciudadglobal.core.models import RegistryRecord, TenantChild, localized
from ciudadglobal.core.partialdates import PartialDateField, period_constraint
from ciudadglobal.core.validators import field_error


class NetworkMembership(RegistryRecord):
    """The home government's membership of a city network."""

    department_path = "department"

    network = models.ForeignKey(
        "actors.Actor",
        on_delete=models.PROTECT,
        related_name="network_memberships",
        limit_choices_to={"kind": ActorKind.CITY_NETWORK},
        verbose_name=_("network"),
    )
    joined = PartialDateField(_("joined"))
    left = PartialDateField(_("left"))
    department = models.ForeignKey(
        "actors.Department",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="managed_network_memberships",
        verbose_name=_("responsible department"),
    )
    notes = models.TextField(_("notes"), blank=True)

    class Meta(RegistryRecord.Meta):
        ordering = ["network__name"]
        verbose_name = _("network membership")
        verbose_name_plural = _("network memberships")
        constraints = [
            *RegistryRecord.Meta.constraints,
            models.UniqueConstraint(
                fields=["home_government", "network", "joined"],
                name="networks_membership_unique",
            ),
            period_constraint("joined", "left", "networks_membership_period"),
        ]

    def __str__(self) -> str:
        return str(self.network)

    def get_absolute_url(self) -> str:
        return reverse("admin:networks_networkmembership_change", args=[self.pk])

    def clean(self) -> None:
        if self.network_id and self.network.kind != ActorKind.CITY_NETWORK:
            raise field_error("network", _("Choose a city network."), "not_network")


class NetworkPosition(TenantChild):
    """A position the home government (or one of its people) held in a network."""

    tenant_path = "membership__home_government"

    membership = models.ForeignKey(
        NetworkMembership,
        on_delete=models.CASCADE,
        related_name="positions",
        verbose_name=_("membership"),
    )
    title = models.CharField(_("position"), max_length=300)
    title_en = models.CharField(_("position in English"), max_length=300, blank=True)
    body = models.CharField(
        _("body"), max_length=200, blank=True, help_text=_("Executive bureau, council, committee…")
    )
    holder = models.ForeignKey(
        "actors.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="network_positions",
        verbose_name=_("held by"),
        help_text=_("Empty when the city itself holds it."),
    )
    start = PartialDateField(_("start"))
    end = PartialDateField(_("end"))

    class Meta:
        ordering = ["membership", "-start", "pk"]
        verbose_name = _("network position")
        verbose_name_plural = _("network positions")
        constraints = [period_constraint("start", "end", "networks_position_period")]

    def __str__(self) -> str:
        return f"{localized(self, 'title')} · {self.membership}"
