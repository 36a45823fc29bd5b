"""Writes to the shared gazetteer of places."""

from __future__ import annotations

from django.db import transaction

from . import gazetteer
from .models import Place, PlaceKind, PlaceOrigin


def place_get_or_create_country(*, code: str) -> Place:
    place, _created = Place.objects.get_or_create(kind=PlaceKind.COUNTRY, country=code)
    return place


def _place(candidate: gazetteer.Candidate, name: str = "", name_en: str = "") -> Place:
    return Place(
        kind=PlaceKind.CITY,
        name=name or candidate.name,
        name_en=name_en or (candidate.name if name and name != candidate.name else ""),
        country=candidate.country,
        admin_area=candidate.admin_area,
        latitude=candidate.latitude,
        longitude=candidate.longitude,
        geonames_id=candidate.geonames_id,
        population=candidate.population,
        origin=PlaceOrigin.GAZETTEER,
    )


@transaction.atomic
def place_get_or_create_from_gazetteer(
    *, candidate: gazetteer.Candidate, name: str = "", name_en: str = ""
) -> Place:
    """The Place for a gazetteer city, created on first use. ``name`` is the Spanish name
    (an exonym such as "Pekín"); it defaults to the gazetteer's name."""
    place = Place.objects.filter(geonames_id=candidate.geonames_id).first()
    if place is not None:
        return place
    place = _place(candidate, name, name_en)
    place.full_clean()
    place.save()
    return place


def places_get_or_create_from_gazetteer(candidates: list[gazetteer.Candidate]) -> list[Place]:
    """The Places of many gazetteer cities, in their order, the missing ones created in bulk
    under their gazetteer names."""
    ids = [candidate.geonames_id for candidate in candidates]
    existing = set(Place.objects.filter(geonames_id__in=ids).values_list("geonames_id", flat=True))
    missing = [_place(c) for c in candidates if c.geonames_id not in existing]
    Place.objects.bulk_create(missing, batch_size=1000)
    by_id = Place.objects.in_bulk(ids, field_name="geonames_id")
    return [by_id[geonames_id] for geonames_id in ids]
