"""The home government's public relationships abroad: who it works with, where, and how.

A *relation* is one public record (an agreement, an activity, a project, a network membership)
seen from the partners and places it involves. The map, the partner pages, the partner counts
of the home page and the partner-countries indicator all read relations from here, so they
always agree with each other.

- A relation's **partners** are the public foreign actors it names (an agreement's parties, an
  activity's counterparts and networks, a project's participants, a membership's network): an
  internal or unpublished actor, or one of the home government's own, is never shown.
- Its **places** are an activity's or a project's places; its **date** is the signature, the
  start or the joining.
- A city or regional government is also **credited** with the relations held in the place it
  governs (see :meth:`Scope.governing`): the official trip to Paris belongs to the relationship
  with Paris.

What the pages count, the database counts: a page's cost must not grow with the government's
whole registry. Each figure is one grouped query over the *links* of the matching relations —
one ``(kind, record, key)`` row for each partner, place or country a relation involves, the
kinds joined by ``UNION``, which also keeps a record reached twice (a counterpart in France and
a trip to France) once. Only :func:`relations` loads records, for a page that lists them (one
partner's timeline).
"""

from __future__ import annotations

import operator
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from functools import cache, reduce

from django.db import connections, router
from django.db.models import Exists, F, IntegerField, Model, OuterRef, Prefetch, Q, QuerySet, Value
from django.db.models.expressions import RawSQL
from django.utils.translation import gettext_lazy as _

from ciudadglobal.activities.models import Activity
from ciudadglobal.actors.models import HOME_KINDS, Actor, ActorKind
from ciudadglobal.agreements.models import Agreement, AgreementParty
from ciudadglobal.core.models import is_published, published_q
from ciudadglobal.core.partialdates import PartialDate
from ciudadglobal.networks.models import NetworkMembership
from ciudadglobal.places.models import Place, PlaceKind
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


#: Partners credited with the relations held in the place they govern.
TERRITORIAL_KINDS = (ActorKind.FOREIGN_LOCAL_GOVERNMENT, ActorKind.FOREIGN_REGIONAL_GOVERNMENT)


def partner_q(path: str = "") -> Q:
    """The actor reached through ``path`` (the row itself when empty) may be shown as a
    partner: public, published and not part of the home government."""
    prefix = f"{path}__" if path else ""
    return ~Q(**{f"{prefix}kind__in": HOME_KINDS}) & published_q(path)


# --- What each kind of relation is made of -------------------------------------------------


def _join(*parts: str) -> str:
    return "__".join(part for part in parts if part)


@dataclass(frozen=True)
class _Link:
    """The rows of ``model`` that join a record (reached by the path ``record``; the row
    itself when empty) to an actor or a place (reached by ``target``)."""

    model: type[Model]
    record: str
    target: str

    def rows(self, records: Q, condition: Q | None = None) -> QuerySet:
        """The link rows of the records meeting ``records`` (a condition on the record) that
        meet ``condition``; the record is joined, not looked up in a subquery, so that its
        date is read from the same join."""
        return self.model._default_manager.filter(
            _prefixed(records, self.record), condition or Q()
        ).order_by()


@dataclass(frozen=True)
class _Kind:
    model: type[Model]
    date: str  # the partial date that dates the relation
    themes: str  # the path from the record to its themes
    partners: tuple[_Link, ...]  # to the actors it names
    places: tuple[_Link, ...] = ()  # to the places it was held in


@cache
def _kinds() -> dict[str, _Kind]:
    """Each kind of relation, in the order :func:`relations` lists them (the through models
    of many-to-many fields exist once every model is loaded, hence a function)."""

    def through(model: type[Model], name: str, record: str, target: str) -> _Link:
        return _Link(model._meta.get_field(name).remote_field.through, record, target)

    return {
        RelationKind.AGREEMENT: _Kind(
            Agreement, "signed", "themes", (_Link(AgreementParty, "agreement", "actor"),)
        ),
        RelationKind.ACTIVITY: _Kind(
            Activity,
            "start",
            "themes",
            (
                through(Activity, "counterparts", "activity", "actor"),
                through(Activity, "networks", "activity", "actor"),
            ),
            (through(Activity, "places", "activity", "place"),),
        ),
        RelationKind.PROJECT: _Kind(
            Project,
            "start",
            "themes",
            (_Link(ProjectParticipant, "project", "actor"),),
            (through(Project, "places", "project", "place"),),
        ),
        RelationKind.NETWORK: _Kind(
            NetworkMembership,
            "joined",
            "network__themes",
            (_Link(NetworkMembership, "", "network"),),
        ),
    }


