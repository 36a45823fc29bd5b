"""Write a home government's public projects as IATI 2.03 ``iati-activities`` XML.

Which date is which. ``start`` and ``end`` are what happened: they are written as the actual
start (type 2) and actual end (type 4). ``planned_start`` and ``planned_end`` are written as the
planned start (1) and planned end (3). IATI forbids actual dates in the future, so a ``start`` or
``end`` that lies after the day of the export is written as planned instead, unless the project
has a planned date of that type already (then it is left out and the comment says so).

Days. IATI dates are days; the registry never invents one, but the export must. A date known to
the day is written as it is. A date known only to the month or the year is written as the
**first day** of that month or year when it starts something (a start, a transaction, a budget's
period start) and as the **last day** when it ends something (an end, a budget's period end):
"2014"–"2016" becomes 2014-01-01 – 2016-12-31. Each activity whose dates were widened this way
starts with an XML comment listing them, so a reader of the file sees the loss of precision.
Budget periods lose nothing: a budget for "2014" is the budget from 2014-01-01 to 2014-12-31.

Languages. Titles and descriptions are written with ``xml:lang="es"`` (the primary field) and
``xml:lang="en"`` (the ``_en`` field). A text stored identically in both fields was published
in English only (see the importer) and is written once, as English.

Only public projects are written (``published()``), and only those IATI can accept: a project
with no date at all, or with no reporting organization identifier (on the project or given to
the export), is left out and listed in a comment at the top of the file.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from django.db.models import Prefetch, QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from lxml import etree

from ciudadglobal.core.partialdates import PartialDate, Precision
from ciudadglobal.places.models import PlaceKind
from ciudadglobal.tenants.models import HomeGovernment

from ..models import OrganisationType, Project, ProjectParticipant
from .organisations import organisation_type

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
VERSION = "2.03"


@dataclass
class ExportResult:
    xml: bytes
    identifiers: list[str] = field(default_factory=list)
    #: Projects left out, with the reason (translated when shown).
    skipped: list[tuple[Project, str]] = field(default_factory=list)


def export_activities(
    government: HomeGovernment, projects: QuerySet[Project] | None = None, **options
) -> bytes:
    """The IATI 2.03 XML of ``government``'s public projects (all of them, or of ``projects``).

    Options are those of ``export_result``."""
    return export_result(government, projects, **options).xml


def export_result(
    government: HomeGovernment,
    projects: QuerySet[Project] | None = None,
    *,
    reporting_org_ref: str = "",
    today: date | None = None,
    generated: datetime | None = None,
) -> ExportResult:
    """The XML, the identifiers written and the projects left out with the reason.

    ``reporting_org_ref`` is the home government's IATI organization identifier, used for
    projects that do not name their own publisher's."""
    today = today or timezone.localdate()
    generated = generated or timezone.now()
    queryset = (projects if projects is not None else Project.objects.all()).for_government(
        government
    )
    participants = ProjectParticipant.objects.select_related("actor").order_by("role", "pk")
    queryset = (
        queryset.published()
        .select_related("reporting_org")
        .prefetch_related(
            Prefetch("participants", queryset=participants),
            "places",
            "sectors",
            "sdg_goals",
            "sdg_targets",
            "budgets",
            "transactions__provider_org",
            "transactions__receiver_org",
            "related_activities",
        )
        .order_by("iati_identifier", "pk")
    )
    root = etree.Element(
        "iati-activities",
        {"version": VERSION, "generated-datetime": generated.isoformat(timespec="seconds")},
    )
    result = ExportResult(xml=b"")
    for project in queryset:
        ref = project.reporting_org_ref or reporting_org_ref
        if not ref:
            result.skipped.append((project, _("no reporting organization identifier")))
        elif not any((project.start, project.end, project.planned_start, project.planned_end)):
            result.skipped.append((project, _("no date (IATI needs at least a start)")))
        else:
            activity = _activity(project, government, ref, today)
            result.identifiers.append(activity.findtext("iati-identifier"))
            root.append(activity)
    if result.skipped:
        # Comments in the file are written in English, the language of IATI's own documents.
        with translation.override("en"):
            listed = "; ".join(f"{p.pk} {p.title}: {why}" for p, why in result.skipped)
        root.insert(0, _comment(f"Projects not exported: {listed}."))
    result.xml = etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
    return result


