"""Load a home government's registry from a versioned YAML data file.

The file names model fields directly. Each section lists records; a record's ``key`` is its
stable identifier in the file (stored as ``dataset_key`` on registry records, used to refer
to it from other records). Related records are referred to by key; places by name and
country (looked up in the offline gazetteer); SDG targets by code.

Loading is all-or-nothing (one transaction, every error reported with its section, record
and field) and idempotent: a record whose values already match is not saved again, so a
second load writes nothing and adds no history.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from django.core.exceptions import FieldDoesNotExist, ObjectDoesNotExist, ValidationError
from django.db import models, transaction

from ciudadglobal.activities.models import Activity, ActivityParticipant
from ciudadglobal.actors.models import Actor, Membership, Person, Post
from ciudadglobal.agreements.models import (
    Agreement,
    AgreementParty,
    AgreementStep,
    Commitment,
    LifecycleStep,
)
from ciudadglobal.awards.models import Award, CityAward, CityAwardEdition
from ciudadglobal.core.models import RegistryRecord, Source
from ciudadglobal.networks.models import NetworkMembership, NetworkPosition
from ciudadglobal.places import gazetteer
from ciudadglobal.places.models import Place, PlaceKind
from ciudadglobal.places.services import (
    place_get_or_create_country,
    place_get_or_create_from_gazetteer,
)
from ciudadglobal.projects.models import Funding, Project, ProjectParticipant
from ciudadglobal.taxonomy.models import SdgTarget, Theme
from ciudadglobal.tenants.models import HomeGovernment


@dataclass(frozen=True)
class Child:
    model: type[models.Model]
    lookup: tuple[str, ...]


@dataclass(frozen=True)
class Section:
    model: type[models.Model]
    lookup: tuple[str, ...]
    children: dict[str, Child] = field(default_factory=dict)


#: Sections in load order: a record may refer to records of earlier sections.
SECTIONS: dict[str, Section] = {
    "sources": Section(Source, ("title",)),
    "lifecycle_steps": Section(LifecycleStep, ("name",)),
    "themes": Section(Theme, ("name",)),
    "actors": Section(Actor, ("dataset_key",), {"posts": Child(Post, ("label",))}),
    "people": Section(
        Person, ("dataset_key",), {"memberships": Child(Membership, ("organization", "post"))}
    ),
    "agreements": Section(
        Agreement,
        ("dataset_key",),
        {
            "parties": Child(AgreementParty, ("actor",)),
            "steps": Child(AgreementStep, ("step",)),
            "commitments": Child(Commitment, ("description",)),
        },
    ),
    "projects": Section(
        Project,
        ("dataset_key",),
        {
            "participants": Child(ProjectParticipant, ("actor", "role")),
            "fundings": Child(Funding, ("funder", "date")),
        },
    ),
    "activities": Section(
        Activity, ("dataset_key",), {"participants": Child(ActivityParticipant, ("person", "name"))}
    ),
    "network_memberships": Section(
        NetworkMembership,
        ("dataset_key",),
        {"positions": Child(NetworkPosition, ("title", "start"))},
    ),
    "awards": Section(Award, ("dataset_key",)),
    "city_awards": Section(
        CityAward, ("dataset_key",), {"editions": Child(CityAwardEdition, ("number",))}
    ),
}


class DatasetError(Exception):
    def __init__(self, errors: list[str]):
        super().__init__("\n".join(errors))
        self.errors = errors


@dataclass
class Report:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    unmatched_places: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        text = f"{self.created} created, {self.updated} updated, {self.unchanged} unchanged"
        if self.unmatched_places:
            text += f"; places not in the gazetteer: {', '.join(self.unmatched_places)}"
        return text


class Loader:
    def __init__(self, government: HomeGovernment, reason: str = ""):
        self.government = government
        self.reason = reason
        self.refs: dict[tuple[type, str], models.Model] = {}
        self.report = Report()

    # References -------------------------------------------------------------------------

    def resolve(self, model: type[models.Model], value: Any) -> models.Model | None:
        if value in (None, ""):
            return None
        if model is Place:
            return self.resolve_place(value)
        if model is SdgTarget:
            target = SdgTarget.objects.filter(code=str(value)).first()
            if target is None:
                raise ObjectDoesNotExist(f"no SDG target {value!r} in the framework")
            return target
        if model is Post:
            organization = self.resolve(Actor, value["organization"])
            post, _created = Post.objects.get_or_create(
                organization=organization,
                label=value["label"],
                defaults={"label_en": value.get("label_en", "")},
            )
            return post
        concrete = model._meta.concrete_model
        for candidate in (model, concrete):
            if (candidate, str(value)) in self.refs:
                return self.refs[(candidate, str(value))]
        found = None
        if issubclass(concrete, RegistryRecord):
            scoped = model._default_manager.for_government(self.government)
            found = scoped.filter(dataset_key=value).first()
        if found is None:
            raise ObjectDoesNotExist(
                f"no {model._meta.verbose_name} with key {value!r} in this file"
            )
        return found

    def resolve_place(self, value: dict) -> Place:
        country = value["country"]
        if "name" not in value:
            return place_get_or_create_country(code=country)
        if "geonames_id" in value:
            candidate = gazetteer.get(int(value["geonames_id"]))
        else:
            candidate = gazetteer.best_match(value["name"], country)
        if candidate is None or isinstance(candidate, list):
            existing = Place.objects.filter(name=value["name"], country=country).first()
            if existing is not None:
                return existing
            if "latitude" not in value:
                self.report.unmatched_places.append(f"{value['name']} ({country})")
                raise ObjectDoesNotExist(
                    f"place {value['name']!r} ({country}) is not in the gazetteer or is "
                    "ambiguous; give its geonames_id, or latitude and longitude"
                )
            place = Place(
                kind=value.get("kind", PlaceKind.CITY),
                name=value["name"],
                name_en=value.get("name_en", ""),
                country=country,
                latitude=value["latitude"],
                longitude=value["longitude"],
            )
            place.full_clean()
            place.save()
            return place
        return place_get_or_create_from_gazetteer(
            candidate=candidate, name=value["name"], name_en=value.get("name_en", "")
        )

    # Values -----------------------------------------------------------------------------

    def split(self, model, data: dict) -> tuple[dict, dict]:
        """Turn a record's YAML mapping into (field values, many-to-many targets)."""
        values, many = {}, {}
        for name, raw in data.items():
            try:
                model_field = model._meta.get_field(name)
            except FieldDoesNotExist:
                raise ValidationError({name: f"{model.__name__} has no such field"}) from None
            try:
                if model_field.many_to_many:
                    related = model_field.related_model
                    many[name] = [self.resolve(related, item) for item in raw or []]
                elif model_field.is_relation:
                    values[name] = self.resolve(model_field.related_model, raw)
                else:
                    values[name] = model_field.to_python(raw)
            except ValidationError as error:
                raise ValidationError({name: error.messages}) from None
        return values, many

    def sync(self, model, lookup: dict, values: dict, many: dict) -> models.Model:
        """Create or update one row, saving only when something differs."""
        obj = model._default_manager.filter(**lookup).first()
        changed = obj is None
        if obj is None:
            obj = model(**lookup)
        for name, value in values.items():
            model_field = model._meta.get_field(name)
            current = getattr(obj, model_field.attname)
            wanted = value.pk if model_field.is_relation and value is not None else value
            if current != wanted:
                setattr(obj, name, value)
                changed = True
        if changed:
            created = obj.pk is None
            obj.full_clean()
            obj._change_reason = self.reason
            obj.save()
            if created:
                self.report.created += 1
            else:
                self.report.updated += 1
        else:
            self.report.unchanged += 1
        for name, targets in many.items():
            manager = getattr(obj, name)
            if set(manager.values_list("pk", flat=True)) != {t.pk for t in targets}:
                manager.set(targets)
        return obj

    # Sections ---------------------------------------------------------------------------

    def load_section(self, name: str, section: Section, rows: list[dict], errors: list[str]):
        for index, row in enumerate(rows or [], start=1):
            row = dict(row)
            key = str(row.pop("key", "")) or None
            children = {child: row.pop(child, []) for child in section.children}
            where = f"{name}[{index}]" + (f" ({key})" if key else "")
            try:
                with transaction.atomic():
                    obj = self.load_record(section, key, row)
                    for child_name, child_rows in children.items():
                        self.load_children(obj, section.children[child_name], child_rows)
            except ValidationError as error:
                errors.extend(f"{where}: {message}" for message in _messages(error))
                continue
            except (ObjectDoesNotExist, KeyError, ValueError, TypeError) as error:
                errors.append(f"{where}: {error}")
                continue
            if key:
                self.refs[(section.model, key)] = obj

    def load_record(self, section: Section, key: str | None, row: dict) -> models.Model:
        model = section.model
        if issubclass(model, RegistryRecord) and not key:
            raise ValueError("every record needs a key")
        if issubclass(model, RegistryRecord):
            row["dataset_key"] = key
        values, many = self.split(model, row)
        lookup = {"home_government": self.government}
        lookup.update({name: values.pop(name) for name in section.lookup})
        return self.sync(model, lookup, values, many)

    def load_children(self, parent: models.Model, child: Child, rows: list[dict]) -> None:
        parent_field = next(
            f.name
            for f in child.model._meta.get_fields()
            if f.many_to_one and f.related_model is parent._meta.concrete_model
        )
        kept = []
        for row in rows or []:
            values, many = self.split(child.model, row)
            lookup = {parent_field: parent}
            lookup.update({name: values.pop(name, None) for name in child.lookup})
            kept.append(self.sync(child.model, lookup, values, many).pk)
        stale = child.model._default_manager.filter(**{parent_field: parent}).exclude(pk__in=kept)
        if stale.exists():
            stale.delete()


