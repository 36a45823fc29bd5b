"""Places: countries (ISO 3166) and the cities and regions records happen in."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from simple_history.models import HistoricalRecords

from ciudadglobal.core.models import localized

from .regions import Region, region_of


class PlaceKind(models.TextChoices):
    COUNTRY = "country", _("Country")
    REGION = "region", _("Region or state")
    CITY = "city", _("City")


class PlaceOrigin(models.TextChoices):
    GAZETTEER = "gazetteer", _("GeoNames gazetteer")
    MANUAL = "manual", _("Entered by hand")


class Place(models.Model):
    """A country, a region or a city. Shared by every home government: a gazetteer, not a record.

    Cities come from the offline GeoNames gazetteer (``geonames_id`` set) or are entered by hand
    with their coordinates when the gazetteer lacks them. Countries need no name: it comes
    translated from django-countries.
    """

    kind = models.CharField(_("kind"), max_length=10, choices=PlaceKind, default=PlaceKind.CITY)
    name = models.CharField(
        _("name"), max_length=200, blank=True, help_text=_("Spanish name; empty for countries.")
    )
    name_en = models.CharField(_("name in English"), max_length=200, blank=True)
    country = CountryField(_("country"))
    admin_area = models.CharField(
        _("state or province"), max_length=100, blank=True, help_text=_("First-level division.")
    )
    latitude = models.DecimalField(
        _("latitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    geonames_id = models.PositiveIntegerField(_("GeoNames id"), null=True, blank=True, unique=True)
    population = models.PositiveBigIntegerField(_("population"), null=True, blank=True)
    origin = models.CharField(
        _("origin"), max_length=10, choices=PlaceOrigin, default=PlaceOrigin.MANUAL
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["country", "kind", "name"]
        verbose_name = _("place")
        verbose_name_plural = _("places")
        constraints = [
            models.UniqueConstraint(
                fields=["country"],
                condition=Q(kind="country"),
                name="places_one_row_per_country",
            ),
            models.CheckConstraint(
                condition=Q(kind="country") | ~Q(name=""),
                name="places_named_unless_country",
            ),
            models.CheckConstraint(
                condition=Q(latitude__isnull=True) | Q(latitude__gte=-90, latitude__lte=90),
                name="places_latitude_range",
            ),
            models.CheckConstraint(
                condition=Q(longitude__isnull=True) | Q(longitude__gte=-180, longitude__lte=180),
                name="places_longitude_range",
            ),
        ]

    def __str__(self) -> str:
        if self.kind == PlaceKind.COUNTRY:
            return str(self.country.name)
        return f"{localized(self, 'name')}, {self.country.name}"

    def get_absolute_url(self) -> str:
        return reverse("admin:places_place_change", args=[self.pk])

    @property
    def region(self) -> Region | None:
        return region_of(self.country.code)
