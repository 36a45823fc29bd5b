"""The Article 20 semiannual report, computed from the registry (plain functions).

:func:`build_semiannual` reads only what the public may see (``portal.selectors.public`` and
``with_status(public=True)``): the report is published to Congress and to the citizens, so it
never counts an internal record. Each function below computes one section for a period
[start, end] and is shared with the annual indicators report.

Dating rules (the same as the portal's): a record is *in the period* when its partial date
overlaps it, so a record dated only "2018" counts in both semesters of 2018; records without a
date are left out.
"""

from __future__ import annotations

import calendar
from collections import defaultdict
from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal
from urllib.parse import urlencode

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from ciudadglobal.activities.models import Activity, ActivityKind
from ciudadglobal.actors.models import HOME_KINDS
from ciudadglobal.agreements.models import Agreement
from ciudadglobal.awards.models import Award, AwardResult
from ciudadglobal.core.models import localized
from ciudadglobal.core.partialdates import begun_q, ended_q, overlaps_q
from ciudadglobal.networks.models import NetworkPosition
from ciudadglobal.places.regions import Region, region_of
from ciudadglobal.portal.charts import sort_key
from ciudadglobal.portal.links import portal_url, public_url
from ciudadglobal.portal.selectors import public
from ciudadglobal.projects.models import Funding, Project
from ciudadglobal.tenants.models import HomeGovernment
from ciudadglobal.transparency.models import FlagStatus, PublishedFigure, QualityFlag

from .charts import table_chart
from .content import Cell, Figure, RecordRef, ReportContent, Section, Table, format_value
from .models import BenefitEvaluation, EvaluationStatus, EvaluatorKind, Semester

Progress = Callable[[str], None]


def _noop(_label: str) -> None:
    return None


def _month_end(day: date) -> bool:
    return (day + timedelta(days=1)).day == 1


def in_period(field: str, start: date, end: date) -> Q:
    """Records whose partial date ``field`` overlaps [start, end]. Whole months are given at
    month precision, so that "2018-07" is not taken for a day before "2018-07-01"."""
    first = f"{start:%Y-%m}" if start.day == 1 else start.isoformat()
    last = f"{end:%Y-%m}" if _month_end(end) else end.isoformat()
    return overlaps_q(field, first, last)


def under_way(start_field: str, end_field: str, start: date, end: date) -> Q:
    """Records whose period [start_field, end_field] overlaps [start, end]: begun by the end
    of the period and not ended before it began (an open end has not ended)."""
    return begun_q(start_field, end) & ~ended_q(end_field, start)


def months_before(day: date, months: int) -> date:
    """The first day of the period of ``months`` whole months that ends on ``day`` (the last
    day of a month): 12 months up to 30 June 2018 start on 1 July 2017."""
    month = day.month - months + 1
    year = day.year + (month - 1) // 12
    return date(year, (month - 1) % 12 + 1, 1)


def months_after(day: date, months: int) -> date:
    """The last day of the ``months``-th month after ``day``'s: six months after 30 June 2018
    end on 31 December 2018."""
    month = day.month + months
    year = day.year + (month - 1) // 12
    month = (month - 1) % 12 + 1
    return date(year, month, calendar.monthrange(year, month)[1])


