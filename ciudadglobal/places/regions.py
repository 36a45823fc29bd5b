"""The book's world regions, and which countries belong to each (``data/regions.csv``)."""

from __future__ import annotations

import csv
from functools import cache
from pathlib import Path

from django.db import models
from django.utils.translation import gettext_lazy as _

DATA = Path(__file__).parent / "data" / "regions.csv"


class Region(models.TextChoices):
    NORTH_AMERICA = "north_america", _("North America")
    LATIN_AMERICA_CARIBBEAN = "latin_america_caribbean", _("Latin America and the Caribbean")
    EUROPE = "europe", _("Europe")
    ASIA = "asia", _("Asia")
    AFRICA = "africa", _("Africa")
    MIDDLE_EAST = "middle_east", _("Middle East")
    OCEANIA = "oceania", _("Oceania")


@cache
def _regions() -> dict[str, Region]:
    with DATA.open(encoding="utf-8") as handle:
        return {
            row["country"]: Region(row["region"]) for row in csv.DictReader(handle) if row["region"]
        }


def region_of(country_code: str) -> Region | None:
    return _regions().get(country_code)


def countries_in(region: Region | str) -> list[str]:
    region = Region(region)
    return sorted(code for code, value in _regions().items() if value == region)
