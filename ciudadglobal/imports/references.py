"""How the cells of an import file name other records.

Actor keys, SDG targets and places are resolved by the dataset loader's own ``Loader`` (the
same rules as the YAML data files: actors by dataset key within the home government, SDG
targets by code, places through the offline gazetteer). What a spreadsheet adds is naming by
name: actors, departments and themes may also be written as people call them, compared
without case or accents.
"""

from __future__ import annotations

from collections import defaultdict

from django.core.exceptions import ObjectDoesNotExist
from django.db import models
from django.utils.translation import gettext

from ciudadglobal.actors.models import DEPARTMENT_KINDS, Actor, Department
from ciudadglobal.core.text import fold
from ciudadglobal.datasets.loader import Loader
from ciudadglobal.taxonomy.models import SdgTarget, Theme

from .columns import country


class References:
    """The records an import's cells may name, for one home government."""

    def __init__(self, government, reason: str = ""):
        self.government = government
        self.loader = Loader(government, reason)
        self._indexes: dict[type, dict[str, set[int]]] = {}

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

    def note(self, obj: models.Model) -> None:
        """Make a record created by this import nameable by the rows after it."""
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

    def _by_name(self, model, value: str, *fields: str):
        found = self._index(model, *fields).get(fold(value), set())
        if len(found) > 1:
            raise ValueError(gettext("more than one record has this name; use its key"))
        if not found:
            return None
        return model._default_manager.get(pk=next(iter(found)))

    def actor(self, value: str) -> Actor:
        """An actor by its dataset key, else by its name, English name or acronym."""
        try:
            return self.loader.resolve(Actor, value)
        except ObjectDoesNotExist:
            pass
        found = self._by_name(Actor, value, "name", "name_en", "acronym")
        if found is None:
            raise ValueError(gettext("no actor with this key or name in the registry"))
        return found

    def department(self, value: str) -> Department:
        found = self._by_name(Department, value, "name", "name_en", "acronym")
        if found is None:
            try:
                return self.loader.resolve(Department, value)
            except ObjectDoesNotExist:
                raise ValueError(gettext("no department with this name")) from None
        return found

    def theme(self, value: str) -> Theme:
        found = self._by_name(Theme, value, "name", "name_en")
        if found is None:
            raise ValueError(gettext("no theme with this name"))
        return found

    def sdg_target(self, value: str) -> SdgTarget:
        try:
            return self.loader.resolve(SdgTarget, value.strip())
        except ObjectDoesNotExist:
            raise ValueError(gettext("no SDG target with this code")) from None

    def place(self, value: str):
        """``París, FR`` (a city and its country) or a country alone (``FR``, ``Francia``)."""
        name, comma, where = value.rpartition(",")
        if not comma:
            return self.loader.resolve_place({"country": country(value, self)})
        return self.city(name.strip(), country(where, self))

    def city(self, name: str, country_code: str):
        try:
            return self.loader.resolve_place({"name": name, "country": country_code})
        except ObjectDoesNotExist:
            raise ValueError(
                gettext("not in the gazetteer, or more than one city has this name")
            ) from None