class Builder:
    """Computes the sections of a report for one government and period."""

    def __init__(self, government: HomeGovernment, start: date, end: date) -> None:
        self.government, self.start, self.end = government, start, end
        self.slug = government.slug

    # --- links ---------------------------------------------------------------------------

    def ref(self, obj, label: str | None = None) -> RecordRef:
        return RecordRef(label or str(obj), public_url(obj, self.slug) or "")

    def explore(self, name: str, **params) -> str:
        years = {"year_from": self.start.year, "year_to": self.end.year}
        query = {**years, **{key: value for key, value in params.items() if value is not None}}
        return f"{portal_url(name, self.slug)}?{urlencode(query)}"

    def figure(self, id: str, label: str, records, explore_url: str = "") -> Figure:
        records = [r if isinstance(r, RecordRef) else self.ref(r) for r in records]
        return Figure(id, label, len(records), records, explore_url)

    # --- agreements ------------------------------------------------------------------------

    def agreements(self) -> QuerySet:
        return public(Agreement, self.government)

    def agreements_signed(self) -> list[Agreement]:
        return list(self.agreements().filter(in_period("signed", self.start, self.end)))

    def agreements_in_force(self) -> list[Agreement]:
        """In force on the last day of the period (the public reading of the status)."""
        return list(self.agreements().in_force(self.end, public=True))

    def agreements_expiring(self, in_force: list[Agreement]) -> list[Agreement]:
        """In force at the end of the period and expiring within the six months after it."""
        after = self.end + timedelta(days=1)
        until = months_after(self.end, 6)
        return list(
            self.agreements()
            .filter(pk__in=[a.pk for a in in_force])
            .filter(in_period("expires", after, until))
        )

    def agreements_dormant(self, in_force: list[Agreement]) -> list[Agreement]:
        """In force at the end of the period with no public activity linked to them in the
        12 months up to that day."""
        since = months_before(self.end, 12)
        active = (
            public(Activity, self.government)
            .filter(in_period("start", since, self.end))
            .values_list("agreements", flat=True)
        )
        active_ids = set(active)
        return [agreement for agreement in in_force if agreement.pk not in active_ids]

    def agreements_section(self) -> tuple[Section, list[Agreement]]:
        in_force = self.agreements_in_force()
        explore = portal_url("agreement-list", self.slug)
        figures = [
            self.figure(
                "agreements-signed",
                _("Agreements signed in the period"),
                self.agreements_signed(),
                self.explore("agreement-list"),
            ),
            self.figure(
                "agreements-in-force",
                _("Agreements in force at the end of the period"),
                in_force,
                f"{explore}?status=in_force",
            ),
            self.figure(
                "agreements-expiring",
                _("Agreements in force that expire in the next six months"),
                self.agreements_expiring(in_force),
                f"{explore}?status=in_force",
            ),
            self.figure(
                "agreements-dormant",
                _("Agreements in force with no activity in the last twelve months"),
                self.agreements_dormant(in_force),
                f"{explore}?status=in_force",
            ),
        ]
        section = Section(
            "agreements",
            _("Agreements"),
            _(
                "Agreements signed in the period and the state of those in force on its last "
                "day. An agreement is dormant when no public activity linked to it began in "
                "the twelve months up to that day."
            ),
            figures,
        )
        return section, in_force

    # --- activities ------------------------------------------------------------------------

    def activities(self) -> list[Activity]:
        return list(
            public(Activity, self.government)
            .filter(in_period("start", self.start, self.end))
            .prefetch_related("places", "counterparts", "themes", "departments")
            .order_by("start", "title")
        )

    def _breakdown(
        self,
        id: str,
        caption: str,
        row_header: str,
        groups: dict[str, tuple[str, list, str]],
        *,
        unplaced: tuple[str, list] | None = None,
        order: list[str] | None = None,
    ) -> Table:
        """A table (and chart) of a breakdown: ``groups`` maps a key to (label, records,
        explorer URL); largest first unless ``order`` is given; ``unplaced`` last."""
        keys = order or sorted(groups, key=lambda k: (-len(groups[k][1]), sort_key(groups[k][0])))
        figures = [
            self.figure(f"{id}-{key}", groups[key][0], groups[key][1], groups[key][2])
            for key in keys
        ]
        if unplaced and unplaced[1]:
            figures.append(self.figure(f"{id}-none", unplaced[0], unplaced[1]))
        rows = [[Cell(f.label, f.explore_url), Cell(f.display, figure=f)] for f in figures]
        header = [row_header, _("Records")]
        chart = table_chart(id, caption, row_header, figures)
        return Table(f"table-{id}", caption, header, rows, chart=chart)

    def activities_section(self) -> Section:
        activities = self.activities()
        by_kind = {
            kind.value: (
                str(kind.label),
                [a for a in activities if a.kind == kind],
                self.explore("activity-list", kind=kind.value),
            )
            for kind in ActivityKind
        }
        by_kind = {key: value for key, value in by_kind.items() if value[1]}
        themes: dict[str, list] = defaultdict(list)
        theme_names: dict[str, str] = {}
        regions: dict[str, list] = defaultdict(list)
        departments: dict[str, list] = defaultdict(list)
        department_names: dict[str, str] = {}
        unthemed, home, no_department = [], [], []
        for activity in activities:
            for theme in activity.themes.all():
                themes[str(theme.pk)].append(activity)
                theme_names[str(theme.pk)] = localized(theme, "name")
            if not activity.themes.all():
                unthemed.append(activity)
            found: set[Region] = set()
            countries = [p.country for p in activity.places.all()] + [
                c.country for c in activity.counterparts.all() if c.kind not in HOME_KINDS
            ]
            for country in countries:
                if country and country != self.government.country:
                    region = region_of(country)
                    if region is not None:
                        found.add(region)
            for region in found:
                regions[region.value].append(activity)
            if not found:
                home.append(activity)
            for department in activity.departments.all():
                departments[str(department.pk)].append(activity)
                department_names[str(department.pk)] = str(department)
            if not activity.departments.all():
                no_department.append(activity)
        tables = [
            self._breakdown(
                "activities-kind",
                _("Activities by kind"),
                _("Kind"),
                by_kind,
                order=[k.value for k in ActivityKind if k.value in by_kind],
            ),
            self._breakdown(
                "activities-theme",
                _("Activities by theme"),
                _("Theme"),
                {
                    key: (theme_names[key], rows, self.explore("activity-list", theme=key))
                    for key, rows in themes.items()
                },
                unplaced=(_("No theme"), unthemed),
            ),
            self._breakdown(
                "activities-region",
                _("Activities by world region"),
                _("Region"),
                {
                    key: (str(Region(key).label), rows, self.explore("activity-list", region=key))
                    for key, rows in regions.items()
                },
                unplaced=(_("No foreign country (in the city or not located)"), home),
            ),
            self._breakdown(
                "activities-department",
                _("Activities by department"),
                _("Department"),
                {
                    key: (
                        department_names[key],
                        rows,
                        self.explore("activity-list", department=key),
                    )
                    for key, rows in departments.items()
                },
                unplaced=(_("No department given"), no_department),
            ),
        ]
        figure = self.figure(
            "activities", _("Activities in the period"), activities, self.explore("activity-list")
        )
        return Section(
            "activities",
            _("Activities"),
            _(
                "Trips, visits, events, missions and other activities that began in the period. "
                "An activity with several themes, regions or departments counts once in each."
            ),
            [figure],
            tables,
        )

    # --- projects and funds ----------------------------------------------------------------

    def projects_section(self) -> Section:
        projects = list(
            public(Project, self.government)
            .filter(under_way("start", "end", self.start, self.end))
            .order_by("start", "title")
        )
        fundings = (
            public(Funding, self.government)
            .filter(project__in=[p.pk for p in projects])
            .select_related("project", "funder")
            .order_by("currency", "project__title", "pk")
        )
        by_currency: dict[str, list[Funding]] = defaultdict(list)
        for funding in fundings:
            by_currency[funding.currency].append(funding)
        rows, figures = [], []
        for currency, items in sorted(by_currency.items()):
            total = sum((f.amount for f in items), Decimal("0"))
            figure = Figure(
                f"funds-{currency}",
                _("Funds of the projects under way, in %(currency)s") % {"currency": currency},
                total,
                [
                    RecordRef(
                        f"{f.project} · {f.funder} · {format_value(f.amount)} {currency}",
                        public_url(f.project, self.slug) or "",
                    )
                    for f in items
                ],
                portal_url("project-list", self.slug),
                unit=currency,
            )
            figures.append(figure)
            rows.append([Cell(currency), Cell(figure.display, figure=figure)])
        projects_figure = self.figure(
            "projects",
            _("Cooperation projects under way in the period"),
            projects,
            portal_url("project-list", self.slug),
        )
        tables = []
        if rows:
            tables.append(
                Table(
                    "table-funds",
                    _("Funds of the projects under way, by currency"),
                    [_("Currency"), _("Amount")],
                    rows,
                    note=_("Amounts in different currencies are never added together."),
                )
            )
        return Section(
            "projects",
            _("Projects and funds"),
            _(
                "Cooperation projects whose period overlaps the period of the report, and the "
                "funds recorded for them, one total per currency."
            ),
            [projects_figure, *figures],
            tables,
        )

    # --- networks and awards -------------------------------------------------------------

    def networks_section(self) -> Section:
        positions = (
            public(NetworkPosition, self.government)
            .filter(under_way("start", "end", self.start, self.end))
            .select_related("membership__network")
            .order_by("membership__network__name", "start", "pk")
        )
        records = [
            RecordRef(
                f"{localized(p, 'title')} · {p.membership}",
                public_url(p.membership, self.slug) or "",
            )
            for p in positions
        ]
        figure = self.figure(
            "network-positions",
            _("Positions held in city networks"),
            records,
            portal_url("network-list", self.slug),
        )
        return Section(
            "networks",
            _("City networks"),
            _("Positions the city held in the boards and bodies of city networks in the period."),
            [figure],
        )

    def awards_section(self) -> Section:
        awards = list(
            public(Award, self.government)
            .filter(in_period("date", self.start, self.end))
            .select_related("awarding_body")
            .order_by("date", "name")
        )
        groups = {
            result.value: (
                str(result.label),
                [a for a in awards if a.result == result],
                self.explore("award-list", result=result.value),
            )
            for result in AwardResult
        }
        table = self._breakdown(
            "awards-result",
            _("Awards and candidacies by result"),
            _("Result"),
            groups,
            order=[r.value for r in AwardResult],
        )
        figure = self.figure(
            "awards", _("Awards and candidacies in the period"), awards, self.explore("award-list")
        )
        return Section(
            "awards",
            _("Awards and recognitions"),
            _("Awards won, mentions and candidacies dated in the period."),
            [figure],
            [table],
        )

    # --- evaluations -----------------------------------------------------------------------

    def evaluations_section(self, in_force: list[Agreement], semester: Semester) -> Section:
        evaluations = BenefitEvaluation.objects.filter(
            agreement__in=[a.pk for a in in_force],
            year=semester.year,
            half=semester.half,
            status=EvaluationStatus.FINAL,
        )
        found = {(e.agreement_id, e.evaluator): e for e in evaluations}
        not_evaluated = _("Not evaluated")
        rows = []
        evaluated: dict[str, list] = {kind.value: [] for kind in EvaluatorKind}
        for agreement in sorted(in_force, key=lambda a: sort_key(str(a))):
            ref = self.ref(agreement)
            row = [Cell(ref.label, ref.url)]
            for kind in EvaluatorKind:
                evaluation = found.get((agreement.pk, kind.value))
                if evaluation is None:
                    row.append(Cell(not_evaluated))
                    continue
                evaluated[kind.value].append(ref)
                row.append(Cell(evaluation_summary(evaluation), evaluation.evidence_url))
            rows.append(row)
        figures = [
            Figure(
                f"evaluated-{kind.value}",
                _("Agreements in force evaluated by: %(evaluator)s") % {"evaluator": kind.label},
                len(evaluated[kind.value]),
                evaluated[kind.value],
            )
            for kind in EvaluatorKind
        ]
        tables = []
        if rows:
            tables.append(
                Table(
                    "table-evaluations",
                    _("Evaluation of the benefits of each agreement in force"),
                    [_("Agreement"), *(str(kind.label) for kind in EvaluatorKind)],
                    rows,
                    note=_(
                        "Rating scale: 1 no benefit observed, 2 limited, 3 moderate, "
                        "4 significant, 5 outstanding. Each evaluator records its own "
                        "evaluation; neither can change the other's."
                    ),
                )
            )
        return Section(
            "evaluations",
            _("Evaluation of the agreements (Article 20)"),
            _(
                "For every agreement in force, the evaluation of its benefits in the semester, "
                "quantitative and qualitative, by the government and by the City Congress."
            ),
            figures,
            tables,
            empty=_("No agreement was in force at the end of the period."),
        )

    # --- indicators ----------------------------------------------------------------------

    def indicators_section(self) -> Section:
        from .indicators import indicators_section

        return indicators_section(self)

    # --- participation and data quality -----------------------------------------------------

    def participation_section(self) -> Section:
        figures = (
            public(PublishedFigure, self.government)
            .filter(
                (
                    Q(period_end__isnull=False)
                    & under_way("period_start", "period_end", self.start, self.end)
                )
                | (Q(period_end=None) & in_period("period_start", self.start, self.end))
            )
            .order_by("group", "pk")
        )
        figures = list(figures.distinct())
        transparency = portal_url("transparency", self.slug)
        rows = [
            [
                Cell(localized(f, "group")),
                Cell(localized(f, "label") or _("Total")),
                Cell(published_value(f)),
            ]
            for f in figures
        ]
        figure = self.figure(
            "participation-figures",
            _("Published figures on the period (surveys, consultations, attendance)"),
            [
                RecordRef(
                    f"{localized(f, 'group')} · {localized(f, 'label') or _('Total')}",
                    f"{transparency}#figure-{f.pk}",
                )
                for f in figures
            ],
            transparency,
        )
        tables = []
        if rows:
            tables.append(
                Table(
                    "table-participation",
                    _("Published figures on the period"),
                    [_("What is counted"), _("Category"), _("Value")],
                    rows,
                )
            )
        return Section(
            "participation",
            _("Participation"),
            _(
                "Figures the government has published about citizens' participation and the "
                "public's response — surveys, consultations, attendance — for the period."
            ),
            [figure],
            tables,
        )

    def quality_section(self) -> Section:
        flags = public(QualityFlag, self.government).filter(status=FlagStatus.OPEN)
        transparency = portal_url("transparency", self.slug)
        records = sorted(
            (RecordRef(localized(f, "title"), f"{transparency}#flag-{f.pk}") for f in flags),
            key=lambda r: sort_key(r.label),
        )
        figure = self.figure(
            "quality-flags-open", _("Open data-quality flags"), records, transparency
        )
        return Section(
            "quality",
            _("Data quality"),
            _(
                "Known problems in the data that are still open: contradictions in the sources, "
                "ambiguous or missing information. The figures above may be affected."
            ),
            [figure],
        )


