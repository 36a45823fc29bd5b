"""Writing read activities into the registry: projects, their rows and organizations.

Rows are compared with what is stored and written only when they differ, so importing the same
file again writes nothing. New rows are inserted in bulk, with their history, at the end.
"""

from __future__ import annotations

from collections import Counter, defaultdict

from django.core.exceptions import ValidationError
from django.db import DatabaseError, models, transaction
from django.utils.translation import gettext as _
from lxml import etree
from simple_history.utils import bulk_create_with_history

from ciudadglobal.actors.models import Actor
from ciudadglobal.core.models import Visibility, WorkflowState
from ciudadglobal.core.partialdates import PartialDate
from ciudadglobal.places.models import PlaceKind
from ciudadglobal.places.services import place_get_or_create_country
from ciudadglobal.taxonomy.models import SdgGoal, SdgTarget

from ..models import (
    Project,
    ProjectBudget,
    ProjectParticipant,
    ProjectSector,
    ProjectTransaction,
    RelatedActivity,
)
from .organisations import FALLBACK_KIND, KIND_OF_TYPE, name_key
from .reader import ActivityData, Org, Reader, Row, path


class RecordError(Exception):
    def __init__(self, problems: list[tuple[etree._Element, str]]):
        super().__init__(problems)
        self.problems = problems


RELATIONS = [
    "home_government",
    "source",
    "reporting_org",
    "project",
    "actor",
    "provider_org",
    "receiver_org",
]
NO_QUERIES = {"validate_unique": False, "validate_constraints": False}


def _clean(obj: models.Model, row: Row, **options) -> None:
    try:
        obj.full_clean(**options)
    except ValidationError as error:
        problems = []
        for name, messages in error.message_dict.items():
            element = row.sources.get(name) if row.sources.get(name) is not None else row.element
            label = "" if name == "__all__" else f"{name}: "
            problems.extend((element, f"{label}{message}") for message in messages)
        raise RecordError(problems) from None


def _comparable(value):
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, PartialDate):
        return value.isoformat()
    return value


CHILDREN = {
    "participants": (ProjectParticipant, ("actor", "role", "ref", "organisation_type")),
    "sectors": (ProjectSector, ("vocabulary", "code", "name", "percentage")),
    "budgets": (
        ProjectBudget,
        ("budget_type", "status", "period_start", "period_end", "value", "currency"),
    ),
    "transactions": (
        ProjectTransaction,
        (
            "ref",
            "transaction_type",
            "date",
            "value",
            "currency",
            "provider_org",
            "provider_org_name",
            "receiver_org",
            "receiver_org_name",
            "description",
        ),
    ),
    "related_activities": (RelatedActivity, ("identifier", "relation")),
}


