from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_countries import countries
from simple_history.admin import SimpleHistoryAdmin

from ciudadglobal.core.admin import region_filter
from ciudadglobal.core.text import fold
from ciudadglobal.core.validators import field_error

from . import gazetteer
from .models import Place, PlaceKind, PlaceOrigin


class PlaceForm(forms.ModelForm):
    """Fill a city from the offline gazetteer, or take it as typed when the gazetteer lacks it."""

    class Meta:
        model = Place
        fields = (
            "kind",
            "name",
            "name_en",
            "country",
            "admin_area",
            "geonames_id",
            "latitude",
            "longitude",
        )

    def clean(self):
        cleaned = super().clean()
        kind, name, country = cleaned.get("kind"), cleaned.get("name"), cleaned.get("country")
        if kind == PlaceKind.COUNTRY or not country:
            return cleaned
        if cleaned.get("geonames_id"):
            candidate = gazetteer.get(cleaned["geonames_id"])
            if candidate is None:
                raise field_error(
                    "geonames_id",
                    _("The gazetteer has no place with this GeoNames id."),
                    "unknown_geonames_id",
                )
        elif cleaned.get("latitude") is not None and cleaned.get("longitude") is not None:
            self.instance.origin = PlaceOrigin.MANUAL
            return cleaned
        elif not name:
            return cleaned
        else:
            match = gazetteer.best_match(name, str(country))
            if match is None:
                raise ValidationError(
                    _(
                        "“%(name)s” is not in the offline gazetteer for this country. Check the "
                        "spelling, or enter its latitude and longitude to add it by hand."
                    ),
                    code="not_in_gazetteer",
                    params={"name": name},
                )
            if isinstance(match, list):
                raise ValidationError(
                    _(
                        "Several places are called “%(name)s”: %(candidates)s. Enter the "
                        "GeoNames id of the one you mean."
                    ),
                    code="ambiguous",
                    params={
                        "name": name,
                        "candidates": "; ".join(c.describe() for c in match[:8]),
                    },
                )
            candidate = match
        if candidate.country != str(country):
            raise field_error("country", _("That GeoNames place is in another country."), "country")
        cleaned.update(
            geonames_id=candidate.geonames_id,
            latitude=candidate.latitude,
            longitude=candidate.longitude,
            admin_area=cleaned.get("admin_area") or candidate.admin_area,
        )
        if not cleaned.get("name_en") and candidate.name != name:
            cleaned["name_en"] = candidate.name
        self.instance.origin = PlaceOrigin.GAZETTEER
        self.instance.population = candidate.population
        return cleaned


@admin.register(Place)
class PlaceAdmin(SimpleHistoryAdmin):
    """Places are shared by every home government: staff add them, platform admins edit them."""

    form = PlaceForm
    list_display = ("__str__", "kind", "country", "admin_area", "latitude", "longitude", "origin")
    list_filter = ("kind", "origin", region_filter("country"))
    search_fields = ("name", "name_en")
    fieldsets = (
        (None, {"fields": ("kind", "name", "name_en", "country", "admin_area")}),
        (
            _("Location"),
            {
                "fields": ("geonames_id", ("latitude", "longitude")),
                "description": _(
                    "Leave these empty to look the place up in the offline GeoNames gazetteer "
                    "by its name (Spanish or English names and exonyms such as “Pekín” work). "
                    "For a place the gazetteer lacks, type its coordinates."
                ),
            },
        ),
    )

    def get_search_results(self, request, queryset, search_term):
        """Also find places by their country's name in the active language ("Francia")."""
        found, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        if search_term:
            term = fold(search_term)
            codes = [code for code, name in countries if term in fold(str(name))]
            found |= queryset.filter(Q(country__in=codes) | Q(country=search_term.upper()))
        return found, may_have_duplicates

    def has_change_permission(self, request, obj=None):
        return request.user.is_superuser or (obj is None and super().has_change_permission(request))

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser
