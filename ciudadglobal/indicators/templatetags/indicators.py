"""Template helpers for indicator values."""

from __future__ import annotations

from decimal import Decimal

from babel.numbers import format_decimal
from django import template
from django.utils.translation import get_language, to_locale

from ..selectors import format_indicator_value

register = template.Library()


@register.simple_tag
def indicator_value(value, indicator) -> str:
    """``{% indicator_value value indicator %}``: in the indicator's unit ("" for none)."""
    return format_indicator_value(value, indicator.unit, indicator.currency)


@register.simple_tag
def plain_number(value) -> str:
    """A number in the active language, without trailing zeros."""
    if value is None:
        return ""
    value = Decimal(value)
    value = value.normalize() if value % 1 else Decimal(int(value))
    return format_decimal(value, locale=to_locale(get_language() or "es"))
