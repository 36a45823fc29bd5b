"""The public registry of a home government as tables: one definition per table.

Each ``Table`` says which published rows it holds (always starting from ``published()``), and
each ``Column`` its name, type, label, what its codes mean and where its value comes from.
The same definitions make the CSV, XLSX and JSON downloads, the Table Schemas of the data
package (types, primary keys, foreign keys), the open-data page and the API's schemas.

Codes: countries are ISO 3166-1 alpha-2 codes, currencies ISO 4217 codes, SDG targets the UN
codes ("11.2", "17.a"); partial dates are ISO 8601 texts of a year, a month or a day
(``2014``, ``2014-05``, ``2014-05-12``). A reference to a row that the public may not see
(an internal department, a draft agreement) is left empty, never disclosed: every foreign key
points to a row of the package.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from django.db.models import Model, OuterRef, Prefetch, QuerySet, Subquery
from django.utils.translation import gettext_lazy as _

from ciudadglobal.activities.models import (
    Activity,
    ActivityKind,
    ActivityParticipant,
    ParticipantRole,
    Sector,
)
from ciudadglobal.actors.models import Actor, ActorKind, Membership, Person, Post
from ciudadglobal.agreements.models import (
    Agreement,
    AgreementKind,
    AgreementParty,
    AgreementStatus,
    PartyRole,
    RenewalKind,
)
from ciudadglobal.awards.models import Award, AwardResult
from ciudadglobal.core.models import published_q
from ciudadglobal.networks.models import NetworkMembership, NetworkPosition
from ciudadglobal.portal.selectors import public
from ciudadglobal.projects.models import (
    Funding,
    OrganisationRole,
    Project,
    ProjectParticipant,
    ProjectStatus,
)
from ciudadglobal.strategy.models import Plan, PlanElement, PlanElementKind, PlanKind
from ciudadglobal.transparency.models import FigureUnit, PublishedFigure

PARTIAL_DATE = r"^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$"
COUNTRY = r"^[A-Z]{2}$"
CURRENCY = r"^[A-Z]{3}$"
SDG_TARGET = r"^[0-9]{1,2}\.[0-9a-z]{1,2}$"
SDG_GOAL = r"^[0-9]{1,2}$"

#: What each kind of code means, appended to a column's label in its description.
NOTES = {
    PARTIAL_DATE: _("partial date: year, year-month or full date (ISO 8601)"),
    COUNTRY: _("ISO 3166-1 alpha-2 country code"),
    CURRENCY: _("ISO 4217 currency code"),
    SDG_TARGET: _("Sustainable Development Goal target codes"),
    SDG_GOAL: _("Sustainable Development Goal numbers"),
}
NOTE_ID = _("identifier of the row, stable across downloads")
NOTE_REFERENCE = _("identifier of a row of the table “%(table)s”, empty when not public")
NOTE_MANY = _("several values separated by “%(separator)s”")

#: Types of the Frictionless Table Schema used by the columns.
TYPES = ("string", "integer", "number", "boolean", "datetime")


@dataclass(frozen=True)
class Column:
    name: str
    type: str = "string"
    label: Any = None
    #: The model attribute read (``name`` by default), or a function of the row's object.
    source: str = ""
    get: Callable[[Any], Any] | None = None
    required: bool = False
    pattern: str = ""
    enum: Any = None
    #: The table whose ``id`` this column holds.
    references: str = ""
    #: A list of values (codes or names), joined by ``separator`` in CSV and XLSX.
    many: bool = False
    separator: str = " "

    def value(self, obj: Any) -> Any:
        value = self.get(obj) if self.get else getattr(obj, self.source or self.name)
        if self.many:
            return [_plain(item) for item in value]
        value = _plain(value)
        if value == "" and (self.pattern or self.enum is not None or self.type != "string"):
            return None
        return value

    def description(self) -> str:
        notes = []
        if self.name == "id":
            notes.append(str(NOTE_ID))
        if self.references:
            notes.append(str(NOTE_REFERENCE % {"table": self.references}))
        if self.pattern in NOTES:
            notes.append(str(NOTES[self.pattern]))
        if self.many:
            notes.append(str(NOTE_MANY % {"separator": self.separator.strip() or " "}))
        label = str(self.label)
        label = label[:1].upper() + label[1:]
        return f"{label} ({'; '.join(notes)})" if notes else label


def _plain(value: Any) -> Any:
    """A value as exported: codes for countries, ISO text for dates, UTC for times."""
    if value is None:
        return None
    if hasattr(value, "isoformat") and not isinstance(value, datetime):
        return value.isoformat()  # PartialDate, date
    if isinstance(value, datetime):
        return value.astimezone(UTC).replace(microsecond=0)
    if hasattr(value, "code") and not isinstance(value, Model):  # django-countries Country
        return value.code or None
    if isinstance(value, Model):
        return str(value)
    return value


@dataclass(frozen=True)
class Table:
    name: str
    title: Any
    description: Any
    model: type[Model]
    columns: tuple[Column, ...]
    #: The published rows of a government, before ``select``/``prefetch``.
    rows_of: Callable[[Any], QuerySet]
    select: tuple[str, ...] = ()
    prefetch: tuple = ()
    #: For a table of the rows of another (a party of an agreement): (table, column).
    parent: tuple[str, str] | None = None
    #: Tables nested in this one's records by the API: {attribute: child table}.
    children: dict[str, str] = field(default_factory=dict)

    def column(self, name: str) -> Column:
        return next(column for column in self.columns if column.name == name)

    def published(self, government) -> QuerySet:
        return self.rows_of(government)

    def queryset(self, government) -> QuerySet:
        """The published rows with what their columns read already loaded."""
        return (
            self.rows_of(government).select_related(*self.select).prefetch_related(*self.prefetch)
        )

    def rows(self, objects: Sequence[Model], government) -> list[dict[str, Any]]:
        """One dict per object, references to rows the public may not see emptied."""
        rows = [{column.name: column.value(obj) for column in self.columns} for obj in objects]
        for column in self.columns:
            if not column.references:
                continue
            wanted = {row[column.name] for row in rows} - {None}
            if not wanted:
                continue
            target = TABLES[column.references].published(government)
            visible = set(target.filter(pk__in=wanted).values_list("pk", flat=True))
            for row in rows:
                if row[column.name] not in visible:
                    row[column.name] = None
        return rows

    def all_rows(self, government) -> list[dict[str, Any]]:
        return self.rows(list(self.queryset(government).order_by("pk")), government)


# --- Column shorthands ----------------------------------------------------------------------


def label_of(model: type[Model], name: str):
    return model._meta.get_field(name).verbose_name


def _id() -> Column:
    return Column("id", "integer", _("identifier"), source="pk", required=True)


def _text(model, name, *, required=False, label=None) -> Column:
    return Column(name, label=label or label_of(model, name), required=required)


def _choice(model, name, enum, *, required=True) -> Column:
    return Column(name, label=label_of(model, name), enum=enum, required=required)


def _date(model, name) -> Column:
    return Column(name, label=label_of(model, name), pattern=PARTIAL_DATE)


def _ref(model, name, table, *, required=False) -> Column:
    return Column(
        f"{name}_id",
        "integer",
        label_of(model, name),
        source=f"{name}_id",
        references=table,
        required=required,
    )


def _country(model, name) -> Column:
    return Column(name, label=label_of(model, name), pattern=COUNTRY)


def _currency(model, name) -> Column:
    return Column(name, label=label_of(model, name), pattern=CURRENCY)


def _number(model, name) -> Column:
    return Column(name, "number", label_of(model, name))


def _integer(model, name) -> Column:
    return Column(name, "integer", label_of(model, name))


def _updated() -> Column:
    return Column("updated_at", "datetime", _("last updated"), required=True)


def _source_url() -> Column:
    return Column("source_url", label=_("source URL"))


def _sdg_targets() -> Column:
    return Column(
        "sdg_targets",
        label=_("SDG targets"),
        get=lambda obj: [target.code for target in obj.sdg_targets.all()],
        pattern=SDG_TARGET,
        many=True,
    )


def _names(relation: str, label) -> Column:
    """The names of a record's related rows (prefetched), separated by "; " in CSV."""
    return Column(
        relation,
        label=label,
        get=lambda obj: [item.name for item in getattr(obj, relation).all()],
        many=True,
        separator="; ",
    )


