"""The columns of an import file: what each one holds and how its text becomes a value.

A parser takes the cell's text (never empty: empty cells are handled before) and the
``References`` of the import, and returns the value for the model, or raises ``ValueError``
with a message for the person who filled the spreadsheet.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import cache
from typing import Any

from django.db import models
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from ciudadglobal.core.currencies import CURRENCY_CODES
from ciudadglobal.core.partialdates import PartialDate
from ciudadglobal.core.text import fold

#: Items of a list cell are separated by semicolons (or line breaks).
LIST_SEPARATOR = ";"

TRUE_WORDS = frozenset({"1", "x", "si", "sí", "yes", "true", "verdadero"})
FALSE_WORDS = frozenset({"0", "no", "false", "falso"})


@dataclass(frozen=True)
class Column:
    """One column of an import file.

    ``field`` is the model field it writes (None for columns the entity applies itself, such
    as partners); ``many`` marks a list cell (items separated by semicolons)."""

    name: str
    kind: Promise
    help: Promise
    example: str
    parse: Callable[[str, Any], Any]
    required: bool = False
    field: str | None = None
    many: bool = False
    choices: type[models.TextChoices] | None = None

    def read(self, text: str, refs) -> Any:
        if not self.many:
            return self.parse(text, refs)
        items = [item.strip() for item in text.replace("\n", LIST_SEPARATOR).split(LIST_SEPARATOR)]
        values, problems = [], []
        for item in filter(None, items):
            try:
                values.append(self.parse(item, refs))
            except ValueError as error:
                problems.append(f"{item}: {error}")
        if problems:
            raise ValueError("; ".join(problems))
        return values


# Parsers --------------------------------------------------------------------------------------


def text(value: str, refs) -> str:
    return value.strip()


def partial_date(value: str, refs) -> PartialDate:
    try:
        return PartialDate.parse(value)
    except ValueError:
        raise ValueError(
            gettext("write a year (2014), a year and month (2014-04) or a date (2014-04-12)")
        ) from None


def boolean(value: str, refs) -> bool:
    word = fold(value)
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ValueError(gettext("write yes or no"))


def integer(value: str, refs) -> int:
    try:
        number = int(value.replace(" ", ""))
    except ValueError:
        raise ValueError(gettext("write a whole number")) from None
    if number < 0:
        raise ValueError(gettext("write a whole number"))
    return number


def decimal(value: str, refs) -> Decimal:
    try:
        return Decimal(value.replace(" ", ""))
    except InvalidOperation:
        raise ValueError(gettext("write a number with a point for decimals: 1500.50")) from None


def currency(value: str, refs) -> str:
    code = value.strip().upper()
    if code not in CURRENCY_CODES:
        raise ValueError(gettext("not an ISO 4217 currency code (MXN, EUR, USD…)"))
    return code


@cache
def _country_index() -> dict[str, str]:
    index = {}
    for language in ("en", "es"):
        with translation.override(language):
            for country in countries:
                index[fold(str(country.name))] = country.code
    return index


def country(value: str, refs) -> str:
    """An ISO 3166-1 code (two or three letters) or the country's name in Spanish or English."""
    code = countries.alpha2(value.strip()) if len(value.strip()) in (2, 3) else ""
    code = code or _country_index().get(fold(value))
    if not code:
        raise ValueError(gettext("not a country: write its ISO code (FR) or its name"))
    return code


def choice(choices: type[models.TextChoices]) -> Callable[[str, Any], str]:
    """A parser accepting a choice's code or its label in Spanish or English."""

    @cache
    def index() -> dict[str, str]:
        found = {}
        for language in ("en", "es"):
            with translation.override(language):
                for value, label in choices.choices:
                    found[fold(str(label))] = value
        found.update({fold(value): value for value in choices.values})
        return found

    def parse(value: str, refs) -> str:
        try:
            return index()[fold(value)]
        except KeyError:
            allowed = ", ".join(choices.values)
            raise ValueError(gettext("not one of: %(allowed)s") % {"allowed": allowed}) from None

    return parse


# References: resolved through the import's References (see references.py) -------------------


def theme(value: str, refs):
    return refs.theme(value)


def sdg_target(value: str, refs):
    return refs.sdg_target(value)


def department(value: str, refs):
    return refs.department(value)


def actor(value: str, refs):
    return refs.actor(value)


def place(value: str, refs):
    return refs.place(value)


# Building blocks shared by the entities -------------------------------------------------------

KIND_TEXT = _("text")
KIND_DATE = _("partial date")
KIND_YES_NO = _("yes or no")
KIND_NUMBER = _("number")
KIND_CODE = _("code")
KIND_LIST = _("list separated by semicolons")


def key_column() -> Column:
    return Column(
        "key",
        KIND_TEXT,
        _(
            "Your stable identifier for the record. With it, importing the file again updates "
            "the record instead of creating another."
        ),
        "",
        text,
        field="dataset_key",
    )


def text_column(name: str, help, example: str = "", *, required: bool = False) -> Column:
    return Column(name, KIND_TEXT, help, example, text, required=required, field=name)


def date_column(name: str, help, example: str = "", *, required: bool = False) -> Column:
    return Column(name, KIND_DATE, help, example, partial_date, required=required, field=name)


def choice_column(
    name: str, choices: type[models.TextChoices], help, example: str, *, required: bool = False
) -> Column:
    return Column(
        name,
        KIND_CODE,
        help,
        example,
        choice(choices),
        required=required,
        field=name,
        choices=choices,
    )


def themes_column() -> Column:
    return Column(
        "themes",
        KIND_LIST,
        _("Themes by name, as they are named in the registry."),
        "Medio ambiente; Cultura",
        theme,
        field="themes",
        many=True,
    )


def sdg_targets_column() -> Column:
    return Column(
        "sdg_targets",
        KIND_LIST,
        _("SDG target codes: 11.6; 13.2."),
        "11.6; 13.2",
        sdg_target,
        field="sdg_targets",
        many=True,
    )


def departments_column(name: str = "departments") -> Column:
    many = name == "departments"
    return Column(
        name,
        KIND_LIST if many else KIND_TEXT,
        _("Departments of the home government by name or acronym."),
        "Secretaría del Medio Ambiente",
        department,
        field=name,
        many=many,
    )


def places_column() -> Column:
    return Column(
        "places",
        KIND_LIST,
        _(
            "Cities as name and country code (París, FR), or countries alone (FR or Francia); "
            "cities are looked up in the offline gazetteer."
        ),
        "París, FR; Japón",
        place,
        field="places",
        many=True,
    )


def partners_column(help) -> Column:
    return Column("partners", KIND_LIST, help, "paris", actor, many=True)


def visibility_column() -> Column:
    from ciudadglobal.core.models import Visibility

    return choice_column(
        "visibility",
        Visibility,
        _("public or internal (empty: internal). Internal records never reach the portal."),
        "internal",
    )


def source_url_column() -> Column:
    return text_column("source_url", _("Web address where the facts can be checked."))


def city(value: str, refs):
    """A city of the row's country (the ``country`` column comes first)."""
    code = refs.current.get("country")
    if not code:
        raise ValueError(gettext("give the country too"))
    return refs.city(value, code)