class Writer:
    def __init__(self, government, reader: Reader, activities, *, visibility, source):
        self.government = government
        self.reader = reader
        self.report = reader.report
        self.visibility = visibility
        # An IATI file is already a publication: asking for its records to be public publishes
        # them; internal ones start as drafts for review like any other new record.
        self.state = (
            WorkflowState.PUBLISHED if visibility == Visibility.PUBLIC else WorkflowState.DRAFT
        )
        self.source = source
        self.reason = f"IATI import{f': {source.title}' if source else ''}"
        self.existing = {
            project.iati_identifier: project
            for project in Project.objects.for_government(government)
            .filter(iati_identifier__in=[a.identifier for a in activities])
            .prefetch_related("places", "sdg_goals", "sdg_targets", *CHILDREN)
        }
        self.goals = {goal.number: goal for goal in SdgGoal.objects.all()}
        self.targets = {target.code: target for target in SdgTarget.objects.all()}
        self.countries: dict = {}
        self.organisations = Organisations(self, activities)
        self.pending: dict[type[models.Model], list[models.Model]] = defaultdict(list)

    def write(self, data: ActivityData) -> None:
        try:
            with transaction.atomic():
                self.write_activity(data)
        except RecordError as error:
            for element, message in error.problems:
                self.reader.error(element, data.identifier, message)
        except DatabaseError as error:
            self.reader.error(data.element, data.identifier, str(error))

    def write_activity(self, data: ActivityData) -> None:
        project = self.existing.get(data.identifier)
        created = project is None
        if created:
            project = Project(
                home_government=self.government,
                visibility=self.visibility,
                state=self.state,
                source=self.source,
            )
        values = dict(data.project.values)
        reporter = data.reporting_org
        values["reporting_org"] = reporter and self.organisations.resolve(reporter, create=True)
        changed = self.assign(project, values)
        if changed:
            # As for the rows below: the reader checked the periods and the identifier's
            # uniqueness; the relations were just resolved; the database enforces all of it.
            _clean(project, data.project, exclude=RELATIONS, **NO_QUERIES)
            project._change_reason = self.reason
            project.save()

        many = {
            "places": [self.country(code) for code in data.countries],
            "sdg_goals": [self.goals[number] for number in data.goals],
            "sdg_targets": [self.targets[code] for code in data.targets],
        }
        if not created:
            # IATI carries countries only: the cities and regions staff added stay.
            others = [place for place in project.places.all() if place.kind != PlaceKind.COUNTRY]
            many["places"] += others
        for name, targets in many.items():
            manager = getattr(project, name)
            if created and not targets:
                continue
            if created or {t.pk for t in manager.all()} != {t.pk for t in targets}:
                manager.set(targets)
                changed = True

        rows = {
            "participants": self.participants(data),
            "sectors": data.sectors,
            "budgets": data.budgets,
            "transactions": self.transactions(data),
            "related_activities": data.related,
        }
        for name, wanted in rows.items():
            changed |= self.replace_children(project, created, name, wanted)

        if created:
            self.report.created += 1
        elif changed:
            self.report.updated += 1
        else:
            self.report.unchanged += 1

    def assign(self, obj: models.Model, values: dict) -> bool:
        changed = obj.pk is None
        for name, value in values.items():
            current = getattr(obj, obj._meta.get_field(name).attname)
            if _comparable(current) != _comparable(value):
                setattr(obj, name, value)
                changed = True
        return changed

    def replace_children(self, project, created: bool, name: str, rows: list[Row]) -> bool:
        """Make a project's rows of one kind those of the file, saving only when they differ."""
        model, fields = CHILDREN[name]
        current = [] if created else list(getattr(project, name).all())
        attnames = [model._meta.get_field(f).attname for f in fields]
        as_stored = Counter(
            tuple(_comparable(getattr(obj, a)) for a in attnames) for obj in current
        )
        as_read = Counter(tuple(_comparable(row.values[f]) for f in fields) for row in rows)
        if as_stored == as_read:  # the same rows, in whatever order
            return False
        if current:
            model.objects.filter(project=project).delete()
        for row in rows:
            obj = model(project=project, **row.values)
            # Field by field only: the reader checked what the constraints check (with the
            # element's path), the relations were just resolved, and the database enforces
            # both. Row by row, Django's own checks would cost several queries a row.
            _clean(obj, row, exclude=RELATIONS, **NO_QUERIES)
            self.pending[model].append(obj)
        return True

    def save_children(self) -> None:
        """Insert the new rows of every project, with their history, in a few queries."""
        for model, objs in self.pending.items():
            try:
                with transaction.atomic():
                    bulk_create_with_history(
                        objs, model, batch_size=500, default_change_reason=self.reason
                    )
            except DatabaseError as error:
                self.reader.errors.append(f"{model._meta.verbose_name_plural}: {error}")

    def participants(self, data: ActivityData) -> list[Row]:
        rows, seen = [], set()
        for org, role in data.participants:
            actor = self.organisations.resolve(org, create=True)
            if (actor.pk, role) in seen:
                reason = _("same organization and role")
                self.reader.skip(org.element, f"{path(org.element)} ({reason})")
                continue
            seen.add((actor.pk, role))
            if org.ref:
                self.organisations.by_ref[org.ref].add(actor.pk)
            values = {"actor": actor, "role": role, "ref": org.ref, "organisation_type": org.type}
            rows.append(Row(values, org.element, dict.fromkeys(values, org.element)))
        return rows

    def transactions(self, data: ActivityData) -> list[Row]:
        rows = []
        for row, provider, receiver in data.transactions:
            values = dict(row.values)
            for side, org in (("provider_org", provider), ("receiver_org", receiver)):
                actor = org and self.organisations.resolve(org, create=False)
                values[side], values[f"{side}_name"] = actor, ""
                if actor is not None:
                    self.reader.take(org.element, "ref", "type")  # the organization's own
                elif org is not None:
                    values[f"{side}_name"] = org.name or org.name_en
            rows.append(Row(values, row.element, row.sources))
        return rows

    def country(self, code: str):
        if code not in self.countries:
            self.countries[code] = place_get_or_create_country(code=code)
        return self.countries[code]


