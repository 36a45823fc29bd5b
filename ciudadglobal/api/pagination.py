"""Cursor pagination: stable pages over (ordering key, id), whatever is inserted meanwhile.

A cursor is an opaque, URL-safe token holding the ordering key and the id of the last record
of a page; the next page starts strictly after it. Records inserted while someone pages
through a list are never shown twice and never shift what comes next (sorting by ``id``, a
new record comes last; sorting by ``updated``, a changed record moves to the end)."""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from .errors import BadRequest

DEFAULT_LIMIT = 50
MAX_LIMIT = 200

#: sort → the fields ordering the records (the last one is always the unique id).
SORTS = {"id": ("pk",), "updated": ("updated_at", "pk")}
CURSOR_PATTERN = r"^[A-Za-z0-9_-]{1,200}$"

INVALID_CURSOR = _("This cursor is not valid for this list; start again without it.")


def encode_cursor(sort: str, values: list) -> str:
    plain = [value.isoformat() if isinstance(value, datetime) else value for value in values]
    text = json.dumps([sort, *plain], separators=(",", ":"))
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


def decode_cursor(cursor: str, sort: str) -> list:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        found_sort, *values = json.loads(base64.urlsafe_b64decode(padded.encode()))
        if found_sort != sort or len(values) != len(SORTS[sort]):
            raise ValueError(cursor)
        *keys, pk = values
        if not isinstance(pk, int) or isinstance(pk, bool) or not 0 < pk < 2**63:
            raise ValueError(cursor)
        return [datetime.fromisoformat(key) for key in keys] + [pk]
    except (ValueError, TypeError, binascii.Error, UnicodeDecodeError) as error:
        errors = [{"location": "query", "field": "cursor", "message": str(INVALID_CURSOR)}]
        raise BadRequest(INVALID_CURSOR, errors) from error


def _after(fields: tuple[str, ...], values: list) -> Q:
    """Records strictly after ``values`` in the ascending order of ``fields``."""
    condition = Q(**{f"{fields[-1]}__gt": values[-1]})
    for index in range(len(fields) - 2, -1, -1):
        condition = Q(**{f"{fields[index]}__gt": values[index]}) | (
            Q(**{fields[index]: values[index]}) & condition
        )
    return condition


@dataclass
class CursorPage:
    objects: list
    next_cursor: str | None


def paginate(queryset: QuerySet, *, sort: str, cursor: str | None, limit: int) -> CursorPage:
    fields = SORTS[sort]
    queryset = queryset.order_by(*fields)
    if cursor:
        queryset = queryset.filter(_after(fields, decode_cursor(cursor, sort)))
    objects = list(queryset[: limit + 1])
    if len(objects) <= limit:
        return CursorPage(objects, None)
    objects = objects[:limit]
    last = objects[-1]
    values = [getattr(last, field) for field in fields]
    return CursorPage(objects, encode_cursor(sort, values))
