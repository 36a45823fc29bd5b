"""What the public read API reads: published records of one home government, filtered the way
the portal's explorers filter them (the same ``FilterSet``s, so the same parameters and
meanings), searched with the portal's search and paged by cursor."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from ciudadglobal.actors.models import Actor
from ciudadglobal.opendata.tables import TABLES, Table, children_rows
from ciudadglobal.portal.filters import (
    ActivityFilter,
    AgreementFilter,
    AwardFilter,
    ExplorerFilterSet,
    NetworkFilter,
    ProjectFilter,
)
from ciudadglobal.portal.search import search
from ciudadglobal.portal.selectors import public
from ciudadglobal.tenants.models import HomeGovernment

from .errors import BadRequest
from .pagination import CursorPage, paginate

NOT_AVAILABLE = _("This filter does not apply to these records, or its value is not known.")
NOT_PUBLIC_ACTOR = _("There is no public actor with this identifier.")


@dataclass(frozen=True)
class Entity:
    """A kind of record the API lists: its table, and how it is filtered and searched."""

    path: str
    table: str
    #: The portal explorer's filters, when the portal has an explorer for these records.
    filterset: type[ExplorerFilterSet] | None = None
    #: Without one: the fields ``q`` searches (titles first) and simple exact filters.
    search_fields: tuple[str, ...] = ()
    title_fields: tuple[str, ...] = ()
    simple_filters: dict[str, str] = field(default_factory=dict)

    @property
    def model_table(self) -> Table:
        return TABLES[self.table]

    @property
    def partner_paths(self) -> tuple[str, ...]:
        return self.filterset.actor_paths if self.filterset else ()


ENTITIES: dict[str, Entity] = {
    entity.path: entity
    for entity in (
        Entity("agreements", "agreements", AgreementFilter),
        Entity("activities", "activities", ActivityFilter),
        Entity("projects", "projects", ProjectFilter),
        Entity("networks", "networks", NetworkFilter),
        Entity("awards", "awards", AwardFilter),
        Entity(
            "actors",
            "actors",
            search_fields=("name", "name_en", "acronym", "description", "description_en"),
            title_fields=("name", "name_en", "acronym"),
            simple_filters={"kind": "kind", "country": "country"},
        ),
        Entity(
            "people",
            "persons",
            search_fields=("name", "biography"),
            title_fields=("name",),
            simple_filters={"nationality": "nationality"},
        ),
        Entity(
            "plans",
            "plans",
            search_fields=("name", "name_en", "description", "description_en"),
            title_fields=("name", "name_en"),
            simple_filters={"kind": "kind"},
        ),
        Entity(
            "figures",
            "figures",
            search_fields=("group", "group_en", "label", "label_en"),
            title_fields=("group", "group_en"),
            simple_filters={"unit": "unit"},
        ),
    )
}


def api_government(slug: str) -> HomeGovernment:
    from django.http import Http404

    government = HomeGovernment.objects.select_related("place").filter(slug=slug).first()
    if government is None:
        raise Http404(slug)
    return government


def _explorer_filter(entity: Entity, government, queryset: QuerySet, params: dict) -> QuerySet:
    """Filter with the portal explorer's FilterSet; a value it refuses is a 400."""
    data = {name: str(value) for name, value in params.items() if value is not None}
    filterset = entity.filterset(data, queryset, government=government, facets=False)
    errors = [
        {"location": "query", "field": name, "message": str(NOT_AVAILABLE)}
        for name in data
        if name not in filterset.filters
    ]
    if not filterset.is_valid():
        errors += [
            {"location": "query", "field": name, "message": str(message)}
            for name, messages in filterset.form.errors.items()
            for message in messages
        ]
    if errors:
        raise BadRequest(_("The request is not valid."), errors)
    return filterset.qs


def _simple_filter(entity: Entity, queryset: QuerySet, params: dict) -> QuerySet:
    for name, value in params.items():
        if value is None:
            continue
        if name == "q":
            fields, titles = entity.search_fields, entity.title_fields
            queryset = search(queryset, value, fields, title_fields=titles)
        else:
            queryset = queryset.filter(**{entity.simple_filters[name]: value})
    return queryset


def _partner_filter(entity: Entity, government, queryset: QuerySet, partner: int) -> QuerySet:
    """Records with the public actor ``partner`` as a party, counterpart or participant."""
    if not public(Actor, government).filter(pk=partner).exists():
        errors = [{"location": "query", "field": "partner", "message": str(NOT_PUBLIC_ACTOR)}]
        raise BadRequest(NOT_PUBLIC_ACTOR, errors)
    condition = Q(pk__in=[])
    for path in entity.partner_paths:
        condition |= Q(**{path: partner})
    model = queryset.model
    return queryset.filter(pk__in=model._default_manager.filter(condition).values("pk"))


def filtered(entity: Entity, government, params: dict[str, Any]) -> QuerySet:
    """The published records of ``entity`` in ``government`` matching ``params``."""
    params = dict(params)
    partner = params.pop("partner", None)
    queryset = entity.model_table.published(government)
    if entity.filterset is not None:
        queryset = _explorer_filter(entity, government, queryset, params)
    else:
        queryset = _simple_filter(entity, queryset, params)
    if partner is not None:
        queryset = _partner_filter(entity, government, queryset, partner)
    return queryset


def records(entity: Entity, government, objects: list) -> list[dict[str, Any]]:
    """The API records of ``objects``: their table row and their child rows."""
    table = entity.model_table
    rows = table.rows(objects, government)
    nested = children_rows(table, objects, government)
    for row in rows:
        for attribute, by_parent in nested.items():
            row[attribute] = by_parent[row["id"]]
    return rows


@dataclass
class RecordPage:
    count: int
    results: list[dict[str, Any]]
    next_cursor: str | None


def record_page(
    entity: Entity,
    government,
    params: dict[str, Any],
    *,
    sort: str,
    cursor: str | None,
    limit: int,
) -> RecordPage:
    matching = filtered(entity, government, params)
    ids = matching.values("pk")
    table = entity.model_table
    queryset = table.queryset(government).filter(pk__in=ids)
    page: CursorPage = paginate(queryset, sort=sort, cursor=cursor, limit=limit)
    return RecordPage(
        count=queryset.count(),
        results=records(entity, government, page.objects),
        next_cursor=page.next_cursor,
    )


def record(entity: Entity, government, pk: int) -> dict[str, Any]:
    from django.http import Http404

    obj = entity.model_table.queryset(government).filter(pk=pk).first()
    if obj is None:
        raise Http404(pk)
    return records(entity, government, [obj])[0]
