"""Load a home government's registry from versioned YAML data files.

A dataset is one or more files (``data/cdmx/*.yaml``) read together: exactly one of them names
the ``government``; any file may hold any section. The files name model fields directly. Each
section lists records; a record's ``key`` is its stable identifier in the dataset (stored as
``dataset_key`` on registry records, used to refer to it from other records, in any file).
Related records are referred to by key; places by name and country (looked up in the offline
gazetteer); SDG targets by code.

Loading is all-or-nothing (one transaction; every error reported with its file, line, section,
record and field) and idempotent: a record whose values already match is not saved again, so a
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
from ciudadglobal.core.models import RegistryRecord, Source, WorkflowState
from ciudadglobal.indicators.models import Indicator, LocalTarget, Observation
from ciudadglobal.networks.models import NetworkMembership, NetworkPosition
from ciudadglobal.participation.models import Borough, Consultation, Question
from ciudadglobal.places import gazetteer
from ciudadglobal.places.models import Place, PlaceKind
from ciudadglobal.places.services import (
    place_get_or_create_country,
    place_get_or_create_from_gazetteer,
)
from ciudadglobal.projects.models import Funding, Project, ProjectParticipant
from ciudadglobal.strategy.models import Plan, PlanElement
from ciudadglobal.taxonomy.models import SdgTarget, Theme
from ciudadglobal.tenants.models import HomeGovernment
from ciudadglobal.transparency.models import PublishedFigure, QualityFlag


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
    "plans": Section(Plan, ("dataset_key",)),
    "plan_elements": Section(PlanElement, ("dataset_key",)),
    "local_targets": Section(LocalTarget, ("dataset_key",)),
    "indicators": Section(
        Indicator,
        ("dataset_key",),
        {"observations": Child(Observation, ("period_start", "period_end"))},
    ),
    "published_figures": Section(PublishedFigure, ("dataset_key",)),
    "quality_flags": Section(QualityFlag, ("dataset_key",)),
    "boroughs": Section(Borough, ("name",)),
    "consultations": Section(
        Consultation, ("dataset_key",), {"questions": Child(Question, ("position",))}
    ),
}


class Node(dict):
    """A YAML mapping that remembers the line it starts on and the line of each of its keys."""

    line: int = 0
    lines: dict[str, int]

    def line_of(self, name: str) -> int:
        return self.lines.get(name, self.line)


class _LineLoader(yaml.SafeLoader):
    """PyYAML's safe loader, building every mapping as a ``Node``."""

    def construct_node(self, node: yaml.MappingNode) -> Node:
        mapping = Node(self.construct_mapping(node, deep=True))
        mapping.line = node.start_mark.line + 1
        mapping.lines = {str(key.value): key.start_mark.line + 1 for key, _value in node.value}
        return mapping


_LineLoader.add_constructor("tag:yaml.org,2002:map", _LineLoader.construct_node)


def read(path: Path) -> dict:
    """Parse one data file, keeping line numbers; a syntax error names its line and column."""
    try:
        document = yaml.load(path.read_text(encoding="utf-8"), Loader=_LineLoader)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"{path.name}:{mark.line + 1}:{mark.column + 1}" if mark else path.name
        problem = getattr(error, "problem", None) or str(error)
        raise DatasetError([f"{where}: not valid YAML: {problem}"]) from None
    if document is None:
        return Node()
    if not isinstance(document, dict):
        raise DatasetError([f"{path.name}:1: a data file is a mapping of sections"])
    return document


