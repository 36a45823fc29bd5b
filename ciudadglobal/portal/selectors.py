"""What the public portal reads: only published records of one home government."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Model, QuerySet, Sum
from django.http import Http404
from django.utils.formats import number_format
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _
from django_countries import countries as django_countries

from ciudadglobal.activities.models import Activity, ActivityKind
from ciudadglobal.actors.models import ActorKind
from ciudadglobal.agreements.models import Agreement
from ciudadglobal.awards.models import Award, AwardResult
from ciudadglobal.core.models import localized
from ciudadglobal.core.pagecache import remembered
from ciudadglobal.core.text import fold as folded
from ciudadglobal.networks.models import NetworkMembership, NetworkPosition
from ciudadglobal.projects.models import Funding, Project
from ciudadglobal.tenants.models import HomeGovernment

from .links import portal_url, portal_urls
from .relations import PartnerSummary, partners, summarize
from .worldmap import MapCity, MapCountry, render_world_map


def portal_government(slug: str) -> HomeGovernment:
    """The home government whose portal is asked for; 404 for an unknown slug."""
    government = HomeGovernment.objects.select_related("place").filter(slug=slug).first()
    if government is None:
        raise Http404(_("There is no portal at this address."))
    return government


def public(model: type[Model], government: HomeGovernment) -> QuerySet:
    """Every record of ``model`` the public may see in ``government``'s portal."""
    return model._default_manager.for_government(government).published()


@dataclass(frozen=True)
class KeyFigure:
    label: str
    value: str | int
    url: str
    detail: str = ""


def funds_by_currency(government: HomeGovernment) -> dict[str, Decimal]:
    """Funds mobilized by public projects, one total per currency (never mixed)."""
    rows = (
        public(Funding, government)
        .exclude(amount=None)
        .values("currency")
        .annotate(total=Sum("amount"))
        .order_by("currency")
    )
    return {row["currency"]: row["total"] for row in rows}


def key_figures(
    government: HomeGovernment, summary: PartnerSummary | None = None
) -> list[KeyFigure]:
    """The home page's figures; ``summary`` is the government's, when already read."""
    slug = government.slug
    summary = summarize(government) if summary is None else summary
    positions = public(NetworkPosition, government).count()
    funds = funds_by_currency(government)
    return [
        KeyFigure(
            _("agreements in force"),
            public(Agreement, government).in_force(public=True).count(),
            portal_url("agreement-list", slug) + "?status=in_force",
        ),
        KeyFigure(
            _("partner cities"),
            remembered(
                f"partner-cities:{government.pk}",
                partners(government).filter(kind=ActorKind.FOREIGN_LOCAL_GOVERNMENT).count,
            ),
            portal_url("partner-list", slug) + "?kind=foreign_local",
            _("in %(count)s countries") % {"count": len(summary.countries)},
        ),
        KeyFigure(
            _("city networks"),
            public(NetworkMembership, government).count(),
            portal_url("network-list", slug),
            _("%(count)s positions held") % {"count": positions},
        ),
        KeyFigure(
            _("cooperation projects"),
            public(Project, government).count(),
            portal_url("project-list", slug),
            "; ".join(
                f"{number_format(total, 0, force_grouping=True)} {currency}"
                for currency, total in funds.items()
            ),
        ),
        KeyFigure(
            _("distinguished guests received"),
            public(Activity, government).filter(kind=ActivityKind.INCOMING_VISIT).count(),
            portal_url("activity-list", slug) + f"?kind={ActivityKind.INCOMING_VISIT}",
        ),
        KeyFigure(
            _("awards and recognitions"),
            public(Award, government).filter(result=AwardResult.WON).count(),
            portal_url("award-list", slug) + f"?result={AwardResult.WON}",
        ),
    ]


def latest_activities(government: HomeGovernment, limit: int = 6) -> list[Activity]:
    return list(
        public(Activity, government)
        .exclude(start=None)
        .prefetch_related("places")
        .order_by("-start", "title")[:limit]
    )


def world_map_data(
    government: HomeGovernment, summary: PartnerSummary | None = None, **filters
) -> tuple[list, list]:
    """Countries and cities of the public relations matching ``filters`` (see
    ``relations.Scope``; or of ``summary``, already read), sized by how many relations involve
    each, with their links."""
    summary = summarize(government, **filters) if summary is None else summary
    slug = government.slug
    partners_url = portal_url("partner-list", slug)
    partner_url = portal_urls("partner-detail", slug)
    countries = [
        MapCountry(
            code=str(code),
            name=str(django_countries.name(code)) or code,
            value=value,
            url=f"{partners_url}?country={code}",
        )
        for code, value in summary.countries.items()
    ]
    cities = []
    for place, value in summary.cities.items():
        sole = summary.sole_partners.get(place.pk)
        url = partner_url(sole) if sole is not None else f"{partners_url}?country={place.country}"
        cities.append(
            MapCity(
                name=localized(place, "name"),
                latitude=float(place.latitude),
                longitude=float(place.longitude),
                value=value,
                url=url,
            )
        )
    return countries, cities


@dataclass(frozen=True)
class PartnerMap:
    svg: SafeString
    countries: list[MapCountry]  # most relations first
    cities: list[MapCity]


def partner_map(
    government: HomeGovernment,
    *,
    description: str,
    summary: PartnerSummary | None = None,
    **filters,
) -> PartnerMap:
    """The world map of ``government``'s public relations matching ``filters`` (or of
    ``summary``), drawn, with its countries and cities sorted for the tables that repeat it."""
    countries, cities = world_map_data(government, summary, **filters)
    svg = render_world_map(
        countries=countries,
        cities=cities,
        title=_("Partners of %(government)s in the world")
        % {"government": localized(government, "name")},
        description=description,
    )
    return PartnerMap(
        svg,
        sorted(countries, key=lambda c: (-c.value, folded(c.name))),
        sorted(cities, key=lambda c: (-c.value, folded(c.name))),
    )
