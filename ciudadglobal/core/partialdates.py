"""Partial dates: "2014", "abril de 2013", "12 de abril de 2013" — never an invented day.

A partial date is stored as its ISO 8601 reduced-precision text (``YYYY``, ``YYYY-MM`` or
``YYYY-MM-DD``) in one column. That text sorts correctly as a string, so ordering and range
filters run in the database on SQLite and PostgreSQL alike:

* ordering: ``"2014" < "2014-04" < "2014-04-12" < "2014-05"`` — a less precise date sorts
  before the more precise dates it contains;
* a value *has begun* by a day D when ``value <= D`` (its first possible day is not after D);
* a value *has ended* before a day D when ``value < D[:len(value)]`` (its last possible day is
  before D);
* a value *overlaps* the range [A, B] when ``value < next(B)`` and (``value >= A`` or the value
  is a coarser prefix of A).

Display goes through Babel (CLDR) so that each language gets its own wording.
"""

from __future__ import annotations

import calendar
import re
from contextlib import suppress
from dataclasses import dataclass
from datetime import date
from enum import IntEnum
from functools import lru_cache

from babel.dates import format_date, format_skeleton
from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Length, Substr
from django.db.models.query_utils import DeferredAttribute
from django.utils.translation import get_language, to_locale
from django.utils.translation import gettext_lazy as _

_PATTERN = re.compile(r"^(?P<year>\d{4})(?:-(?P<month>\d{2})(?:-(?P<day>\d{2}))?)?$")


class Precision(IntEnum):
    YEAR = 4
    MONTH = 7
    DAY = 10


@dataclass(frozen=True, order=False)
class PartialDate:
    """A date known to the year, the month or the day."""

    year: int
    month: int | None = None
    day: int | None = None

    def __post_init__(self) -> None:
        if not 1 <= self.year <= 9999:
            raise ValueError("year out of range")
        if self.day is not None and self.month is None:
            raise ValueError("a day needs a month")
        if self.month is not None and not 1 <= self.month <= 12:
            raise ValueError("month out of range")
        if self.day is not None:
            date(self.year, self.month, self.day)  # raises ValueError for 2014-02-30

    @classmethod
    def parse(cls, text: str) -> PartialDate:
        """Parse ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``; raise ValueError otherwise."""
        match = _PATTERN.match(text.strip())
        if not match:
            raise ValueError(f"not a partial date: {text!r}")
        return cls(*(int(part) if part else None for part in match.group("year", "month", "day")))

    @classmethod
    def from_date(cls, value: date) -> PartialDate:
        return cls(value.year, value.month, value.day)

    @property
    def precision(self) -> Precision:
        if self.day is not None:
            return Precision.DAY
        return Precision.MONTH if self.month is not None else Precision.YEAR

    def isoformat(self) -> str:
        text = f"{self.year:04d}"
        if self.month is not None:
            text += f"-{self.month:02d}"
        if self.day is not None:
            text += f"-{self.day:02d}"
        return text

    __str__ = isoformat

    def _key(self) -> str:
        return self.isoformat()

    def __lt__(self, other: PartialDate) -> bool:
        return self._key() < other._key()

    def __le__(self, other: PartialDate) -> bool:
        return self._key() <= other._key()

    def __gt__(self, other: PartialDate) -> bool:
        return self._key() > other._key()

    def __ge__(self, other: PartialDate) -> bool:
        return self._key() >= other._key()

    @property
    def first_day(self) -> date:
        return date(self.year, self.month or 1, self.day or 1)

    @property
    def last_day(self) -> date:
        if self.day is not None:
            return date(self.year, self.month, self.day)
        month = self.month or 12
        return date(self.year, month, calendar.monthrange(self.year, month)[1])

    def next(self) -> PartialDate:
        """The partial date right after this one, at the same precision."""
        if self.precision is Precision.YEAR:
            return PartialDate(self.year + 1)
        if self.precision is Precision.MONTH:
            if self.month == 12:
                return PartialDate(self.year + 1, 1)
            return PartialDate(self.year, self.month + 1)
        following = date.fromordinal(self.first_day.toordinal() + 1)
        return PartialDate.from_date(following)

    def has_begun(self, on: date) -> bool:
        return self.first_day <= on

    def has_ended(self, on: date) -> bool:
        return self.last_day < on

    def format(self, language: str | None = None) -> str:
        """'2014' · 'abril de 2013' / 'April 2013' · '12 de abril de 2013' / 'April 12, 2013'."""
        if self.precision is Precision.YEAR:
            return str(self.year)
        return _format(self, to_locale(language or get_language() or "es"))


@lru_cache(maxsize=4096)
def _format(value: PartialDate, locale: str) -> str:
    """Babel's wording of a month or a day (slow enough to matter in long lists and imports)."""
    if value.precision is Precision.MONTH:
        return format_skeleton("yMMMM", value.first_day, locale=locale)
    return format_date(value.first_day, format="long", locale=locale)


