"""Template helpers of the public portal."""

from __future__ import annotations

from django import template
from django.conf import settings
from django.urls import NoReverseMatch, reverse, translate_url
from django.utils.translation import get_language, get_language_info
from django.utils.translation import gettext_lazy as _

from ciudadglobal.core.models import localized as localized_field

from ..links import public_url

register = template.Library()


@register.filter
def localized(obj, field: str) -> str:
    """``{{ record|localized:"name" }}``: the English form in English when there is one."""
    return localized_field(obj, field)


@register.simple_tag(takes_context=True)
def record_url(context, obj) -> str:
    """The portal page of a record of this portal's government ("" when it has none)."""
    return public_url(obj, context["government"].slug) or ""


@register.simple_tag(takes_context=True)
def language_links(context) -> list[dict]:
    """This very page (path and query) in each language of the portal."""
    request = context["request"]
    current = get_language()
    return [
        {
            "code": code,
            "name": get_language_info(code)["name_local"],
            "url": translate_url(request.get_full_path(), code),
            "current": code == current,
        }
        for code, _name in settings.LANGUAGES
    ]


#: The portal's sections, in the order of the main menu.
SECTIONS = (
    ("portal:map", _("Map")),
    ("portal:agreement-list", _("Agreements")),
    ("portal:activity-list", _("Activities")),
    ("portal:project-list", _("Projects")),
    ("portal:network-list", _("Networks")),
    ("portal:award-list", _("Awards")),
    ("portal:partner-list", _("Partners")),
    ("portal:charts", _("Figures")),
    ("portal:indicator-list", _("Indicators")),
    ("portal:transparency", _("Transparency")),
    ("portal:participation", _("Participation")),
    ("portal:open-data", _("Open data")),
    ("portal:report-archive", _("Reports")),
    ("portal:about", _("About")),
)


@register.simple_tag
def portal_sections(government) -> list[tuple[str, str]]:
    """(address, label) of each section of ``government``'s portal."""
    sections = []
    for name, label in SECTIONS:
        try:
            sections.append((reverse(name, kwargs={"government": government.slug}), label))
        except NoReverseMatch:  # a section this deployment does not serve
            continue
    return sections
