"""Finding the record a row stands for, by the entity's natural keys, without a query per row.

For each chunk of rows the database is asked a few queries (``load``): the records of the
home government whose first natural-key field holds a value the chunk's rows give, locked for
a commit, with the ids their lists hold (``Candidate.lists``, what the rows compare). Rows are
then matched in memory, one after the other, against those records and against the ones
earlier rows of the file created or changed (``add``, ``keep``), so that a row finds exactly
what the query of a row-by-row import would find had every row before it been written: the
natural keys are tried in order, a key is tried when its first column is filled, its other
parts match an empty value when empty, and a row with a key of its own never takes, through a
later key, a record with another key.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import models
from django.utils.translation import gettext

from .entities import Entity

#: Records fetched together: the rows of a chunk, and the values of their first key columns.
CHUNK = 1000
#: Fields whose prepared value is the text itself.
PLAIN_TEXT = (models.CharField, models.TextField)


def present(value) -> bool:
    return value not in (None, "", [])


@dataclass(eq=False)
class Candidate:
    """A record rows may stand for: a stored one (``pk``) or one an earlier row creates."""

    obj: models.Model | None
    pk: int | None = None
    #: For each lookup path of the natural keys, the values the record matches.
    keys: dict[str, frozenset] = field(default_factory=dict)
    #: The row of the file that imported it.
    row: int | None = None
    #: Many-to-many field (or "partners") -> the ids it holds, for a stored record.
    lists: dict[str, set[int]] = field(default_factory=dict)


class Matcher:
    def __init__(self, entity: Entity, government, *, lock: bool, lists: Iterable[str]):
        self.entity = entity
        self.model = entity.model
        self.scoped = self.model._default_manager.for_government(government)
        self.lock = lock
        self.lists = tuple(lists)
        self.paths = {"dataset_key": "key"}
        for key in entity.natural_keys:
            self.paths.update(key)
        self.fields = {path: self._final_field(path) for path in self.paths}
        #: What an empty value matches: NULL for relations and nullable fields, else ''.
        self.empty = {
            path: None if "__" in path or self.fields[path].null else "" for path in self.paths
        }
        self.firsts = {next(iter(key)) for key in entity.natural_keys}
        #: First path of a natural key -> value -> the candidates holding it.
        self.index: dict[str, dict[Any, set[Candidate]]] = {
            path: defaultdict(set) for path in self.firsts
        }
        self.stored: dict[int, Candidate] = {}

    def _final_field(self, path: str) -> models.Field:
        model, *hops, last = [self.model, *path.split("__")]
        for hop in hops:
            model = model._meta.get_field(hop).related_model
        return model._meta.get_field(last)

    def _prep(self, path: str, value):
        """A value as the database compares it (a record as its id, a date as its text…)."""
        if value is None or (type(value) is str and type(self.fields[path]) in PLAIN_TEXT):
            return value
        if isinstance(value, models.Model):
            value = value.pk
        return self.fields[path].get_prep_value(value)

    def _wanted(self, path: str, value):
        """What a row's value for ``path`` matches: itself, or when empty NULL or ''."""
        if isinstance(value, list):
            value = value[0] if value else None
        return self._prep(path, value) if present(value) else self.empty[path]

    # Stored records ------------------------------------------------------------------------

    def load(self, rows: list[dict]) -> None:
        """Fetch the stored records these rows (their parsed first key columns) may name."""
        pks = set()
        for key in self.entity.natural_keys:  # one query per key, so each can use its index
            path, column = next(iter(key.items()))
            wanted = {self._wanted(path, r[column]) for r in rows if present(r.get(column))}
            if wanted:  # never empty: saying so lets a partial unique index serve the query
                matching = self.scoped.filter(**{f"{path}__in": wanted}).exclude(**{path: ""})
                pks.update(matching.order_by().values_list("pk", flat=True))
        pks -= self.stored.keys()
        if not pks:
            return
        for candidate in self._fetch(pks):
            self.stored[candidate.pk] = candidate
            self._set_keys(candidate, self._keys_of(candidate.obj, candidate.lists))

    def _fetch(self, pks: set[int]) -> list[Candidate]:
        """The records of ``pks`` (locked for a commit) and the ids of their lists."""
        manager = self.model._default_manager
        queryset = manager.select_for_update() if self.lock else manager.all()
        found = {obj.pk: Candidate(obj, obj.pk) for obj in queryset.filter(pk__in=pks).order_by()}
        for name, pairs in self._pairs(list(found)):
            for candidate in found.values():
                candidate.lists[name] = set()
            for pk, value in pairs:
                found[pk].lists[name].add(value)
        return list(found.values())

    def _pairs(self, pks: list[int]):
        """(name, (record id, value) pairs) for each list the rows compare, and for each
        natural key through a relation (``parties__actor``)."""
        for name in self.lists:
            if name == "partners":
                partners = self.entity.partners
                rows = partners.model._default_manager.filter(
                    **{f"{partners.parent_field}__in": pks}
                )
                yield name, rows.values_list(partners.parent_field, "actor")
            else:
                relation = self.model._meta.get_field(name)
                owner, item = relation.m2m_field_name(), relation.m2m_reverse_field_name()
                rows = relation.remote_field.through._default_manager.filter(
                    **{f"{owner}__in": pks}
                )
                yield name, rows.values_list(owner, item)
        for path in self.paths:
            if "__" in path:
                pairs = self.scoped.filter(pk__in=pks).values_list("pk", path)
                yield path, ((pk, self._prep(path, value)) for pk, value in pairs)

    def _keys_of(self, obj: models.Model, related: dict[str, set]) -> dict[str, frozenset]:
        keys = {}
        for path in self.paths:
            if "__" in path:
                keys[path] = frozenset(related.get(path) or {None})
            else:
                attname = self.model._meta.get_field(path).attname
                keys[path] = frozenset({self._prep(path, getattr(obj, attname))})
        return keys

    def reload(self, candidate: Candidate) -> None:
        """A stored record again, as the database has it (after a row failed on it)."""
        (fresh,) = self._fetch({candidate.pk})
        candidate.obj, candidate.lists = fresh.obj, fresh.lists

    # Matching --------------------------------------------------------------------------------

    def find(self, values: dict) -> Candidate | None:
        """The record the row stands for; ValueError when several match."""
        own_key = values.get("key")
        for number, key in enumerate(self.entity.natural_keys):
            first = next(iter(key))
            if not present(values.get(key[first])):
                continue
            wanted = {path: self._wanted(path, values.get(column)) for path, column in key.items()}
            found = [
                candidate
                for candidate in self.index[first].get(wanted[first], ())
                if all(value in candidate.keys[path] for path, value in wanted.items())
                and not (number and own_key and not candidate.keys["dataset_key"] & {"", own_key})
            ]
            if len(found) > 1:
                raise ValueError(gettext("more than one record matches this row; give its key"))
            if found:
                return found[0]
        return None

    def _set_keys(self, candidate: Candidate, keys: dict[str, frozenset]) -> None:
        for path in self.firsts:
            for value in candidate.keys.get(path, ()):
                self.index[path][value].discard(candidate)
            for value in keys[path]:
                self.index[path][value].add(candidate)
        candidate.keys = keys

    def _row_keys(self, candidate: Candidate, obj: models.Model, values: dict) -> dict:
        """The keys of ``obj`` once a row has set ``values`` on it."""
        related = {}
        for path, column in self.paths.items():
            if "__" in path:
                if column in values:
                    related[path] = {self._prep(path, item) for item in values[column]}
                elif candidate.keys:
                    related[path] = set(candidate.keys[path])
        return self._keys_of(obj, related)

    def add(self, obj: models.Model, values: dict, row: int) -> Candidate:
        """A record row ``row`` creates: later rows match it."""
        candidate = Candidate(obj, row=row)
        self._set_keys(candidate, self._row_keys(candidate, obj, values))
        return candidate

    def keep(self, candidate: Candidate, values: dict, row: int) -> None:
        """Row ``row`` imported this stored record (and may have changed its keys)."""
        candidate.row = row
        self._set_keys(candidate, self._row_keys(candidate, candidate.obj, values))

    def stored_as(self, candidate: Candidate) -> None:
        """A created record is written: it is a stored one now."""
        candidate.pk = candidate.obj.pk
        self.stored[candidate.pk] = candidate

    def remove(self, candidate: Candidate) -> None:
        """A record an earlier row meant to create was refused: no row can match it."""
        self._set_keys(candidate, {path: frozenset() for path in self.paths})