# One activity -------------------------------------------------------------------------------


def _activity(project: Project, government: HomeGovernment, ref: str, today: date):
    notes: list[str] = []
    activity = etree.Element(
        "iati-activity",
        {
            XML_LANG: "es",
            "last-updated-datetime": project.updated_at.isoformat(timespec="seconds"),
        },
    )
    identifier = project.iati_identifier
    if not identifier:
        identifier = f"{ref}-{project.dataset_key or project.pk}"
        notes.append(f"The project has no IATI identifier; {identifier} was derived from it.")
    _sub(activity, "iati-identifier", identifier)

    participants = list(project.participants.all())
    published_type = {p.actor_id: p.organisation_type for p in participants if p.organisation_type}
    published_ref = {p.actor_id: p.ref for p in participants if p.ref}
    reporter = project.reporting_org
    reporting = _sub(
        activity,
        "reporting-org",
        ref=ref,
        type=(
            organisation_type(reporter, published_type.get(reporter.pk, ""))
            if reporter
            else OrganisationType.LOCAL_GOVERNMENT
        ),
    )
    if reporter:
        _names(reporting, reporter.name, reporter.name_en)
    else:
        _names(reporting, government.name, government.name_en)

    _texts(_sub(activity, "title"), project.title, project.title_en)
    description = _sub(activity, "description", type="1")
    if project.description or project.description_en:
        _texts(description, project.description, project.description_en)
    else:
        _texts(description, project.title, project.title_en)
        notes.append("The project has no description; its title is repeated.")

    for participant in participants:
        org = _sub(
            activity,
            "participating-org",
            ref=participant.ref,
            role=participant.role,
            type=organisation_type(participant.actor, participant.organisation_type),
        )
        _names(org, participant.actor.name, participant.actor.name_en)
    if not participants:
        org = _sub(activity, "participating-org", ref=ref, role="2")
        for narrative in reporting.iterfind("narrative"):
            org.append(etree.fromstring(etree.tostring(narrative)))
        notes.append("No participating organization is recorded; the publisher is accountable.")

    _sub(activity, "activity-status", code=project.status)
    for kind, value, precision_note in _activity_dates(project, today, notes):
        _sub(activity, "activity-date", type=kind, **{"iso-date": value.isoformat()})
        if precision_note:
            notes.append(precision_note)

    for place in project.places.all():
        if place.kind == PlaceKind.COUNTRY:
            _sub(activity, "recipient-country", code=place.country.code)
    for sector in project.sectors.all():
        element = _sub(
            activity,
            "sector",
            vocabulary=sector.vocabulary,
            code=sector.code,
            percentage=_decimal(sector.percentage),
        )
        if sector.name:
            _sub(element, "narrative", sector.name)
    for goal in project.sdg_goals.all():
        _sub(activity, "tag", vocabulary="2", code=str(goal.number))
    for target in project.sdg_targets.all():
        _sub(activity, "tag", vocabulary="3", code=target.code)

    for budget in project.budgets.all():
        element = _sub(activity, "budget", type=budget.budget_type, status=budget.status)
        start = budget.period_start.first_day
        _sub(element, "period-start", **{"iso-date": start.isoformat()})
        _sub(element, "period-end", **{"iso-date": budget.period_end.last_day.isoformat()})
        _value(element, budget.value, budget.currency, start)

    for transaction in project.transactions.all():
        on = transaction.date.first_day
        if transaction.date.precision is not Precision.DAY:
            notes.append(f"transaction {transaction.date} written as {on}")
        element = _sub(activity, "transaction", ref=transaction.ref)
        _sub(element, "transaction-type", code=transaction.transaction_type)
        _sub(element, "transaction-date", **{"iso-date": on.isoformat()})
        _value(element, transaction.value, transaction.currency, on)
        if transaction.description:
            _sub(_sub(element, "description"), "narrative", transaction.description)
        for tag, actor, name in (
            ("provider-org", transaction.provider_org, transaction.provider_org_name),
            ("receiver-org", transaction.receiver_org, transaction.receiver_org_name),
        ):
            if actor is not None:
                org = _sub(
                    element,
                    tag,
                    ref=published_ref.get(actor.pk, ""),
                    type=organisation_type(actor, published_type.get(actor.pk, "")),
                )
                _names(org, actor.name, actor.name_en)
            elif name:
                _sub(_sub(element, tag), "narrative", name)

    for related in project.related_activities.all():
        _sub(activity, "related-activity", ref=related.identifier, type=related.relation)

    if notes:
        activity.insert(0, _comment("Ciudad Global: " + " · ".join(notes)))
    return activity


