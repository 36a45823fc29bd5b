"""Reads about plans for the portal: what serves each part of a plan, as the public may see it."""

from __future__ import annotations

from django.db.models import Prefetch

from ciudadglobal.activities.models import Activity
from ciudadglobal.agreements.models import Agreement
from ciudadglobal.indicators.models import Indicator
from ciudadglobal.projects.models import Project


def public_links(government) -> list[Prefetch]:
    """Prefetches for plan elements: their published agreements, activities, projects and
    indicators (``public_agreements``, ``public_activities``, ``public_projects``,
    ``public_indicators``), their SDG targets and themes. One query each, whatever the number
    of elements; an internal or unpublished record is never among them."""

    def published(model, *order):
        return model.objects.for_government(government).published().order_by(*order)

    return [
        Prefetch(
            "agreements", published(Agreement, "signed", "title"), to_attr="public_agreements"
        ),
        Prefetch("activities", published(Activity, "start", "title"), to_attr="public_activities"),
        Prefetch("projects", published(Project, "start", "title"), to_attr="public_projects"),
        Prefetch("indicators", published(Indicator, "code"), to_attr="public_indicators"),
        "sdg_targets",
        "themes",
    ]