class RowError(Exception):
    """An error in one row of a file (a record or one of its children)."""

    def __init__(self, row: Node, error: Exception):
        super().__init__(str(error))
        self.row, self.error = row, error

    def located(self) -> list[tuple[int, str]]:
        if isinstance(self.error, ValidationError) and hasattr(self.error, "error_dict"):
            return [
                (self.row.line_of(name), f"{name}: {message}")
                for name, messages in self.error.message_dict.items()
                for message in messages
            ]
        if isinstance(self.error, ValidationError):
            return [(self.row.line, message) for message in self.error.messages]
        return [(self.row.line, str(self.error))]


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
    manual_places: list[str] = field(default_factory=list)
    unplaced_actors: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        text = f"{self.created} created, {self.updated} updated, {self.unchanged} unchanged"
        if self.manual_places:
            text += (
                "\nplaces not in the gazetteer, entered with the file's coordinates: "
                + ", ".join(sorted(set(self.manual_places)))
            )
        if self.unplaced_actors:
            text += "\nforeign governments with no place on the map: " + ", ".join(
                sorted(self.unplaced_actors)
            )
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
        found = self.refs.get((model, str(value))) or self.refs.get((concrete, str(value)))
        if isinstance(found, model):
            return found
        if issubclass(concrete, RegistryRecord):
            # Through the model's own manager, so that a proxy (Department) gets its own class
            # and its own rows only.
            scoped = model._default_manager.for_government(self.government)
            found = scoped.filter(pk=found.pk) if found else scoped.filter(dataset_key=value)
            found = found.first()
        if found is None:
            raise ObjectDoesNotExist(
                f"no {model._meta.verbose_name} with key {value!r} in this dataset"
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
                if existing.origin != "gazetteer":
                    self.report.manual_places.append(f"{existing.name} ({country})")
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
            self.report.manual_places.append(f"{place.name} ({country})")
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
                    # YAML reads 57.3 as a float; its shortest text is the number meant.
                    values[name] = model_field.to_python(
                        repr(raw) if isinstance(raw, float) else raw
                    )
            except ValidationError as error:
                raise ValidationError({name: error.messages}) from None
            except ObjectDoesNotExist as error:
                raise ValidationError({name: str(error)}) from None
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

    def load_section(self, name: str, section: Section, rows: list[tuple[str, Node]], errors):
        for file, row in rows:
            data = dict(row)
            key = str(data.pop("key", "")) or None
            children = {child: data.pop(child, None) or [] for child in section.children}
            label = f"{name} ({key})" if key else name
            self.reason = f"data file {file}"
            try:
                with transaction.atomic():
                    obj = self.load_record(section, key, data, row)
                    for child_name, child_rows in children.items():
                        self.load_children(obj, section.children[child_name], child_rows)
            except RowError as error:
                errors.extend(f"{file}:{line}: {label}: {text}" for line, text in error.located())
                continue
            if key:
                self.refs[(section.model, key)] = obj

    def load_record(self, section: Section, key: str | None, data: dict, row: Node):
        model = section.model
        try:
            if issubclass(model, RegistryRecord):
                if not key:
                    raise ValueError("every record needs a key")
                data["dataset_key"] = key
                # A dataset is reviewed data: what it holds is published unless it says otherwise.
                data.setdefault("state", WorkflowState.PUBLISHED)
            values, many = self.split(model, data)
            lookup = {"home_government": self.government}
            lookup.update({name: values.pop(name) for name in section.lookup})
            return self.sync(model, lookup, values, many)
        except (ValidationError, ObjectDoesNotExist, KeyError, ValueError, TypeError) as error:
            raise RowError(row, error) from None

    def load_children(self, parent: models.Model, child: Child, rows: list[Node]) -> None:
        parent_field = next(
            f.name
            for f in child.model._meta.get_fields()
            if f.many_to_one and f.related_model is parent._meta.concrete_model
        )
        kept = []
        for row in rows:
            try:
                values, many = self.split(child.model, row)
                lookup = {parent_field: parent}
                lookup.update(
                    {
                        name: values.pop(name, child.model._meta.get_field(name).get_default())
                        for name in child.lookup
                    }
                )
                kept.append(self.sync(child.model, lookup, values, many).pk)
            except (ValidationError, ObjectDoesNotExist, KeyError, ValueError, TypeError) as error:
                raise RowError(row, error) from None
        stale = child.model._default_manager.filter(**{parent_field: parent}).exclude(pk__in=kept)
        if stale.exists():
            stale.delete()

    def note_unplaced_actors(self) -> None:
        foreign = Actor.objects.for_government(self.government).filter(
            kind__in=["foreign_local", "foreign_regional"], place__isnull=True
        )
        self.report.unplaced_actors = [actor.dataset_key or actor.name for actor in foreign]


def dataset_files(paths: list[Path]) -> list[Path]:
    """The data files named, a folder standing for every ``*.yaml`` in it (sorted by name)."""
    files = []
    for path in paths:
        if path.is_dir():
            files.extend(sorted(path.glob("*.yaml")))
        elif path.is_file():
            files.append(path)
        else:
            raise DatasetError([f"{path}: no such file or folder"])
    return files


def load_dataset(*paths: Path) -> Report:
    """Load a dataset (files and folders of files) into its home government, all or nothing."""
    documents = [(file, read(file)) for file in dataset_files(list(paths))]
    # The file naming the government is read first: its records (the government's own actor,
    # its themes) are the ones the other files build on. Otherwise files load in name order and,
    # within a section, in file order: a record refers only to records before it.
    documents.sort(key=lambda document: "government" not in document[1])
    errors: list[str] = []
    governments, rows = [], {name: [] for name in SECTIONS}
    seen: dict[tuple[str, str], str] = {}
    for file, document in documents:
        for name in document:
            if name != "government" and name not in SECTIONS:
                errors.append(f"{file.name}:{document.line_of(name)}: unknown section {name!r}")
        if "government" in document:
            governments.append((file, document["government"]))
        for name in SECTIONS:
            for row in document.get(name) or []:
                if not isinstance(row, Node):
                    errors.append(f"{file.name}: {name}: each record is a mapping of fields")
                    continue
                where = f"{file.name}:{row.line}"
                key = row.get("key")
                if key is not None and (name, str(key)) in seen:
                    errors.append(
                        f"{where}: {name} ({key}): key already used at {seen[(name, str(key))]}"
                    )
                    continue
                if key is not None:
                    seen[(name, str(key))] = where
                rows[name].append((file.name, row))
    if len(governments) != 1:
        named = ", ".join(file.name for file, _data in governments) or "none"
        errors.append(f"exactly one file must name the government (found: {named})")
    if errors:
        raise DatasetError(errors)
    file, data = governments[0]
    with transaction.atomic():
        government = _government(data, errors, file.name)
        if government is not None:
            loader = Loader(government)
            for name, section in SECTIONS.items():
                loader.load_section(name, section, rows[name], errors)
            loader.note_unplaced_actors()
        if errors:
            transaction.set_rollback(True)
            raise DatasetError(errors)
    return loader.report


def _government(node: Node, errors: list[str], file: str) -> HomeGovernment | None:
    data = dict(node)
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
        errors.extend(
            f"{file}:{line}: government: {text}" for line, text in RowError(node, error).located()
        )
        return None
