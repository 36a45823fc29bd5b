"""The portal's front doors: the list of home governments and each one's home page."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _

from ciudadglobal.core.pagecache import remembered
from ciudadglobal.tenants.models import HomeGovernment

from ..relations import summarize
from ..selectors import key_figures, latest_activities, partner_map, portal_government


def government_list(request: HttpRequest) -> HttpResponse:
    """``portal/government_list.html``: every home government with a portal; with only one,
    its home page directly."""
    governments = list(HomeGovernment.objects.order_by("name"))
    if len(governments) == 1:
        return redirect("portal:home", government=governments[0].slug)
    return render(request, "portal/government_list.html", {"governments": governments})


def home(request: HttpRequest, government: str) -> HttpResponse:
    """``portal/home.html``: key figures linking to their records, the latest activities and
    the world map of partners (with the same data as a table below it)."""
    government = portal_government(government)
    summary = remembered(f"summary:{government.pk}", lambda: summarize(government))
    world_map = partner_map(
        government,
        summary=summary,
        description=_(
            "Countries shaded by the number of agreements, activities, projects and networks "
            "that involve them; circles mark partner cities."
        ),
    )
    context = {
        "government": government,
        "figures": key_figures(government, summary),
        "activities": latest_activities(government),
        "world_map": world_map.svg,
        "map_countries": world_map.countries,
    }
    return render(request, "portal/home.html", context)


urlpatterns = [path("", home, name="home")]
