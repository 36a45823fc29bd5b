"""Import files for the benchmark of ``manage.py import_records`` (issue 9: 100,000 rows).

``simple_activity_rows`` are the rows ``bench/harness.py`` writes (key, kind, title, title_en,
start). ``activity_rows`` also fill the list columns that cost an import the most, with values
that exist in a generated government: departments and themes by name, counterparts by key.
Both are deterministic: row ``n`` is always the same.
"""

from __future__ import annotations

from collections.abc import Iterator

from ciudadglobal.actors.models import Actor, Department
from ciudadglobal.taxonomy.models import Theme

from .generator import PARTNER_KINDS

SIMPLE_COLUMNS = ["key", "kind", "title", "title_en", "start"]
COLUMNS = [*SIMPLE_COLUMNS, "departments", "themes", "counterparts"]


def simple_activity_rows(count: int) -> Iterator[list[str]]:
    """The benchmark's rows, in the order of ``SIMPLE_COLUMNS``."""
    for n in range(count):
        yield [
            f"import-{n}",
            "forum",
            f"Taller importado número {n}",
            f"Imported workshop {n}",
            f"{2014 + n % 5}-{1 + n % 12:02d}",
        ]


def activity_rows(count: int, government) -> Iterator[list[str]]:
    """``simple_activity_rows`` with one or two departments, a theme (every other row) and a
    counterpart (two rows in three) of ``government``, in the order of ``COLUMNS``."""
    departments = list(
        Department.objects.for_government(government).order_by("pk").values_list("name", flat=True)
    )
    themes = list(
        Theme.objects.for_government(government).order_by("pk").values_list("name", flat=True)
    )
    partners = list(
        Actor.objects.for_government(government)
        .filter(kind__in=PARTNER_KINDS)
        .exclude(dataset_key="")
        .order_by("pk")
        .values_list("dataset_key", flat=True)
    )
    if not (departments and themes and partners):
        raise ValueError(f"{government} has no departments, themes or foreign actors")
    for n, row in enumerate(simple_activity_rows(count)):
        names = [departments[n % len(departments)]]
        if n % 5 == 0:
            names.append(departments[(n + 1) % len(departments)])
        yield [
            *row,
            "; ".join(names),
            themes[n % len(themes)] if n % 2 == 0 else "",
            partners[n % len(partners)] if n % 3 else "",
        ]
