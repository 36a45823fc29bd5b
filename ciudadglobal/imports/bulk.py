"""Bulk writes the ORM has no word for: history copied by the database, and rows of ids.

django-simple-history's ``bulk_history_create`` builds a historical object in Python for each
record, which costs more than writing the record. ``history_create`` has the database copy the
records, as it now holds them, into their historical table with the date, user and reason of
the import: one ``INSERT … SELECT`` per batch writing the row ``save()`` would have written.

Many-to-many rows are pairs of ids: ``many_create`` writes them without building an object
for each, and their copy in the records' history rows, as django-simple-history keeps the
``_history_m2m_fields`` (``core.models.EveryManyToMany``) of each history row.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import connection, models
from django.utils import timezone

#: The fields django-simple-history adds to a historical table, besides its key.
HISTORY_FIELDS = ("history_date", "history_change_reason", "history_type", "history_user")


def history_create(model: type[models.Model], pks: list[int], *, user, reason: str) -> dict:
    """Write the "created" history row of each record of ``pks``: record id -> history id."""
    if not pks or not getattr(settings, "SIMPLE_HISTORY_ENABLED", True):
        return {}
    history = model.history.model
    sources = [field.column for field in history.tracked_fields]
    targets = [history._meta.get_field(field.name).column for field in history.tracked_fields]
    added = [history._meta.get_field(name).column for name in HISTORY_FIELDS]
    if left := uncopied_columns(model):
        raise ImproperlyConfigured(
            f"{history.__name__}: the bulk import would leave {sorted(left)} empty; "
            "extend imports.bulk.history_create"
        )
    when = history._meta.get_field("history_date").get_db_prep_value(timezone.now(), connection)
    values = [when, reason, "+", user.pk if user is not None else None]
    record = history._meta.get_field(model._meta.pk.name).column
    ids = {}
    for chunk in _slices(pks, _max_params() - len(values)):
        sql = (
            f"INSERT INTO {_q(history._meta.db_table)} ({_list(targets + added)}) "
            f"SELECT {_list(sources)}, %s, %s, %s, %s FROM {_q(model._meta.db_table)} "
            f"WHERE {_q(_pk(model))} IN ({', '.join(['%s'] * len(chunk))}) "
            f"RETURNING {_q(record)}, {_q(_pk(history))}"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [*values, *chunk])
            ids.update(cursor.fetchall())
    return ids


def uncopied_columns(model: type[models.Model]) -> set[str]:
    """The columns of ``model``'s history that ``history_create`` does not fill (extra fields
    added to ``HistoricalRecords``): none for the models an import writes."""
    history = model.history.model
    copied = {history._meta.get_field(field.name).column for field in history.tracked_fields}
    added = {history._meta.get_field(name).column for name in HISTORY_FIELDS}
    return {f.column for f in history._meta.concrete_fields} - copied - added - {_pk(history)}


def many_create(model, name: str, pairs: list[tuple[int, int]], history: dict) -> None:
    """Write the rows (record id, listed record's id) of many-to-many field ``name`` and, for
    the records with a new history row (``history``: record id -> history id), their copy."""
    relation = model._meta.get_field(name)
    through = relation.remote_field.through
    source, target = relation.m2m_field_name(), relation.m2m_reverse_field_name()
    ids = insert_values(through, [source, target], pairs)
    if history and name in {field.name for field in model.history.model._history_m2m_fields}:
        copy = getattr(model.history.model, name).model
        insert_values(
            copy,
            [through._meta.pk.name, source, target, "history"],
            [(pk, *pair, history[pair[0]]) for pk, pair in zip(ids, pairs, strict=True)],
        )


def insert_values(model: type[models.Model], fields: list[str], rows: list[tuple]) -> list:
    """Insert rows of plain values (ids) into ``model``'s table; their primary keys, in order.

    PostgreSQL takes them in one statement (an array per column, as Django's ``bulk_create``
    does), other databases in statements of as many rows as their parameters allow."""
    if not rows:
        return []
    columns = [model._meta.get_field(name) for name in fields]
    insert = f"INSERT INTO {_q(model._meta.db_table)} ({_list([c.column for c in columns])})"
    returning = f"RETURNING {_q(_pk(model))}"
    ids = []
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            arrays = ", ".join(f"%s::{column.db_type(connection)}[]" for column in columns)
            values = [list(column) for column in zip(*rows, strict=True)]
            cursor.execute(f"{insert} SELECT * FROM UNNEST({arrays}) {returning}", values)
            ids.extend(row[0] for row in cursor.fetchall())
            return ids
        placeholders = f"({', '.join(['%s'] * len(columns))})"
        for chunk in _slices(rows, _max_params() // len(columns)):
            sql = f"{insert} VALUES {', '.join([placeholders] * len(chunk))} {returning}"
            cursor.execute(sql, [value for values in chunk for value in values])
            ids.extend(row[0] for row in cursor.fetchall())
    return ids


def _pk(model: type[models.Model]) -> str:
    return model._meta.pk.column


def _q(name: str) -> str:
    return connection.ops.quote_name(name)


def _list(columns: list[str]) -> str:
    return ", ".join(_q(column) for column in columns)


def _max_params() -> int:
    """Parameters per statement, within the database's limit."""
    return min(connection.features.max_query_params or 10_000, 10_000) - 10


def _slices(items: list, size: int):
    for start in range(0, len(items), size):
        yield items[start : start + size]