class Organisations:
    """Finds the registry's organization for a published one, or creates it."""

    def __init__(self, writer: Writer, activities: list[ActivityData]):
        self.writer = writer
        government = writer.government
        self.by_name: dict[str, list[Actor]] = defaultdict(list)
        self.by_id: dict[int, Actor] = {}
        for actor in Actor.objects.for_government(government).order_by("pk"):
            self.remember(actor)
        self.by_ref: dict[str, set[int]] = defaultdict(set)
        published = ProjectParticipant.objects.for_government(government).exclude(ref="")
        for ref, actor_id in published.values_list("ref", "actor_id"):
            self.by_ref[ref].add(actor_id)
        reporters = Project.objects.for_government(government).exclude(reporting_org_ref="")
        for ref, actor_id in reporters.exclude(reporting_org=None).values_list(
            "reporting_org_ref", "reporting_org_id"
        ):
            self.by_ref[ref].add(actor_id)
        names_of_ref: dict[str, set[str]] = defaultdict(set)
        for data in activities:
            orgs = [data.reporting_org, *(org for org, _role in data.participants)]
            orgs += [org for _row, *pair in data.transactions for org in pair]
            for org in orgs:
                if org is not None and org.ref and org.name:
                    names_of_ref[org.ref].add(name_key(org.name))
        self.ambiguous = {ref for ref, names in names_of_ref.items() if len(names) > 1}
        for ref in sorted(self.ambiguous):
            message = _("@ref %(ref)s names %(count)s organizations: matched by name")
            writer.reader.convert(message % {"ref": ref, "count": len(names_of_ref[ref])})

    def remember(self, actor: Actor) -> None:
        self.by_id[actor.pk] = actor
        for name in {actor.name, actor.name_en} - {""}:
            self.by_name[name_key(name)].append(actor)

    def resolve(self, org: Org, *, create: bool) -> Actor | None:
        kind = KIND_OF_TYPE.get(org.type, FALLBACK_KIND)
        for name in (org.name, org.name_en):
            found = self.by_name.get(name_key(name)) if name else None
            if found:
                return next((actor for actor in found if actor.kind == kind), found[0])
        if org.ref and org.ref not in self.ambiguous:
            known = self.by_ref.get(org.ref, set())
            if len(known) == 1:
                return self.by_id.get(next(iter(known)))
        if not create:
            return None
        writer = self.writer
        actor = Actor(
            home_government=writer.government,
            kind=kind,
            name=org.name or org.ref,
            name_en=org.name_en,
            visibility=writer.visibility,
            state=writer.state,
            source=writer.source,
        )
        if org.type not in KIND_OF_TYPE:
            message = _("without a known type → civil-society organization")
            writer.reader.convert(f"{path(org.element)} {message}")
        _clean(actor, Row({}, org.element))
        actor._change_reason = writer.reason
        actor.save()
        writer.report.actors_created += 1
        self.remember(actor)
        return actor