def _messages(error: ValidationError) -> list[str]:
    if hasattr(error, "error_dict"):
        return [f"{name}: {msg}" for name, msgs in error.message_dict.items() for msg in msgs]
    return list(error.messages)


def load_dataset(path: Path) -> Report:
    """Load one data file into its home government, all or nothing."""
    document = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    unknown = set(document) - {"government", *SECTIONS}
    if unknown:
        raise DatasetError([f"{path.name}: unknown sections: {', '.join(sorted(unknown))}"])
    errors: list[str] = []
    with transaction.atomic():
        government = _government(document.get("government") or {}, errors)
        if government is not None:
            loader = Loader(government, reason=f"data file {path.name}")
            for name, section in SECTIONS.items():
                loader.load_section(name, section, document.get(name), errors)
        if errors:
            transaction.set_rollback(True)
            raise DatasetError([f"{path.name}: {error}" for error in errors])
    return loader.report


def _government(data: dict, errors: list[str]) -> HomeGovernment | None:
    data = dict(data)
    seat = data.pop("seat", None)
    try:
        government = HomeGovernment.objects.filter(slug=data["slug"]).first() or HomeGovernment()
        if seat:
            data["place"] = Loader(government).resolve_place(seat)
        changed = False
        for name, value in data.items():
            if getattr(government, name) != value:
                setattr(government, name, value)
                changed = True
        if changed:
            government.full_clean()
            government.save()
        return government
    except (ValidationError, KeyError, ObjectDoesNotExist) as error:
        errors.append(f"government: {error}")
        return None