def parse_partial_date(value: PartialDate | date | str | None) -> PartialDate | None:
    """Accept a PartialDate, a date or ISO text; None and '' mean unknown."""
    if value is None or isinstance(value, PartialDate):
        return value
    if isinstance(value, date):
        return PartialDate.from_date(value)
    if not str(value).strip():
        return None
    return PartialDate.parse(str(value))


def begun_q(field: str, on: date) -> Q:
    """Records whose partial date ``field`` has begun by ``on`` (NULL never matches)."""
    return Q(**{f"{field}__lte": on.isoformat()})


def ended_q(field: str, on: date) -> Q:
    """Records whose partial date ``field`` ended before ``on`` (NULL never matches)."""
    return Q(**{f"{field}__lt": Substr(models.Value(on.isoformat()), 1, Length(field))})


def overlaps_q(
    field: str, start: PartialDate | str | None = None, end: PartialDate | str | None = None
) -> Q:
    """Records whose partial date ``field`` overlaps the range [start, end] (either may be open).

    "2013" overlaps "April 2013 to 2014"; "March 2013" does not. NULL never matches.
    """
    condition = Q(**{f"{field}__isnull": False})
    if start is not None:
        start = parse_partial_date(start)
        coarser = {start.isoformat()[: precision.value] for precision in Precision}
        condition &= Q(**{f"{field}__gte": start.isoformat()}) | Q(**{f"{field}__in": coarser})
    if end is not None:
        condition &= Q(**{f"{field}__lt": parse_partial_date(end).next().isoformat()})
    return condition


def period_constraint(start: str, end: str, name: str) -> models.CheckConstraint:
    """A database constraint: the period ``end`` does not finish before ``start`` begins
    (a project from "2014-05" to "2014" is fine; one from "2015" to "2014-12" is not)."""
    return models.CheckConstraint(
        condition=Q(**{f"{start}__isnull": True})
        | Q(**{f"{end}__isnull": True})
        | Q(**{f"{end}__gte": Substr(models.F(start), 1, Length(end))}),
        name=name,
        violation_error_message=_("The end cannot come before the start."),
    )


class PartialDateFormField(forms.CharField):
    default_error_messages = {
        "invalid": _(
            "Enter a year (2014), a year and month (2014-04) or a full date (2014-04-12)."
        ),
    }

    def __init__(self, **kwargs):
        kwargs.pop("max_length", None)  # the value is a PartialDate, not text to measure
        kwargs.setdefault(
            "help_text", _("Year, year-month or full date: 2014, 2014-04 or 2014-04-12.")
        )
        super().__init__(**kwargs)
        self.widget.attrs.setdefault("placeholder", _("YYYY[-MM[-DD]]"))
        self.widget.attrs.setdefault("size", 12)
        self.widget.attrs.setdefault("maxlength", 10)

    def prepare_value(self, value):
        return value.isoformat() if isinstance(value, PartialDate) else value

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return None
        try:
            return PartialDate.parse(value)
        except ValueError:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None


class PartialDateDescriptor(DeferredAttribute):
    """Turn ISO text assigned to the attribute into a PartialDate at once."""

    def __set__(self, instance, value):
        if isinstance(value, str | date):
            with suppress(ValueError):  # kept as typed when invalid; full_clean() reports it
                value = parse_partial_date(value)
        instance.__dict__[self.field.attname] = value


class PartialDateField(models.CharField):
    """A model field holding a PartialDate, stored as ISO text; empty is NULL, never ''."""

    descriptor_class = PartialDateDescriptor
    description = _("Partial date (year, year-month or full date)")
    empty_strings_allowed = False

    def __init__(self, *args, **kwargs):
        kwargs["max_length"] = 10
        kwargs.setdefault("null", True)
        kwargs.setdefault("blank", True)
        super().__init__(*args, **kwargs)
        # Values are PartialDate objects, whose ISO text always fits; no length check.
        self.validators[:] = [v for v in self.validators if not isinstance(v, MaxLengthValidator)]

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs.pop("max_length", None)
        return name, path, args, kwargs

    def from_db_value(self, value, expression, connection):
        return None if value is None else PartialDate.parse(value)

    def to_python(self, value):
        try:
            return parse_partial_date(value)
        except ValueError:
            raise ValidationError(
                PartialDateFormField.default_error_messages["invalid"], code="invalid"
            ) from None

    def get_prep_value(self, value):
        if isinstance(value, models.expressions.Expression | Q):
            return value
        value = self.to_python(value)
        return None if value is None else value.isoformat()

    def value_to_string(self, obj):
        value = self.value_from_object(obj)
        return "" if value is None else value.isoformat()

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": PartialDateFormField, **kwargs})
