"""Reporting periods: a semester ("2018-H1", "2018-H2") or a year ("2018").

Article 20 asks for a report every semester; the annual indicators report uses years. A
``Period`` is a closed range of days, so indicator rules can count what happened in it or what
stood on its last day; a ``Semester`` is the half-year a report, an evaluation or an alert
speaks of.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

_PATTERN = re.compile(r"^(?P<year>\d{4})(?:-H(?P<half>[12]))?$")


@dataclass(frozen=True, order=True)
class Period:
    start: date
    end: date

    @property
    def label(self) -> str:
        """ "2018-H1", "2018-H2" or "2018" (the form ``parse_period`` reads)."""
        if (self.start.month, self.start.day) == (1, 1) and (self.end.month, self.end.day) == (
            12,
            31,
        ):
            return str(self.start.year)
        return f"{self.start.year}-H{1 if self.start.month == 1 else 2}"

    @property
    def is_semester(self) -> bool:
        return self.label != str(self.start.year)

    def __str__(self) -> str:
        return self.label


class Half(models.IntegerChoices):
    FIRST = 1, _("first semester (January–June)")
    SECOND = 2, _("second semester (July–December)")


@dataclass(frozen=True)
class Semester:
    """Half a calendar year: 2018 H1 runs from 1 January to 30 June 2018."""

    year: int
    half: int

    @classmethod
    def containing(cls, day: date) -> Semester:
        return cls(day.year, 1 if day.month <= 6 else 2)

    @property
    def start(self) -> date:
        return date(self.year, 1 if self.half == 1 else 7, 1)

    @property
    def end(self) -> date:
        month = 6 if self.half == 1 else 12
        return date(self.year, month, calendar.monthrange(self.year, month)[1])

    @property
    def label(self) -> str:
        return _("%(half)s of %(year)s") % {"half": Half(self.half).label, "year": self.year}

    @property
    def code(self) -> str:
        return f"{self.year}-h{self.half}"

    def __str__(self) -> str:
        return f"{self.year} H{self.half}"


def semester(year: int, half: int) -> Period:
    chosen = Semester(year, half)
    return Period(chosen.start, chosen.end)


def year(value: int) -> Period:
    return Period(date(value, 1, 1), date(value, 12, 31))


def parse_period(text: str) -> Period:
    """Read "2018-H1", "2018-H2" or "2018"; anything else is a ValidationError."""
    match = _PATTERN.match((text or "").strip())
    if match is None:
        raise ValidationError(
            _("Write a period as a year (2018) or a semester (2018-H1, 2018-H2)."),
            code="period",
        )
    number = int(match["year"])
    return semester(number, int(match["half"])) if match["half"] else year(number)


def semesters(first_year: int, last_year: int) -> list[Period]:
    """Every semester from the first of ``first_year`` to the second of ``last_year``."""
    return [semester(y, half) for y in range(first_year, last_year + 1) for half in (1, 2)]