def _themes() -> Column:
    return _names("themes", _("themes"))


def _countries_of_places() -> Column:
    return Column(
        "countries",
        label=_("countries"),
        get=lambda obj: sorted({place.country.code for place in obj.places.all()}),
        pattern=COUNTRY,
        many=True,
    )


def _places() -> Column:
    return _names("places", _("places"))


def _departments() -> Column:
    return _names("departments", _("departments"))


def _sdg_prefetch():
    from ciudadglobal.taxonomy.models import SdgTarget

    return Prefetch("sdg_targets", SdgTarget.objects.order_by("sort_key"))


def _public_departments_prefetch(path: str):
    return Prefetch(path, Actor.objects.published().order_by("name"))


def _with_public(queryset: QuerySet, government, **relations: type[Model]) -> QuerySet:
    """Keep the rows whose required relations are public too (published, of ``government``).

    A join rather than a subquery of ``public(model, government)``, so that ``government``
    may be an ``OuterRef`` (see ``last_updated_by_government``)."""
    for path, model in relations.items():
        queryset = queryset.filter(
            published_q(path), **{f"{path}__{model.tenant_path}": government}
        )
    return queryset


# --- The tables -----------------------------------------------------------------------------

_TABLES: list[Table] = [
    Table(
        "actors",
        _("Actors"),
        _("Organizations the government works with, and its own departments and boroughs."),
        Actor,
        (
            _id(),
            _choice(Actor, "kind", ActorKind),
            _text(Actor, "name", required=True),
            _text(Actor, "name_en"),
            _text(Actor, "acronym"),
            _ref(Actor, "parent", "actors"),
            _country(Actor, "country"),
            Column(
                "place",
                label=label_of(Actor, "place"),
                get=lambda actor: actor.place.name if actor.place_id else "",
            ),
            _text(Actor, "website"),
            _text(Actor, "description"),
            _text(Actor, "description_en"),
            _themes(),
            _date(Actor, "dissolved"),
            _source_url(),
            _updated(),
        ),
        lambda government: public(Actor, government),
        select=("place",),
        prefetch=("themes",),
        children={"posts": "posts"},
    ),
    Table(
        "persons",
        _("People"),
        _("Public people of the registry: signatories, guests, officials."),
        Person,
        (
            _id(),
            _text(Person, "name", required=True),
            _text(Person, "honorific_prefix"),
            _country(Person, "nationality"),
            _text(Person, "biography"),
            _source_url(),
            _updated(),
        ),
        lambda government: public(Person, government),
        children={"memberships": "memberships"},
    ),
    Table(
        "posts",
        _("Posts"),
        _("Positions in organizations that people hold in turn."),
        Post,
        (
            _id(),
            _ref(Post, "organization", "actors", required=True),
            _text(Post, "label", required=True),
            _text(Post, "label_en"),
        ),
        lambda government: public(Post, government),
        parent=("actors", "organization_id"),
    ),
    Table(
        "memberships",
        _("Memberships"),
        _("People's memberships of organizations, in a post or a role, over a period."),
        Membership,
        (
            _id(),
            _ref(Membership, "person", "persons", required=True),
            _ref(Membership, "organization", "actors", required=True),
            _ref(Membership, "post", "posts"),
            _text(Membership, "role"),
            _date(Membership, "start"),
            _date(Membership, "end"),
        ),
        lambda government: _with_public(
            public(Membership, government), government, organization=Actor
        ),
        parent=("persons", "person_id"),
    ),
    Table(
        "agreements",
        _("Agreements"),
        _("Agreements of the government with foreign cities, countries and organizations."),
        Agreement,
        (
            _id(),
            _choice(Agreement, "kind", AgreementKind),
            Column("status", label=_("status"), enum=AgreementStatus, required=True),
            _text(Agreement, "title", required=True),
            _text(Agreement, "title_en"),
            _text(Agreement, "description"),
            _text(Agreement, "description_en"),
            _ref(Agreement, "department", "actors"),
            _date(Agreement, "signed"),
            Column(
                "signed_date_unknown",
                "boolean",
                label_of(Agreement, "signed_date_unknown"),
                required=True,
            ),
            _date(Agreement, "in_force_from"),
            _date(Agreement, "expires"),
            _date(Agreement, "terminated"),
            _ref(Agreement, "renews", "agreements"),
            _choice(Agreement, "renewal_kind", RenewalKind, required=False),
            _themes(),
            _sdg_targets(),
            _source_url(),
            _updated(),
        ),
        lambda government: public(Agreement, government).with_status(public=True),
        prefetch=("themes", _sdg_prefetch()),
        children={"parties": "agreement_parties"},
    ),
    Table(
        "agreement_parties",
        _("Parties to agreements"),
        _("The foreign parties to each agreement and who signed for them."),
        AgreementParty,
        (
            _id(),
            _ref(AgreementParty, "agreement", "agreements", required=True),
            _ref(AgreementParty, "actor", "actors", required=True),
            _choice(AgreementParty, "role", PartyRole),
            _ref(AgreementParty, "signatory", "persons"),
        ),
        lambda government: _with_public(
            public(AgreementParty, government), government, actor=Actor
        ),
        parent=("agreements", "agreement_id"),
    ),
    Table(
        "activities",
        _("Activities"),
        _("Trips, visits, missions, events and other international activities."),
        Activity,
        (
            _id(),
            _choice(Activity, "kind", ActivityKind),
            _text(Activity, "title", required=True),
            _text(Activity, "title_en"),
            _text(Activity, "description"),
            _text(Activity, "description_en"),
            _date(Activity, "start"),
            _date(Activity, "end"),
            _countries_of_places(),
            _places(),
            _departments(),
            _themes(),
            _sdg_targets(),
            _text(Activity, "outcomes"),
            _integer(Activity, "attendance"),
            _integer(Activity, "people_served"),
            _number(Activity, "cost"),
            _currency(Activity, "cost_currency"),
            _source_url(),
            _updated(),
        ),
        lambda government: public(Activity, government),
        prefetch=(
            "places",
            "themes",
            _sdg_prefetch(),
            _public_departments_prefetch("departments"),
        ),
        children={"participants": "activity_participants"},
    ),
    Table(
        "activity_participants",
        _("Participants in activities"),
        _("Who took part in each activity, as recorded: name, post, role and organization."),
        ActivityParticipant,
        (
            _id(),
            _ref(ActivityParticipant, "activity", "activities", required=True),
            _ref(ActivityParticipant, "person", "persons"),
            Column(
                "name",
                label=label_of(ActivityParticipant, "name"),
                get=lambda participant: (
                    participant.name or (participant.person.name if participant.person_id else "")
                ),
            ),
            _ref(ActivityParticipant, "organization", "actors"),
            _choice(ActivityParticipant, "role", ParticipantRole),
            _text(ActivityParticipant, "title"),
            _choice(ActivityParticipant, "sector", Sector, required=False),
        ),
        lambda government: public(ActivityParticipant, government),
        select=("person",),
        parent=("activities", "activity_id"),
    ),
    Table(
        "projects",
        _("Projects"),
        _("International cooperation projects (IATI activities)."),
        Project,
        (
            _id(),
            _text(Project, "iati_identifier"),
            _text(Project, "title", required=True),
            _text(Project, "title_en"),
            _text(Project, "description"),
            _text(Project, "description_en"),
            _choice(Project, "status", ProjectStatus),
            _date(Project, "start"),
            _date(Project, "end"),
            _date(Project, "planned_start"),
            _date(Project, "planned_end"),
            _countries_of_places(),
            _places(),
            _departments(),
            _themes(),
            _sdg_targets(),
            Column(
                "sdg_goals",
                label=label_of(Project, "sdg_goals"),
                get=lambda project: [str(goal.number) for goal in project.sdg_goals.all()],
                pattern=SDG_GOAL,
                many=True,
            ),
            _text(Project, "results"),
            _source_url(),
            _updated(),
        ),
        lambda government: public(Project, government),
        prefetch=(
            "places",
            "themes",
            "sdg_goals",
            _sdg_prefetch(),
            _public_departments_prefetch("departments"),
        ),
        children={"participants": "project_participants", "fundings": "fundings"},
    ),
    Table(
        "project_participants",
        _("Organizations in projects"),
        _("The organizations taking part in each project, in their IATI role."),
        ProjectParticipant,
        (
            _id(),
            _ref(ProjectParticipant, "project", "projects", required=True),
            _ref(ProjectParticipant, "actor", "actors", required=True),
            _choice(ProjectParticipant, "role", OrganisationRole),
            _text(ProjectParticipant, "ref"),
        ),
        lambda government: _with_public(
            public(ProjectParticipant, government), government, actor=Actor
        ),
        parent=("projects", "project_id"),
    ),
    Table(
        "fundings",
        _("Funding of projects"),
        _("Money each funder commits to a project, in its own currency."),
        Funding,
        (
            _id(),
            _ref(Funding, "project", "projects", required=True),
            _ref(Funding, "funder", "actors", required=True),
            Column("amount", "number", label_of(Funding, "amount"), required=True),
            Column("currency", label=label_of(Funding, "currency"), pattern=CURRENCY),
            _date(Funding, "date"),
            _text(Funding, "note"),
        ),
        lambda government: _with_public(public(Funding, government), government, funder=Actor),
        parent=("projects", "project_id"),
    ),
    Table(
        "networks",
        _("Network memberships"),
        _("The city networks the government belongs to."),
        NetworkMembership,
        (
            _id(),
            _ref(NetworkMembership, "network", "actors", required=True),
            Column(
                "network_name",
                label=_("network name"),
                get=lambda membership: membership.network.name,
                required=True,
            ),
            _date(NetworkMembership, "joined"),
            _date(NetworkMembership, "left"),
            _ref(NetworkMembership, "department", "actors"),
            _text(NetworkMembership, "notes"),
            _source_url(),
            _updated(),
        ),
        lambda government: _with_public(
            public(NetworkMembership, government), government, network=Actor
        ),
        select=("network",),
        children={"positions": "network_positions"},
    ),
    Table(
        "network_positions",
        _("Positions in networks"),
        _("Positions the government holds in the bodies of its networks."),
        NetworkPosition,
        (
            _id(),
            _ref(NetworkPosition, "membership", "networks", required=True),
            _text(NetworkPosition, "title", required=True),
            _text(NetworkPosition, "title_en"),
            _text(NetworkPosition, "body"),
            _ref(NetworkPosition, "holder", "persons"),
            _date(NetworkPosition, "start"),
            _date(NetworkPosition, "end"),
        ),
        lambda government: public(NetworkPosition, government),
        parent=("networks", "membership_id"),
    ),
    Table(
        "awards",
        _("Awards"),
        _("Awards and recognitions the government applied for or received."),
        Award,
        (
            _id(),
            _text(Award, "name", required=True),
            _text(Award, "name_en"),
            _ref(Award, "awarding_body", "actors"),
            _date(Award, "date"),
            _text(Award, "category"),
            _text(Award, "category_en"),
            _text(Award, "programme"),
            _ref(Award, "department", "actors"),
            _choice(Award, "result", AwardResult),
            _themes(),
            _sdg_targets(),
            _source_url(),
            _updated(),
        ),
        lambda government: public(Award, government),
        prefetch=("themes", _sdg_prefetch()),
    ),
    Table(
        "plans",
        _("Plans"),
        _("Strategies, programmes and plans of international action."),
        Plan,
        (
            _id(),
            _choice(Plan, "kind", PlanKind),
            _text(Plan, "name", required=True),
            _text(Plan, "name_en"),
            _date(Plan, "start"),
            _date(Plan, "end"),
            _text(Plan, "description"),
            _text(Plan, "description_en"),
            _source_url(),
            _updated(),
        ),
        lambda government: public(Plan, government),
        children={"elements": "plan_elements"},
    ),
    Table(
        "plan_elements",
        _("Parts of plans"),
        _("Axes, objectives, tasks and scenarios of each plan."),
        PlanElement,
        (
            _id(),
            _ref(PlanElement, "plan", "plans", required=True),
            _ref(PlanElement, "parent", "plan_elements"),
            _choice(PlanElement, "kind", PlanElementKind),
            _text(PlanElement, "code"),
            _text(PlanElement, "name", required=True),
            _text(PlanElement, "name_en"),
            Column("order", "integer", label_of(PlanElement, "order"), required=True),
        ),
        lambda government: _with_public(public(PlanElement, government), government, plan=Plan),
        parent=("plans", "plan_id"),
    ),
    Table(
        "figures",
        _("Published figures"),
        _("Figures the government has published about its international action."),
        PublishedFigure,
        (
            _id(),
            _text(PublishedFigure, "group", required=True),
            _text(PublishedFigure, "group_en"),
            _text(PublishedFigure, "label"),
            _text(PublishedFigure, "label_en"),
            Column("value", "number", label_of(PublishedFigure, "value"), required=True),
            _choice(PublishedFigure, "unit", FigureUnit),
            _currency(PublishedFigure, "currency"),
            _date(PublishedFigure, "period_start"),
            _date(PublishedFigure, "period_end"),
            _source_url(),
            _updated(),
        ),
        lambda government: public(PublishedFigure, government),
    ),
]