def published_value(figure: PublishedFigure) -> str:
    """A published figure's value with its unit: 94 %, 5.366, 2.000.000,00 EUR."""
    value = figure.value
    text = format_value(int(value) if value == value.to_integral_value() else value)
    if figure.unit == "percent":
        return f"{text} %"
    return f"{text} {figure.currency}" if figure.currency else text


def evaluation_summary(evaluation: BenefitEvaluation) -> str:
    """One evaluation in a line: its rating, figures and assessment."""
    parts = [
        str(evaluation.get_rating_display()),
        _("exchanges: %(n)s") % {"n": evaluation.exchanges},
        _("people trained: %(n)s") % {"n": evaluation.people_trained},
        _("projects: %(n)s") % {"n": evaluation.projects},
    ]
    if evaluation.funds_amount is not None:
        parts.append(
            _("funds: %(amount)s %(currency)s")
            % {
                "amount": format_value(evaluation.funds_amount),
                "currency": evaluation.funds_currency,
            }
        )
    text = "; ".join(parts) + ". " + evaluation.narrative.strip()
    if evaluation.evidence_notes.strip():
        text += " " + _("Evidence: %(notes)s") % {"notes": evaluation.evidence_notes.strip()}
    return text


def method_notes() -> list[str]:
    return [
        _(
            "Every figure counts the records this government has published on its portal; "
            "internal and unpublished records are never counted."
        ),
        _(
            "A record is in the period when its date overlaps it: a record dated only by its "
            "year counts in both semesters of that year; records without a date are left out."
        ),
        _(
            "Each figure links to the list of the records behind it, at the end of the report, "
            "and to the portal's explorer with the closest filters (the explorer filters by "
            "whole years)."
        ),
    ]


