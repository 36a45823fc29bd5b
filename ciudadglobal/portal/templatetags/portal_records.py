"""Template helpers of the portal's record explorers and detail pages."""

from __future__ import annotations

from babel.numbers import get_currency_name
from django import template
from django.utils.html import format_html
from django.utils.translation import get_language, to_locale

from ciudadglobal.actors.models import HOME_KINDS
from ciudadglobal.agreements.models import AgreementStatus
from ciudadglobal.core.models import is_published
from ciudadglobal.core.partialdates import PartialDate

register = template.Library()


@register.filter
def partial_date(value: PartialDate | None) -> str:
    """``<time datetime="2014-05">mayo de 2014</time>``: the date at its own precision."""
    if not value:
        return ""
    return format_html('<time datetime="{}">{}</time>', value.isoformat(), value.format())


@register.filter
def period(start: PartialDate | None, end: PartialDate | None) -> str:
    """ "2014 – 2016", "abril de 2013" (one date when both are the same), "" without dates."""
    if start and end and start != end:
        return format_html("{} – {}", partial_date(start), partial_date(end))
    if start:
        return partial_date(start)
    if end:
        return partial_date(end)
    return ""


@register.filter
def agreement_status(value: str) -> str:
    """The label of a status annotated by ``Agreement.objects.with_status()``."""
    try:
        return AgreementStatus(value).label
    except ValueError:
        return ""


@register.filter
def if_public(obj):
    """``obj`` when the public may see it (or it has no visibility of its own), else None:
    an internal actor or person named by a public record is not shown."""
    if obj is None or (hasattr(obj, "visibility") and not is_published(obj)):
        return None
    return obj


@register.filter
def is_partner(actor) -> bool:
    """Whether ``actor`` is a foreign partner with a partner page (not the government itself
    or one of its departments or boroughs)."""
    return actor is not None and actor.kind not in HOME_KINDS


@register.filter
def currency(code: str) -> str:
    """``<abbr title="yen japonés">JPY</abbr>``: the ISO 4217 code, named in the active
    language by CLDR."""
    if not code:
        return ""
    try:
        name = get_currency_name(code, locale=to_locale(get_language() or "es"))
    except ValueError:
        return code
    return format_html('<abbr title="{}">{}</abbr>', name, code)
