"""Where the public portal shows each kind of record."""

from __future__ import annotations

from collections.abc import Callable

from django.db.models import Model
from django.urls import reverse

from ciudadglobal.core.models import government_id_of

#: Portal page of each record kind, by model label: "<app_label>.<ModelName>" → URL name.
DETAIL_PAGES = {
    "agreements.Agreement": "portal:agreement-detail",
    "activities.Activity": "portal:activity-detail",
    "projects.Project": "portal:project-detail",
    "networks.NetworkMembership": "portal:network-detail",
    "awards.Award": "portal:award-detail",
    "actors.Actor": "portal:partner-detail",
    "strategy.Plan": "portal:plan-detail",
}


def public_url(obj: Model, government_slug: str) -> str | None:
    """The portal page of ``obj``, or None when the portal has no page for its kind."""
    name = DETAIL_PAGES.get(obj._meta.concrete_model._meta.label)
    if name is None or government_id_of(obj) is None:
        return None
    return reverse(name, kwargs={"government": government_slug, "pk": obj.pk})


def portal_url(name: str, government_slug: str, **kwargs) -> str:
    return reverse(f"portal:{name}", kwargs={"government": government_slug, **kwargs})


def portal_urls(name: str, government_slug: str) -> Callable[[int], str]:
    """``portal_url(name, government_slug, pk=…)`` as a function of the pk, reversed once:
    for a page that links many records (a map's thousands of cities)."""
    head, tail = portal_url(name, government_slug, pk=0).rsplit("/0/", 1)
    return lambda pk: f"{head}/{pk}/{tail}"
