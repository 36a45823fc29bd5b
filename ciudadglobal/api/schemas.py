"""The API's output schemas, made from the open-data tables (``opendata.tables``): a record of
the API has the columns of its table — same names, types, codes and descriptions as the CSV
and the data package — plus the rows of its child tables (an agreement's parties)."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from functools import cache
from typing import Annotated, Any, Literal

from django.utils.translation import override
from ninja import Schema
from pydantic import Field, create_model

from ciudadglobal.opendata.tables import TABLES, Column, Table

_TYPES: dict[str, Any] = {
    "string": str,
    "integer": int,
    "number": Decimal,
    "boolean": bool,
    "datetime": datetime,
}


def _python_type(column: Column) -> Any:
    if column.enum is not None:
        kind: Any = Literal[tuple(value for value, _label in column.enum.choices)]
    elif column.pattern:
        kind = Annotated[str, Field(pattern=column.pattern)]
    else:
        kind = _TYPES[column.type]
    if column.many:
        return list[kind]
    return kind if column.required else kind | None


def _class_name(name: str, suffix: str = "") -> str:
    return "".join(part.capitalize() for part in name.split("_")) + suffix


@cache
def record_schema(table_name: str, *, nested: bool = True) -> type[Schema]:
    """The schema of one record of ``table_name`` (with its child rows when ``nested``)."""
    table: Table = TABLES[table_name]
    fields: dict[str, Any] = {}
    with override("en"):
        for column in table.columns:
            fields[column.name] = (
                _python_type(column),
                Field(..., description=column.description()),
            )
        if nested:
            for attribute, child in table.children.items():
                fields[attribute] = (
                    list[record_schema(child, nested=False)],
                    Field(..., description=str(TABLES[child].description)),
                )
        doc = str(table.description)
    name = _class_name(table_name, "Record" if nested else "Row")
    return create_model(name, __base__=Schema, __doc__=doc, **fields)


@cache
def page_schema(table_name: str) -> type[Schema]:
    record = record_schema(table_name)
    return create_model(
        _class_name(table_name, "Page"),
        __base__=Schema,
        __doc__="A page of records and the address of the next one.",
        count=(int, Field(..., description="How many records match the filters, in all pages.")),
        next=(
            str | None,
            Field(..., description="The address of the next page; null on the last page."),
        ),
        results=(list[record], Field(..., description="The records of this page.")),
    )


class GovernmentOut(Schema):
    """A home government whose public registry the API serves."""

    slug: str = Field(..., description="Short name used in the addresses of its data.")
    name: str
    name_en: str
    country: Annotated[str, Field(pattern=r"^[A-Z]{2}$")] = Field(
        ..., description="ISO 3166-1 alpha-2 country code"
    )
    currency: Annotated[str, Field(pattern=r"^[A-Z]{3}$")] = Field(
        ..., description="Reporting currency (ISO 4217 currency code)"
    )
    seat: str | None = Field(..., description="The city or region it governs.")
    data_licence: str = Field(..., description="Licence of its public data (SPDX identifier).")
    last_updated: datetime | None = Field(
        ..., description="When its newest public record last changed."
    )