# --- Which relations -----------------------------------------------------------------------


@dataclass(frozen=True)
class Scope:
    """The public relations of ``government`` matching the filters.

    ``kinds`` of relation (every kind when empty), ``theme``, years (inclusive, by the
    relation's date; an undated relation is outside any period), ``dated`` (any other
    condition on the date: a function from the date field's name to a ``Q``) and ``partner``
    (only the relations credited to that actor)."""

    government: object
    kinds: Iterable[str] = ()
    theme: object = None
    year_from: int | None = None
    year_to: int | None = None
    dated: Callable[[str], Q] | None = None
    partner: Actor | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "kinds", frozenset(self.kinds or _kinds()))

    def _each(self) -> list[tuple[int, str, _Kind]]:
        """The kinds in scope, each with its number (its place in ``_kinds()``)."""
        return [
            (number, name, kind)
            for number, (name, kind) in enumerate(_kinds().items())
            if name in self.kinds
        ]

    def records(self, name: str) -> QuerySet:
        """The public records of kind ``name`` that are relations in this scope."""
        return _kinds()[name].model._default_manager.filter(self.record_q(name))

    def record_q(self, name: str) -> Q:
        """``records(name)`` as a condition on the record: the government's (like
        ``for_government()``), public and published (``published()``), and the filters."""
        kind = _kinds()[name]
        condition = Q(**{kind.model.tenant_path: self.government}) & published_q()
        if self.theme is not None:
            condition &= Q(**{kind.themes: self.theme})
        if self.year_from is not None:
            condition &= Q(**{f"{kind.date}__gte": f"{self.year_from:04d}"})
        if self.year_to is not None:
            # "2014", "2014-12" and "2014-12-31" all sort at or before "2014-12-31".
            condition &= Q(**{f"{kind.date}__lte": f"{self.year_to:04d}-12-31"})
        if self.dated is not None:
            condition &= self.dated(kind.date)
        if self.partner is not None:
            condition &= self._credited(kind)
        return condition

    def _credited(self, kind: _Kind) -> Q:
        """Records of ``kind`` credited to ``partner``: naming it, or held in the place it
        governs (when it governs one, among the relations of this scope)."""
        partner = self.partner
        conditions = []
        for link in kind.partners:
            rows = link.model._default_manager.filter(**{link.target: partner})
            conditions.append(Q(pk__in=rows.values(_join(link.record, "pk"))))
        if partner.place_id is not None:
            governs = replace(self, partner=None).governing().filter(pk=partner.pk)
            for link in kind.places:
                held = link.model._default_manager.filter(**{link.target: partner.place_id})
                conditions.append(Q(Exists(governs), pk__in=held.values(link.record)))
        return reduce(operator.or_, conditions)

    def _links(self, links: str, condition: Q, columns: dict) -> list[QuerySet]:
        """``(kind number, record, *columns)`` rows of the links of each kind in scope (its
        ``"partners"`` or its ``"places"``), one queryset each; ``condition`` and ``columns``
        (name → path or expression) are on the link's target, but for the path ``"date"``:
        the relation's date."""
        found = []
        for number, name, kind in self._each():
            for link in getattr(kind, links):
                values = {key: _column(kind, link, path) for key, path in columns.items()}
                found.append(
                    link.rows(self.record_q(name), _prefixed(condition, link.target))
                    .annotate(
                        link_kind=Value(number), link_record=F(_join(link.record, "pk")), **values
                    )
                    .values_list("link_kind", "link_record", *columns)
                )
        return found

    def partner_links(self, condition: Q | None = None, **columns) -> list[QuerySet]:
        """Each relation in scope with each partner it names, as ``(kind number, record,
        *columns)`` rows: ``condition`` and ``columns`` are on the partner (``"pk"``,
        ``"country"``…), but for the column ``"date"``, the relation's date."""
        return self._links("partners", partner_q() & (condition or Q()), columns)

    def place_links(self, condition: Q | None = None, **columns) -> list[QuerySet]:
        """Each relation in scope with each of its places, as ``partner_links`` does for
        partners."""
        return self._links("places", condition or Q(), columns)

    def named(self) -> Q:
        """A condition on actors: named in a relation in scope (public and foreign or not)."""
        conditions = []
        for _number, name, kind in self._each():
            for link in kind.partners:
                rows = link.rows(self.record_q(name), Q(**{link.target: OuterRef("pk")}))
                conditions.append(Q(Exists(rows)))
        return reduce(operator.or_, conditions)

    def partners(self) -> QuerySet:
        """The partners of the relations in scope: public foreign actors named in one."""
        return Actor.objects.for_government(self.government).filter(partner_q(), self.named())

    def governing(self) -> QuerySet:
        """The partners credited with the relations held in the place they govern (see
        ``_governing``)."""
        return _governing(self.partners())