#: Every table of the public registry, by name, in the order of the data package.
TABLES: dict[str, Table] = {table.name: table for table in _TABLES}


def children_rows(
    table: Table, objects: Iterable[Model], government
) -> dict[str, dict[int, list[dict]]]:
    """For each child table of ``table``: parent id → its rows (one query per child table)."""
    ids = [obj.pk for obj in objects]
    nested: dict[str, dict[int, list[dict]]] = {}
    for attribute, child_name in table.children.items():
        child = TABLES[child_name]
        _parent, column = child.parent
        found = list(
            child.queryset(government).filter(**{f"{column}__in": ids}).order_by(column, "pk")
        )
        by_parent: dict[int, list[dict]] = {pk: [] for pk in ids}
        for row in child.rows(found, government):
            by_parent[row[column]].append(row)
        nested[attribute] = by_parent
    return nested


def last_updated(government) -> datetime | None:
    """When the newest public record of ``government`` last changed."""
    latest = []
    for table in TABLES.values():
        if any(column.name == "updated_at" for column in table.columns):
            value = (
                table.published(government)
                .order_by("-updated_at")
                .values_list("updated_at", flat=True)
                .first()
            )
            if value is not None:
                latest.append(value)
    return max(latest, default=None)


def last_updated_by_government(governments: QuerySet) -> dict[int, datetime | None]:
    """``last_updated`` of each of ``governments`` (by id), in one query however many."""
    newest = {
        f"updated_{table.name}": Subquery(
            table.published(OuterRef("pk")).order_by("-updated_at").values("updated_at")[:1]
        )
        for table in TABLES.values()
        if any(column.name == "updated_at" for column in table.columns)
    }
    return {
        row.pop("pk"): max(filter(None, row.values()), default=None)
        for row in governments.annotate(**newest).values("pk", *newest)
    }
