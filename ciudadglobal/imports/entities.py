"""What can be imported: one declarative definition per entity.

Each entity lists its columns (see columns.py) and its natural keys: the ways a row finds the
record it stands for, tried in order. The first column of a natural key must be filled for the
key to be tried; the other parts match an empty value when empty. A row with a key of its own
never takes, through a later natural key, a record that has another dataset key.

Column names are the model's field names (``signed``, ``title_en``…), the same as the open-data
exports, so that an exported table can be edited and imported back.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from ciudadglobal.activities.models import Activity, ActivityKind
from ciudadglobal.actors.models import Actor, ActorKind
from ciudadglobal.agreements.models import Agreement, AgreementKind, AgreementParty
from ciudadglobal.projects.models import (
    OrganisationRole,
    Project,
    ProjectParticipant,
    ProjectStatus,
)

from . import columns as c
from .columns import Column


@dataclass(frozen=True)
class Partners:
    """The foreign organizations of a record, kept as rows of a child model.

    The cell lists them all: organizations not listed are removed, new ones are added with
    ``defaults``; the rows of those already there are kept as they are (role, signatory…)."""

    model: type[models.Model]
    parent_field: str
    defaults: dict

    def current(self, obj) -> set[int]:
        if obj.pk is None:
            return set()
        rows = self.model._default_manager.filter(**{self.parent_field: obj})
        return set(rows.values_list("actor_id", flat=True))

    def differ(self, obj, actors) -> bool:
        return self.current(obj) != {actor.pk for actor in actors}

    def apply(self, obj, actors, *, user, reason: str) -> None:
        current = self.current(obj)
        wanted = {actor.pk for actor in actors}
        stale = self.model._default_manager.filter(**{self.parent_field: obj})
        for row in stale.exclude(actor__in=wanted):
            row._history_user, row._change_reason = user, reason
            row.delete()
        for actor in actors:
            if actor.pk not in current:
                row = self.model(**{self.parent_field: obj, "actor": actor, **self.defaults})
                row._history_user, row._change_reason = user, reason
                row.full_clean()
                row.save()
                current.add(actor.pk)


@dataclass(frozen=True)
class Entity:
    name: str
    model: type[models.Model]
    columns: tuple[Column, ...]
    #: Each natural key maps a lookup to the column giving its value.
    natural_keys: tuple[dict[str, str], ...]
    label_field: str
    partners: Partners | None = None

    @property
    def verbose_name_plural(self) -> Promise:
        return self.model._meta.verbose_name_plural

    @cached_property
    def by_name(self) -> dict[str, Column]:
        return {column.name: column for column in self.columns}

    @property
    def department_column(self) -> str | None:
        """The column giving the department(s) that own the record, if the model has any."""
        path = getattr(self.model, "department_path", None)
        return self.column_for_field(path) or None if path else None

    def column_for_field(self, field: str) -> str:
        """The column writing ``field``, for an error the model reports on it ('' if none)."""
        return next((col.name for col in self.columns if col.field == field), "")


def _common_tail() -> tuple[Column, ...]:
    return (c.visibility_column(), c.source_url_column())


AGREEMENTS = Entity(
    "agreements",
    Agreement,
    (
        c.key_column(),
        c.choice_column(
            "kind", AgreementKind, _("The kind of agreement."), "twinning", required=True
        ),
        c.text_column("title", _("Title in Spanish."), "Acuerdo de hermanamiento", required=True),
        c.text_column("title_en", _("Title in English."), "Twinning agreement"),
        c.text_column("description", _("Description in Spanish.")),
        c.text_column("description_en", _("Description in English.")),
        c.departments_column("department"),
        c.date_column("signed", _("Date of signature."), "2014-04-12"),
        c.Column(
            "signed_date_unknown",
            c.KIND_YES_NO,
            _("yes when it is known to be signed but not when (leave signed empty)."),
            "no",
            c.boolean,
            field="signed_date_unknown",
        ),
        c.date_column("in_force_from", _("Entry into force, when not on signature.")),
        c.date_column("expires", _("Expiry date."), "2020"),
        c.date_column("terminated", _("Date it was terminated early.")),
        c.partners_column(
            _("The foreign parties by actor key or name; they must exist in the registry.")
        ),
        c.themes_column(),
        c.sdg_targets_column(),
        *_common_tail(),
    ),
    (
        {"dataset_key": "key"},
        {"title": "title", "signed": "signed", "parties__actor": "partners"},
    ),
    "title",
    Partners(AgreementParty, "agreement", {}),
)

ACTIVITIES = Entity(
    "activities",
    Activity,
    (
        c.key_column(),
        c.choice_column(
            "kind", ActivityKind, _("The kind of activity."), "official_trip", required=True
        ),
        c.text_column("title", _("Title in Spanish."), "Misión a París", required=True),
        c.text_column("title_en", _("Title in English."), "Mission to Paris"),
        c.text_column("description", _("Description in Spanish.")),
        c.text_column("description_en", _("Description in English.")),
        c.date_column("start", _("When it started."), "2019-06"),
        c.date_column("end", _("When it ended; empty for a one-day activity.")),
        c.places_column(),
        c.departments_column(),
        c.Column(
            "counterparts",
            c.KIND_LIST,
            _("Counterpart organizations by actor key or name."),
            "paris",
            c.actor,
            field="counterparts",
            many=True,
        ),
        c.themes_column(),
        c.sdg_targets_column(),
        c.text_column("outcomes", _("What came of it.")),
        c.Column(
            "attendance",
            c.KIND_NUMBER,
            _("How many people attended."),
            "120",
            c.integer,
            field="attendance",
        ),
        c.Column(
            "people_served",
            c.KIND_NUMBER,
            _("How many people it served."),
            "",
            c.integer,
            field="people_served",
        ),
        c.Column(
            "cost",
            c.KIND_NUMBER,
            _("What it cost, with a point for decimals."),
            "",
            c.decimal,
            field="cost",
        ),
        c.Column(
            "cost_currency",
            c.KIND_CODE,
            _("ISO 4217 currency of the cost: MXN, EUR, USD."),
            "",
            c.currency,
            field="cost_currency",
        ),
        *_common_tail(),
    ),
    ({"dataset_key": "key"}, {"title": "title", "start": "start"}),
    "title",
)

ACTORS = Entity(
    "actors",
    Actor,
    (
        c.key_column(),
        c.choice_column(
            "kind", ActorKind, _("The kind of organization."), "foreign_local", required=True
        ),
        c.text_column("name", _("Name in Spanish."), "Ciudad de París", required=True),
        c.text_column("name_en", _("Name in English."), "City of Paris"),
        c.text_column("acronym", _("Acronym.")),
        c.Column(
            "country",
            c.KIND_CODE,
            _("ISO 3166 code (FR) or the country's name in Spanish or English."),
            "FR",
            c.country,
            field="country",
        ),
        c.Column(
            "city",
            c.KIND_TEXT,
            _("The city it governs or is based in, looked up in the gazetteer (needs country)."),
            "París",
            c.city,
            field="place",
        ),
        c.Column(
            "parent",
            c.KIND_TEXT,
            _("The organization it belongs to, by actor key or name."),
            "",
            c.actor,
            field="parent",
        ),
        c.text_column("website", _("Web address."), "https://www.paris.fr"),
        c.text_column("description", _("Description in Spanish.")),
        c.text_column("description_en", _("Description in English.")),
        c.themes_column(),
        c.date_column("dissolved", _("When it ceased to exist.")),
        *_common_tail(),
    ),
    ({"dataset_key": "key"}, {"name": "name", "kind": "kind", "country": "country"}),
    "name",
)

PROJECTS = Entity(
    "projects",
    Project,
    (
        c.key_column(),
        c.text_column("title", _("Title in Spanish."), "Movilidad sustentable", required=True),
        c.text_column("title_en", _("Title in English."), "Sustainable mobility"),
        c.text_column("description", _("Description in Spanish.")),
        c.text_column("description_en", _("Description in English.")),
        c.choice_column("status", ProjectStatus, _("IATI status code (1–6) or its name."), "2"),
        c.date_column("start", _("When it started."), "2018-03"),
        c.date_column("end", _("When it ended."), "2021"),
        c.date_column("planned_start", _("Planned start, only when it differs.")),
        c.date_column("planned_end", _("Planned end, only when it differs.")),
        c.places_column(),
        c.departments_column(),
        c.partners_column(
            _(
                "Participating organizations by actor key or name; new ones are added as "
                "implementing."
            )
        ),
        c.themes_column(),
        c.sdg_targets_column(),
        c.text_column("results", _("Results.")),
        c.text_column("iati_identifier", _("IATI identifier, when published to IATI.")),
        *_common_tail(),
    ),
    (
        {"dataset_key": "key"},
        {"iati_identifier": "iati_identifier"},
        {"title": "title", "start": "start"},
    ),
    "title",
    Partners(ProjectParticipant, "project", {"role": OrganisationRole.IMPLEMENTING}),
)

#: Entities by the name used in addresses, files and the command line.
ENTITIES: dict[str, Entity] = {
    entity.name: entity for entity in (AGREEMENTS, ACTIVITIES, ACTORS, PROJECTS)
}
