"""The synthetic shapes are Mexico City's: counted again from data/cdmx."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
import yaml

from ciudadglobal.synthetic import distributions as dist

DATA = Path(__file__).resolve().parents[2] / "data" / "cdmx"


@pytest.fixture(scope="module")
def sections() -> dict[str, list]:
    found: dict[str, list] = {}
    for path in sorted(DATA.glob("*.yaml")):
        for name, rows in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).items():
            if isinstance(rows, list):
                found.setdefault(name, []).extend(rows)
    return found


def test_kinds_are_counted_from_the_mexico_city_data(sections):
    actors = Counter(a["kind"] for a in sections["actors"] if a["kind"] != "home_government")
    assert dict(actors) == dist.ACTOR_KINDS
    assert dict(Counter(a["kind"] for a in sections["agreements"])) == dist.AGREEMENT_KINDS
    assert dict(Counter(a["kind"] for a in sections["activities"])) == dist.ACTIVITY_KINDS


def test_dates_and_shares_are_counted_from_the_mexico_city_data(sections):
    agreements, activities = sections["agreements"], sections["activities"]
    signed = Counter(int(str(a["signed"])[:4]) for a in agreements if a.get("signed"))
    assert dict(signed) == dist.AGREEMENT_SIGNED_YEARS
    unknown = sum(bool(a.get("signed_date_unknown")) for a in agreements)
    assert unknown / len(agreements) == dist.AGREEMENT_SIGNED_UNKNOWN
    starts = Counter(int(str(a["start"])[:4]) for a in activities if a.get("start"))
    assert dict(starts) == dist.ACTIVITY_START_YEARS
    precision = Counter(
        {4: "year", 7: "month", 10: "day"}[len(str(a["start"]))]
        for a in activities
        if a.get("start")
    )
    assert dict(precision) == dist.DATE_PRECISION
    with_places = sum(bool(a.get("places")) for a in activities)
    assert with_places / len(activities) == dist.ACTIVITY_WITH_PLACES
    assert {t["name"] for t in sections["themes"]} == {name for name, _ in dist.THEMES}