def _governing(partners: QuerySet) -> QuerySet:
    """Those of ``partners`` credited with the relations held in the place they govern: the
    city and regional governments — not their own bodies in the same place (a city's
    waterworks), which keep only the relations that name them."""
    territorial = partners.filter(kind__in=TERRITORIAL_KINDS, place__isnull=False)
    parent = territorial.filter(pk=OuterRef("parent_id"), place_id=OuterRef("place_id"))
    return territorial.exclude(Exists(parent))


def _column(kind: _Kind, link: _Link, path):
    """A column of ``link``'s rows: ``path`` from its target, or the relation's date for
    ``"date"``; an expression is kept as it is."""
    if not isinstance(path, str):
        return path
    return F(_join(link.record, kind.date) if path == "date" else _join(link.target, path))


def _prefixed(condition: Q, path: str) -> Q:
    """``condition`` on the model reached through ``path`` (unchanged when it is empty)."""
    if not path:
        return condition
    children = [
        _prefixed(child, path)
        if isinstance(child, Q)
        else (_join(path, child[0]), child[1])
        if isinstance(child, tuple)
        else child  # an expression, such as an uncorrelated Exists()
        for child in condition.children
    ]
    return Q.create(children, connector=condition.connector, negated=condition.negated)


def _union(parts: list[QuerySet]) -> tuple[str, tuple]:
    """The SQL of the distinct rows of ``parts``, and its parameters."""
    union = parts[0].union(*parts[1:]) if len(parts) > 1 else parts[0].distinct()
    return union.query.sql_with_params()


def _rows(sql: str, params: Iterable) -> list[tuple]:
    with connections[_database()].cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _database() -> str:
    """The database the portal reads relations from (a replica, when there are some)."""
    return router.db_for_read(Actor)


# Django's ORM can neither group a UNION nor join one, so the few queries below that do are
# written out around the SQL it compiles for each part. The parts' columns are named
# ``link_kind`` (a number), ``link_record`` and the names given to ``*_links()``.


def _counted(parts: list[QuerySet], key: str) -> list[tuple]:
    """``(key, number of relations)`` for each value of the column ``key`` in ``parts``."""
    sql, params = _union(parts)
    return _rows(f"SELECT {key}, COUNT(*) FROM ({sql}) links GROUP BY {key}", params)


# --- What the pages read -------------------------------------------------------------------


def partners(government, **filters) -> QuerySet:
    """The public foreign actors named in the public relations of ``government`` that match
    ``filters`` (see :class:`Scope`)."""
    return Scope(government, **filters).partners()


@dataclass(frozen=True)
class PartnerSpan:
    """How many relations are credited to a partner, and the years of its first and last
    dated ones."""

    relations: int
    first_year: int | None
    last_year: int | None


def partner_spans(government, **filters) -> dict[int, PartnerSpan]:
    """The id of each partner (see :func:`partners`) with its relations matching
    ``filters``: those that name it and, for a partner that governs a place (``_governing``),
    those held there."""
    scope = Scope(government, **filters)
    named, params = _union(scope.partner_links(link_actor="pk", link_date="date"))
    ctes = [f"named AS ({named})"]
    links = "SELECT link_kind, link_record, link_actor, link_date FROM named"
    if held_links := scope.place_links(link_place="pk", link_date="date"):
        held, held_params = _union(held_links)
        named_partners = Actor.objects.filter(pk__in=RawSQL("SELECT link_actor FROM named", ()))
        governing = _governing(named_partners).values(
            governing_actor=F("pk"), governing_place=F("place_id")
        )
        governing, governing_params = governing.query.sql_with_params()
        ctes.append(f"held AS ({held})")
        links += (
            " UNION SELECT link_kind, link_record, governing_actor, link_date FROM held "
            f"JOIN ({governing}) governing ON governing_place = link_place"
        )
        params = (*params, *held_params, *governing_params)
    rows = _rows(
        f"WITH {', '.join(ctes)} SELECT link_actor, COUNT(*), MIN(link_date), MAX(link_date) "
        f"FROM ({links}) links GROUP BY link_actor",
        params,
    )
    return {pk: PartnerSpan(count, _year(first), _year(last)) for pk, count, first, last in rows}


