"""ISO 4217 currency codes, named in the active language by CLDR (Babel)."""

from __future__ import annotations

from functools import cache

from babel.numbers import get_currency_name, list_currencies
from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import get_language, to_locale
from django.utils.translation import gettext_lazy as _

# Codes CLDR still lists but that are no longer legal tender are kept: old amounts use them.
CURRENCY_CODES = frozenset(code for code in list_currencies() if len(code) == 3)


def validate_currency(code: str) -> None:
    if code and code not in CURRENCY_CODES:
        raise ValidationError(
            _("%(code)s is not an ISO 4217 currency code."), code="currency", params={"code": code}
        )


@cache
def _choices(locale: str) -> list[tuple[str, str]]:
    named = [
        (code, f"{code} · {get_currency_name(code, locale=locale)}") for code in CURRENCY_CODES
    ]
    return [("", "---------"), *sorted(named)]


def currency_choices() -> list[tuple[str, str]]:
    return _choices(to_locale(get_language() or "es"))


class CurrencyField(models.CharField):
    """A three-letter ISO 4217 code; the form offers every currency by its localized name."""

    description = _("ISO 4217 currency code")

    def __init__(self, *args, **kwargs):
        kwargs["max_length"] = 3
        kwargs.setdefault("blank", True)
        super().__init__(*args, **kwargs)
        self.validators.append(validate_currency)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs.pop("max_length", None)
        return name, path, args, kwargs

    def formfield(self, **kwargs):
        # Skip CharField.formfield: a choice field takes no max_length.
        return models.Field.formfield(
            self, **{"form_class": forms.ChoiceField, "choices": currency_choices, **kwargs}
        )
