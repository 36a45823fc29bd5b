"""How the cells of an import file name other records.

Actor keys, SDG targets and places are resolved by the dataset loader's own ``Loader`` (the
same rules as the YAML data files: actors by dataset key within the home government, SDG
targets by code, places through the offline gazetteer). What a spreadsheet adds is naming by
name: actors, departments and themes may also be written as people call them, compared
without case or accents.

Each distinct cell value is resolved once per import: the answer (a record, or the reason
there is none) is kept until a record the import writes could change it (``note``). A row
may name a record an earlier row creates; while that record waits to be written with its
batch (``pending``), naming it raises ``PendingReference`` so that the import writes the
batch first and reads the row again.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable

from django.core.exceptions import ObjectDoesNotExist
from django.db import models
from django.utils.translation import gettext

from ciudadglobal.actors.models import DEPARTMENT_KINDS, Actor, Department
from ciudadglobal.core.text import fold
from ciudadglobal.datasets.loader import Loader
from ciudadglobal.taxonomy.models import SdgTarget, Theme

from .columns import country

#: The models a cell may name by name, with the fields it may use, and what resolves them.
NAMED = {
    Actor: (("name", "name_en", "acronym"), ("actor", "department")),
    Theme: (("name", "name_en"), ("theme",)),
}


class PendingReference(Exception):
    """A cell names a record that an earlier row creates and that is not written yet."""


class References:
    """The records an import's cells may name, for one home government."""

    def __init__(self, government, reason: str = ""):
        self.government = government
        self.loader = Loader(government, reason)
        self._indexes: dict[type, dict[str, set[int]]] = {}
        self._answers: dict[tuple, models.Model | str] = {}
        self._pending_keys: set[str] = set()
        self._pending_names: set[str] = set()

    def _index(self, model: type[models.Model], *fields: str) -> dict[str, set[int]]:
        if model not in self._indexes:
            index = defaultdict(set)
            rows = model._default_manager.for_government(self.government).values("pk", *fields)
            for row in rows:
                for name in fields:
                    if row[name]:
                        index[fold(row[name])].add(row["pk"])
            self._indexes[model] = index
        return self._indexes[model]

    def _answer(self, kind: str, value, resolve: Callable):
        """``resolve(value)``, asked once per distinct value (ValueError included)."""
        key = (kind, value)
        if key not in self._answers:
            try:
                self._answers[key] = resolve(value)
            except ValueError as error:
                self._answers[key] = str(error)
        answer = self._answers[key]
        if isinstance(answer, str):
            raise ValueError(answer)
        return answer

    def _check_pending(self, value: str) -> None:
        waiting = self._pending_keys or self._pending_names
        if waiting and (value in self._pending_keys or fold(value) in self._pending_names):
            raise PendingReference(value)

    def pending(self, obj: models.Model) -> None:
        """``obj`` will be created with its batch: rows naming it must wait for the batch."""
        for model, (fields, _kinds) in NAMED.items():
            if isinstance(obj, model):
                self._pending_names.update(fold(getattr(obj, n)) for n in fields if getattr(obj, n))
                if obj.dataset_key:
                    self._pending_keys.add(obj.dataset_key)

    def settled(self) -> None:
        """The pending records are written (or refused): nothing waits any more."""
        self._pending_keys.clear()
        self._pending_names.clear()

    def note(self, obj: models.Model) -> None:
        """Make a record written by this import nameable by the rows after it."""
        indexes = [(Theme, ("name", "name_en"))]
        if isinstance(obj, Actor):
            indexes.append((Actor, ("name", "name_en", "acronym")))
            if obj.kind in DEPARTMENT_KINDS:
                indexes.append((Department, ("name", "name_en", "acronym")))
        for model, fields in indexes:
            if isinstance(obj, model._meta.concrete_model) and model in self._indexes:
                for name in fields:
                    if getattr(obj, name, ""):
                        self._indexes[model][fold(getattr(obj, name))].add(obj.pk)
        for model, (_fields, kinds) in NAMED.items():
            if isinstance(obj, model):  # a name or key may now mean something else
                self._answers = {k: v for k, v in self._answers.items() if k[0] not in kinds}

    def _by_name(self, model, value: str, *fields: str):
        found = self._index(model, *fields).get(fold(value), set())
        if len(found) > 1:
            raise ValueError(gettext("more than one record has this name; use its key"))
        if not found:
            return None
        return model._default_manager.get(pk=next(iter(found)))

    def actor(self, value: str) -> Actor:
        """An actor by its dataset key, else by its name, English name or acronym."""
        self._check_pending(value)
        return self._answer("actor", value, self._actor)

    def _actor(self, value: str) -> Actor:
        try:
            return self.loader.resolve(Actor, value)
        except ObjectDoesNotExist:
            pass
        found = self._by_name(Actor, value, "name", "name_en", "acronym")
        if found is None:
            raise ValueError(gettext("no actor with this key or name in the registry"))
        return found

    def department(self, value: str) -> Department:
        self._check_pending(value)
        return self._answer("department", value, self._department)

    def _department(self, value: str) -> Department:
        found = self._by_name(Department, value, "name", "name_en", "acronym")
        if found is None:
            try:
                return self.loader.resolve(Department, value)
            except ObjectDoesNotExist:
                raise ValueError(gettext("no department with this name")) from None
        return found

    def theme(self, value: str) -> Theme:
        self._check_pending(value)
        return self._answer("theme", value, self._theme)

    def _theme(self, value: str) -> Theme:
        found = self._by_name(Theme, value, "name", "name_en")
        if found is None:
            raise ValueError(gettext("no theme with this name"))
        return found

    def sdg_target(self, value: str) -> SdgTarget:
        return self._answer("sdg_target", value.strip(), self._sdg_target)

    def _sdg_target(self, value: str) -> SdgTarget:
        try:
            return self.loader.resolve(SdgTarget, value)
        except ObjectDoesNotExist:
            raise ValueError(gettext("no SDG target with this code")) from None

    def place(self, value: str):
        """``París, FR`` (a city and its country) or a country alone (``FR``, ``Francia``)."""
        return self._answer("place", value, self._place)

    def _place(self, value: str):
        name, comma, where = value.rpartition(",")
        if not comma:
            return self.loader.resolve_place({"country": country(value, self)})
        return self.city(name.strip(), country(where, self))

    def city(self, name: str, country_code: str):
        return self._answer("city", (name, country_code), self._city)

    def _city(self, value: tuple[str, str]):
        name, country_code = value
        try:
            return self.loader.resolve_place({"name": name, "country": country_code})
        except ObjectDoesNotExist:
            raise ValueError(
                gettext("not in the gazetteer, or more than one city has this name")
            ) from None