def _year(value: str | None) -> int | None:
    return int(value[:4]) if value else None


def country_counts(government, **filters) -> Counter:
    """How many relations matching ``filters`` involve each foreign country (ISO code): a
    partner's country or a place's, never the home country."""
    scope = Scope(government, **filters)
    foreign = ~Q(country__in=("", str(government.country)))
    parts = [
        *scope.partner_links(foreign, link_country="country"),
        *scope.place_links(foreign, link_country="country"),
    ]
    return Counter({str(code): count for code, count in _counted(parts, "link_country")})


@dataclass(frozen=True)
class PartnerSummary:
    """How many relations involve each foreign country (ISO code) and each foreign city with
    coordinates (``Place``), and the one partner based in each city that has only one
    (place id → actor id)."""

    countries: Counter = field(default_factory=Counter)
    cities: Counter = field(default_factory=Counter)
    sole_partners: dict = field(default_factory=dict)


def summarize(government, **filters) -> PartnerSummary:
    """The countries and cities of the relations matching ``filters``, as the map shows
    them: a city counts the relations held there or naming a partner based there."""
    scope = Scope(government, **filters)
    foreign_city = Q(kind=PlaceKind.CITY, latitude__isnull=False) & ~Q(
        country=str(government.country)
    )
    parts = [
        *scope.partner_links(
            _prefixed(foreign_city, "place"), link_place="place_id", link_actor="pk"
        ),
        *scope.place_links(foreign_city, link_place="pk", link_actor=Value(None, IntegerField())),
    ]
    sql, params = _union(parts)
    place = connections[_database()].ops.quote_name(Place._meta.db_table)
    cities = Place.objects.using(_database()).raw(
        f"SELECT {place}.*, relations, partners, partner FROM {place} JOIN ("
        "SELECT link_place, COUNT(DISTINCT link_record * 4 + link_kind) AS relations, "
        "COUNT(DISTINCT link_actor) AS partners, MIN(link_actor) AS partner "
        f"FROM ({sql}) links GROUP BY link_place) counted ON counted.link_place = {place}.id",
        params,
    )
    cities = list(cities)
    return PartnerSummary(
        country_counts(government, **filters),
        Counter({city: city.relations for city in cities}),
        {city.pk: city.partner for city in cities if city.partners == 1},
    )


# --- The relations themselves --------------------------------------------------------------


@dataclass
class Relation:
    kind: str
    record: Model
    date: PartialDate | None
    partners: list[Actor] = field(default_factory=list)
    places: list[Place] = field(default_factory=list)
    theme_ids: set[int] = field(default_factory=set)


def _partners(actors: Iterable[Actor]) -> list[Actor]:
    """The actors that may be shown as partners (see :func:`partner_q`)."""
    return [actor for actor in actors if actor.kind not in HOME_KINDS and is_published(actor)]


def relations(government, **filters) -> list[Relation]:
    """The public relations of ``government`` matching ``filters`` (see :class:`Scope`),
    oldest first (undated last), loaded with their partners, places and themes. For pages
    that list relations: a page that counts them reads the functions above."""
    scope = Scope(government, **filters)
    found: list[Relation] = []
    # Forward keys are joined inside each Prefetch rather than prefetched in turn: one query
    # fewer each, and Django 5.2 on SQLite prefetches a forward key as an OR of one equality
    # per row, which fails past about 1,000 rows ("Expression tree is too large").
    if RelationKind.AGREEMENT in scope.kinds:
        for agreement in scope.records(RelationKind.AGREEMENT).prefetch_related(
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
    if RelationKind.ACTIVITY in scope.kinds:
        for activity in scope.records(RelationKind.ACTIVITY).prefetch_related(
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
    if RelationKind.PROJECT in scope.kinds:
        for project in scope.records(RelationKind.PROJECT).prefetch_related(
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
    if RelationKind.NETWORK in scope.kinds:
        memberships = scope.records(RelationKind.NETWORK)
        for membership in memberships.select_related("network__place").prefetch_related(
            "network__themes"
        ):
            found.append(
                Relation(
                    RelationKind.NETWORK,
                    membership,
                    membership.joined,
                    _partners([membership.network]),
                    theme_ids={theme.pk for theme in membership.network.themes.all()},
                )
            )
    found.sort(key=lambda r: (r.date is None, r.date.isoformat() if r.date else ""))
    return found
