"""The public read API: ``/api/v1/governments`` and, for each home government,
``/api/v1/<government>/<records>`` (a list) and ``/api/v1/<government>/<records>/<id>``
(one record) for every kind of published record. No authentication; only ``published()``
records, and only the government's own."""

from datetime import datetime
from functools import cache
from typing import Annotated, Any, Literal

from django.http import HttpRequest
from django.utils.translation import override
from ninja import Path, Query, Router, Schema
from pydantic import Field, create_model

from ciudadglobal.core.models import localized
from ciudadglobal.opendata.exports import data_licence
from ciudadglobal.opendata.tables import last_updated, last_updated_by_government
from ciudadglobal.places.regions import Region
from ciudadglobal.tenants.models import HomeGovernment

from . import selectors
from .errors import READ_ERRORS
from .pagination import CURSOR_PATTERN, DEFAULT_LIMIT, MAX_LIMIT, SORTS
from .schemas import GovernmentOut, page_schema, record_schema

router = Router(tags=["public"])

MAX_ID = 2**63 - 1
SLUG = r"^[-a-zA-Z0-9_]{1,60}$"
TEXT = r"^[^\x00]{0,200}$"

GovernmentSlug = Annotated[
    str, Path(..., pattern=SLUG, description="The short name of a home government, e.g. cdmx.")
]
RecordId = Annotated[int, Path(..., ge=1, le=MAX_ID, description="The record's identifier.")]


def _enum(enum) -> Any:
    return Literal[tuple(value for value, _label in enum.choices)]


def _explorer_parameter(name: str, filterset) -> tuple[Any, Any]:
    """The type and description of one of the portal's filter parameters."""
    described = {
        "q": (
            Annotated[str, Field(pattern=TEXT)],
            "Words to search in titles and texts, in Spanish or English (accents and case "
            "do not matter).",
        ),
        "region": (_enum(Region), "World region of a partner or place."),
        "country": (
            Annotated[str, Field(pattern=r"^[A-Z]{2}$")],
            "ISO 3166-1 alpha-2 code of the country of a partner or place.",
        ),
        "theme": (Annotated[int, Field(ge=1, le=MAX_ID)], "Identifier of a theme."),
        "sdg": (Annotated[int, Field(ge=1, le=17)], "Number of a Sustainable Development Goal."),
        "year_from": (Annotated[str, Field(pattern=r"^[0-9]{4}$")], "From this year on."),
        "year_to": (Annotated[str, Field(pattern=r"^[0-9]{4}$")], "Until this year."),
        "department": (
            Annotated[int, Field(ge=1, le=MAX_ID)],
            "Identifier of a department (an actor) of the government.",
        ),
    }
    if name in filterset.choice_enums:
        return _enum(filterset.choice_enums[name]), f"The record's {name}."
    return described[name]


@cache
def filters_schema(path: str) -> type[Schema]:
    """The query parameters of a list: the portal explorer's filters, ``partner``, sorting,
    cursor and limit."""
    entity = selectors.ENTITIES[path]
    fields: dict[str, Any] = {}
    if entity.filterset is not None:
        for name, declared in entity.filterset.base_filters.items():
            if declared is None:
                continue
            kind, description = _explorer_parameter(name, entity.filterset)
            fields[name] = (kind | None, Field(None, description=description))
        if entity.partner_paths:
            fields["partner"] = (
                Annotated[int, Field(ge=1, le=MAX_ID)] | None,
                Field(
                    None,
                    description="Identifier of a public actor (see the actors list): only the "
                    "records it takes part in, as a party, counterpart or participant.",
                ),
            )
    else:
        table = entity.model_table
        fields["q"] = (
            Annotated[str, Field(pattern=TEXT)] | None,
            Field(None, description="Words to search, accents and case aside."),
        )
        for name, source in entity.simple_filters.items():
            column = table.column(source)
            kind = (
                _enum(column.enum)
                if column.enum is not None
                else Annotated[str, Field(pattern=column.pattern)]
            )
            with override("en"):
                fields[name] = (kind | None, Field(None, description=column.description()))
    fields["sort"] = (
        Literal[tuple(SORTS)],
        Field(
            "id",
            description="Order of the records: by identifier, or by time of last change "
            "(to harvest what changed).",
        ),
    )
    fields["cursor"] = (
        Annotated[str, Field(pattern=CURSOR_PATTERN)] | None,
        Field(None, description="Where the page starts: the cursor of the previous page."),
    )
    fields["limit"] = (
        int,
        Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description="How many records per page."),
    )
    name = "".join(part.capitalize() for part in path.split("_")) + "Filters"
    return create_model(name, __base__=Schema, **fields)


def _next_url(request: HttpRequest, cursor: str | None) -> str | None:
    if cursor is None:
        return None
    query = request.GET.copy()
    query["cursor"] = cursor
    return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")


def _government_out(government: HomeGovernment, updated: datetime | None) -> dict[str, Any]:
    """A government's description; ``updated`` is its ``last_updated``."""
    return {
        "slug": government.slug,
        "name": government.name,
        "name_en": government.name_en,
        "country": government.country.code,
        "currency": government.currency,
        "seat": localized(government.place, "name") if government.place_id else None,
        "data_licence": data_licence(government)["name"],
        "last_updated": updated,
    }


@router.get(
    "/governments",
    response={200: list[GovernmentOut]},
    operation_id="list_governments",
    summary="Home governments",
    tags=["governments"],
)
def government_list(request: HttpRequest):
    """Every home government whose public registry is served here."""
    governments = HomeGovernment.objects.select_related("place").order_by("slug")
    updated = last_updated_by_government(governments)
    return [_government_out(g, updated[g.pk]) for g in governments]


@router.get(
    "/governments/{government}",
    response={200: GovernmentOut, **READ_ERRORS},
    operation_id="get_government",
    summary="A home government",
    tags=["governments"],
)
def government_detail(request: HttpRequest, government: GovernmentSlug):
    government = selectors.api_government(government)
    return _government_out(government, last_updated(government))


def _add_entity(entity: selectors.Entity) -> None:
    Filters = filters_schema(entity.path)
    table = entity.model_table
    with override("en"):
        title = str(table.title)
        description = str(table.description)

    def list_records(request: HttpRequest, government: GovernmentSlug, filters: Query[Filters]):
        params = filters.dict()
        sort, cursor, limit = params.pop("sort"), params.pop("cursor"), params.pop("limit")
        found = selectors.record_page(
            entity,
            selectors.api_government(government),
            params,
            sort=sort,
            cursor=cursor,
            limit=limit,
        )
        return {
            "count": found.count,
            "next": _next_url(request, found.next_cursor),
            "results": found.results,
        }

    def get_record(request: HttpRequest, government: GovernmentSlug, id: RecordId):
        return selectors.record(entity, selectors.api_government(government), id)

    router.get(
        f"/{{government}}/{entity.path}",
        response={200: page_schema(entity.table), **READ_ERRORS},
        operation_id=f"list_{entity.path}",
        summary=title,
        description=description,
        tags=[entity.path],
    )(list_records)
    router.get(
        f"/{{government}}/{entity.path}/{{id}}",
        response={200: record_schema(entity.table), **READ_ERRORS},
        operation_id=f"get_{entity.path}",
        summary=title,
        description=description,
        tags=[entity.path],
    )(get_record)


for _entity in selectors.ENTITIES.values():
    _add_entity(_entity)