def build_semiannual(
    government: HomeGovernment, semester: Semester, *, progress: Progress = _noop
) -> ReportContent:
    """The semiannual report of ``government`` for ``semester``, from its public records.
    ``progress(label)`` is called before each section."""
    builder = Builder(government, semester.start, semester.end)
    sections = []
    progress(_("Agreements"))
    agreements, in_force = builder.agreements_section()
    sections.append(agreements)
    for label, build in (
        (_("Activities"), builder.activities_section),
        (_("Projects and funds"), builder.projects_section),
        (_("City networks"), builder.networks_section),
        (_("Awards and recognitions"), builder.awards_section),
        (_("Indicators"), builder.indicators_section),
    ):
        progress(label)
        sections.append(build())
    progress(_("Evaluation of the agreements (Article 20)"))
    sections.append(builder.evaluations_section(in_force, semester))
    progress(_("Participation and data quality"))
    sections.append(builder.participation_section())
    sections.append(builder.quality_section())
    return ReportContent(
        government=government,
        title=_("Report on international action · %(period)s") % {"period": semester.label},
        subtitle=_(
            "Semiannual report to the City Congress and to the citizens (Article 20): "
            "agreements and international actions, and the evaluation of their benefits."
        ),
        period_start=semester.start,
        period_end=semester.end,
        computed_on=timezone.localdate(),
        sections=sections,
        method=method_notes(),
    )


#: Steps a semiannual build reports: its sections, then the three formats.
SEMIANNUAL_STEPS = 8