def _activity_dates(project: Project, today: date, notes: list[str]):
    """(IATI type, day, note on precision) for each date IATI gets; see the module's notes."""
    planned_start, planned_end = project.planned_start, project.planned_end
    actual_start = actual_end = None
    if project.start is not None:
        if project.start.has_begun(today):
            actual_start = project.start
        elif planned_start is None:
            planned_start = project.start
        else:
            notes.append(f"start {project.start} is after the export and was left out")
    if project.end is not None:
        if project.end.has_ended(today):
            actual_end = project.end
        elif planned_end is None:
            planned_end = project.end
        else:
            notes.append(f"end {project.end} is after the export and was left out")
    for kind, value, last in (
        ("1", planned_start, False),
        ("2", actual_start, False),
        ("3", planned_end, True),
        ("4", actual_end, True),
    ):
        if value is None:
            continue
        day = value.last_day if last else value.first_day
        yield kind, day, _precision_note(kind, value, day)


def _precision_note(kind: str, value: PartialDate, day: date) -> str:
    if value.precision is Precision.DAY:
        return ""
    unit = _UNIT[value.precision]
    return f"activity-date type {kind}: {value} is known to the {unit}, written {day}"


_UNIT = {Precision.YEAR: "year", Precision.MONTH: "month"}


# XML helpers --------------------------------------------------------------------------------


def _sub(parent, tag: str, text: str | None = None, **attributes):
    """A child element; attributes that are empty or None are left out."""
    element = etree.SubElement(
        parent, tag, {k: str(v) for k, v in attributes.items() if v not in (None, "")}
    )
    if text is not None:
        element.text = text
    return element


def _texts(parent, primary: str, english: str) -> None:
    """Narratives of a bilingual text: es and en, or en alone when both fields hold it."""
    if english and primary == english:
        _sub(parent, "narrative", english, **{XML_LANG: "en"})
        return
    _sub(parent, "narrative", primary, **{XML_LANG: "es"})
    if english:
        _sub(parent, "narrative", english, **{XML_LANG: "en"})


def _names(parent, name: str, name_en: str) -> None:
    """An organization's name: as it is called (the activity's language), and in English."""
    if name_en and name == name_en:
        _sub(parent, "narrative", name_en, **{XML_LANG: "en"})
        return
    _sub(parent, "narrative", name)
    if name_en:
        _sub(parent, "narrative", name_en, **{XML_LANG: "en"})


def _value(parent, amount, currency: str, on: date) -> None:
    _sub(parent, "value", _decimal(amount), currency=currency, **{"value-date": on.isoformat()})


def _decimal(value) -> str:
    return "" if value is None else f"{value:f}"


def _comment(text: str):
    # A comment may not contain "--" nor end with "-".
    return etree.Comment(" " + text.replace("--", "–").rstrip("-") + " ")
