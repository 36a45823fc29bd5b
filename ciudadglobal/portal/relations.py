"""The home government's public relationships abroad: who it works with, where, and how.

A *relation* is one public record (an agreement, an activity, a project, a network membership)
seen from the partners and places it involves. The map, the partner pages and the partner counts
of the home page all read relations from here, so they always agree with each other.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Model, Prefetch
from django.utils.translation import gettext_lazy as _

from ciudadglobal.activities.models import Activity
from ciudadglobal.actors.models import HOME_KINDS, Actor
from ciudadglobal.agreements.models import Agreement, AgreementParty
from ciudadglobal.core.models import is_published
from ciudadglobal.core.partialdates import PartialDate
from ciudadglobal.networks.models import NetworkMembership
from ciudadglobal.places.models import Place
from ciudadglobal.projects.models import Project, ProjectParticipant


class RelationKind:
    AGREEMENT = "agreement"
    ACTIVITY = "activity"
    PROJECT = "project"
    NETWORK = "network"

    CHOICES = (
        (AGREEMENT, _("Agreements")),
        (ACTIVITY, _("Activities")),
        (PROJECT, _("Projects")),
        (NETWORK, _("Networks")),
    )


@dataclass
class Relation:
    kind: str
    record: Model
    date: PartialDate | None
    partners: list[Actor] = field(default_factory=list)
    places: list[Place] = field(default_factory=list)
    theme_ids: set[int] = field(default_factory=set)

    def countries(self) -> set[str]:
        """ISO alpha-2 codes of the partners' and places' countries."""
        found = {str(actor.country) for actor in self.partners if actor.country}
        return found | {str(place.country) for place in self.places if place.country}


def _partners(actors: Iterable[Actor]) -> list[Actor]:
    """The foreign, public actors among ``actors``: an internal actor is never shown."""
    return [actor for actor in actors if actor.kind not in HOME_KINDS and is_published(actor)]


def relations(
    government,
    *,
    kinds: Iterable[str] = (),
    theme=None,
    year_from: int | None = None,
    year_to: int | None = None,
    partner: Actor | None = None,
) -> list[Relation]:
    """Every public relation of ``government``, oldest first, optionally filtered by kind of
    relation, theme, period (years, inclusive, by the record's date) and partner."""
    kinds = set(kinds) or {kind for kind, _label in RelationKind.CHOICES}
    found: list[Relation] = []
    if RelationKind.AGREEMENT in kinds:
        agreements = Agreement.objects.for_government(government).published()
        # Forward keys are joined inside each Prefetch rather than prefetched in turn: one
        # query fewer each, and Django 5.2 on SQLite prefetches a forward key as an OR of one
        # equality per row, which fails past about 1,000 rows ("Expression tree is too large").
        for agreement in agreements.prefetch_related(
            Prefetch("parties", AgreementParty.objects.select_related("actor__place")), "themes"
        ):
            found.append(
                Relation(
                    RelationKind.AGREEMENT,
                    agreement,
                    agreement.signed,
                    _partners(party.actor for party in agreement.parties.all()),
                    theme_ids={theme.pk for theme in agreement.themes.all()},
                )
            )
    if RelationKind.ACTIVITY in kinds:
        activities = Activity.objects.for_government(government).published()
        for activity in activities.prefetch_related(
            Prefetch("counterparts", Actor.objects.select_related("place")),
            Prefetch("networks", Actor.objects.select_related("place")),
            "places",
            "themes",
        ):
            found.append(
                Relation(
                    RelationKind.ACTIVITY,
                    activity,
                    activity.start,
                    _partners([*activity.counterparts.all(), *activity.networks.all()]),
                    list(activity.places.all()),
                    {theme.pk for theme in activity.themes.all()},
                )
            )
    if RelationKind.PROJECT in kinds:
        projects = Project.objects.for_government(government).published()
        for project in projects.prefetch_related(
            Prefetch("participants", ProjectParticipant.objects.select_related("actor__place")),
            "places",
            "themes",
        ):
            found.append(
                Relation(
                    RelationKind.PROJECT,
                    project,
                    project.start,
                    _partners(p.actor for p in project.participants.all()),
                    list(project.places.all()),
                    {theme.pk for theme in project.themes.all()},
                )
            )
    if RelationKind.NETWORK in kinds:
        memberships = NetworkMembership.objects.for_government(government).published()
        for membership in memberships.select_related("network__place").prefetch_related(
            "network__themes"
        ):
            found.append(
                Relation(
                    RelationKind.NETWORK,
                    membership,
                    membership.joined,
                    [membership.network],
                    theme_ids={theme.pk for theme in membership.network.themes.all()},
                )
            )
    found = [r for r in found if _matches(r, theme, year_from, year_to, partner)]
    found.sort(key=lambda r: (r.date is None, r.date.isoformat() if r.date else ""))
    return found


def _matches(relation: Relation, theme, year_from, year_to, partner) -> bool:
    if theme is not None and theme.pk not in relation.theme_ids:
        return False
    if partner is not None and partner not in relation.partners:
        return False
    if year_from is not None or year_to is not None:
        if relation.date is None:
            return False
        if year_from is not None and relation.date.year < year_from:
            return False
        if year_to is not None and relation.date.year > year_to:
            return False
    return True


@dataclass(frozen=True)
class PartnerSummary:
    """How many relations involve each partner, country and city."""

    partners: Counter
    countries: Counter
    cities: Counter
    partners_by_place: dict


def summarize(found: list[Relation], *, home_country: str = "") -> PartnerSummary:
    home_country = str(home_country)
    partners, countries, cities = Counter(), Counter(), Counter()
    partners_by_place: dict[int, set[Actor]] = defaultdict(set)
    for relation in found:
        partners.update(set(relation.partners))
        countries.update(relation.countries() - {home_country})
        places = {p for p in relation.places if p.kind == "city" and p.latitude is not None}
        for actor in relation.partners:
            if actor.place_id and actor.place.kind == "city" and actor.place.latitude is not None:
                places.add(actor.place)
                partners_by_place[actor.place_id].add(actor)
        cities.update(p for p in places if str(p.country) != home_country)
    return PartnerSummary(partners, countries, cities, dict(partners_by_place))
