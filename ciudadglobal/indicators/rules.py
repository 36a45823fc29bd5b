"""Indicators computed from the registry: each a plain, named function over one period.

A rule reads one home government's registry for the period ``[start, end]`` (two dates,
inclusive) and returns a :class:`Measurement`: the headline value and its disaggregations. Rules
are registered in :data:`RULES` by name; an indicator definition names the rule that computes it.

By default a rule reads only what the public may see (``published()``, through
``portal.selectors.public``): its result is shown on the portal and in the reports to Congress
and citizens, which must never reveal an internal record, not even as a count. Staff tools may
pass ``public=False`` to count the whole registry.

Two ways of placing records in time, both on partial dates and never inventing a day:

* **stocks** stand on the period's last day: agreements in force, positions held, memberships.
  They reuse the agreements' ``with_status``/``in_force`` and the partial-date rules of
  ``core.partialdates``.
* **flows** count what happened in the period: a record counts when its date lies entirely
  within the period. A date known only more coarsely (a year, for a semester) cannot be placed
  in either half: it is left out of the semester's value and counted in the disaggregation
  ``date_precision`` → ``coarser``, so the yearly observation still includes it.
* **activity spans** (who was active in the period) count an activity whose span may overlap
  the period: it started by the last day and had not ended before the first. An activity dated
  only "2014" is active in both semesters of 2014.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.db import models
from django.db.models import Q, Value
from django.db.models.functions import Length, Substr
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django_countries import countries as django_countries

from ciudadglobal.activities.models import Activity, ActivityKind
from ciudadglobal.actors.models import HOME_KINDS
from ciudadglobal.agreements.models import Agreement
from ciudadglobal.awards.models import Award, AwardResult
from ciudadglobal.core.models import localized
from ciudadglobal.core.partialdates import begun_q
from ciudadglobal.networks.models import NetworkMembership, NetworkPosition
from ciudadglobal.places.regions import Region, region_of
from ciudadglobal.portal.relations import country_counts
from ciudadglobal.portal.selectors import public as public_records
from ciudadglobal.projects.models import Funding, Project

Number = Decimal | int


class Dimension(models.TextChoices):
    """The book's three dimensions for measuring international action (line 3340)."""

    INSTITUTIONAL = "institutional", _("Institutional")
    POLITICAL = "political", _("Political")
    TERRITORIAL = "territorial", _("Territorial")


class Unit(models.TextChoices):
    NUMBER = "number", _("Number")
    PERCENT = "percent", _("Percentage")
    MONEY = "money", _("Amount of money")


@dataclass(frozen=True)
class Category:
    """One category of a disaggregation: a stable key, its label and its value."""

    key: str
    label: str
    value: Number


@dataclass
class Measurement:
    """A rule's result for one period: the headline value and its disaggregations, each a
    list of categories under a name ("region", "kind", "date_precision"…)."""

    value: Number
    breakdowns: dict[str, list[Category]] = field(default_factory=dict)


@dataclass(frozen=True)
class Rule:
    """A named computation over the registry."""

    name: str
    label: Promise
    description: Promise
    unit: str
    dimension: str
    function: Callable[..., Measurement]
    currency: str = ""

    def measure(self, government, start: date, end: date, *, public: bool = True) -> Measurement:
        if start > end:
            raise ValueError("a period cannot end before it starts")
        return self.function(government, start, end, public=public)

    def compute(self, government, start: date, end: date, *, public: bool = True) -> Number:
        """The headline value only."""
        return self.measure(government, start, end, public=public).value


BREAKDOWN_LABELS: dict[str, Promise] = {
    "kind": _("Kind"),
    "status": _("Status"),
    "region": _("Region"),
    "country": _("Country"),
    "department": _("Department"),
    "network": _("Network"),
    "funder": _("Funder"),
    "activity": _("Activity in the last 12 months"),
    "date_precision": _("Date precision"),
    "sdg": _("SDG alignment"),
}

NO_REGION = _("No region")
WITHIN = _("Dated within the period")
COARSER = _("Dated only more coarsely (counted in the year)")


def _fixed_labels() -> dict[str, dict[str, str]]:
    yes_no = {
        "with": _("With activity"),
        "without": _("Without activity"),
        "aligned": _("Naming an SDG target"),
        "not_aligned": _("Naming none"),
        "within": WITHIN,
        "coarser": COARSER,
    }
    return {
        "region": {**dict(Region.choices), "": NO_REGION},
        "kind": dict(Agreement._meta.get_field("kind").flatchoices),
        "status": dict(Project._meta.get_field("status").flatchoices),
        "activity": yes_no,
        "sdg": yes_no,
        "date_precision": yes_no,
    }


def category_label(breakdown: str, key: str, stored: str = "") -> str:
    """A category's label in the active language: the vocabulary's own label for fixed
    breakdowns (regions, kinds…), the country's name, else the label stored with it (the name
    of a department, network or funder)."""
    if breakdown == "country":
        return _country_name(key)
    label = _fixed_labels().get(breakdown, {}).get(key)
    return str(label) if label is not None else stored or key


# ---------------------------------------------------------------------------------------------
# Reading the registry


def _records(model: type[models.Model], government, public: bool) -> models.QuerySet:
    if public:
        return public_records(model, government)
    return model._default_manager.for_government(government)


def _coarse_values(start: date, end: date) -> tuple[list[str], list[str]]:
    """The year and month values that overlap [start, end]: those lying entirely within it,
    and those reaching outside it."""
    within, outside = [], []
    for year in range(start.year, end.year + 1):
        first, last = date(year, 1, 1), date(year, 12, 31)
        (within if first >= start and last <= end else outside).append(f"{year:04d}")
        for month in range(1, 13):
            first = date(year, month, 1)
            last = (date(year + month // 12, month % 12 + 1, 1)) - timedelta(days=1)
            if last < start or first > end:
                continue
            (within if first >= start and last <= end else outside).append(
                f"{year:04d}-{month:02d}"
            )
    return within, outside


def _within_q(field_name: str, start: date, end: date) -> Q:
    """The partial date ``field_name`` lies entirely within [start, end]: its first possible
    day is on or after ``start`` and its last on or before ``end`` (NULL never matches)."""
    within, outside = _coarse_values(start, end)
    in_range = Q(**{f"{field_name}__gte": start.isoformat(), f"{field_name}__lte": end.isoformat()})
    return (in_range & ~Q(**{f"{field_name}__in": outside})) | Q(**{f"{field_name}__in": within})


def _coarser_q(field_name: str, start: date, end: date) -> Q:
    """The partial date ``field_name`` overlaps [start, end] but is too coarse to lie within
    it (a year, for a semester)."""
    return Q(**{f"{field_name}__in": _coarse_values(start, end)[1]})


def _not_ended_q(field_name: str, on: date) -> Q:
    """The partial date ``field_name`` has not ended before ``on`` (NULL never matches)."""
    return Q(**{f"{field_name}__gte": Substr(Value(on.isoformat()), 1, Length(field_name))})


def _active_q(start: date, end: date, start_field: str = "start", end_field: str = "end") -> Q:
    """The span [start_field, end_field] (a one-day record when the end is empty) may overlap
    [start, end]."""
    return begun_q(start_field, end) & (
        _not_ended_q(end_field, start)
        | (Q(**{f"{end_field}__isnull": True}) & _not_ended_q(start_field, start))
    )


def _precision(records: models.QuerySet, field_name: str, start: date, end: date) -> list:
    within = records.filter(_within_q(field_name, start, end)).count()
    coarser = records.filter(_coarser_q(field_name, start, end)).count()
    return [Category("within", str(WITHIN), within), Category("coarser", str(COARSER), coarser)]


def _ranked(counter: Counter, labels: dict[str, str]) -> list[Category]:
    """Categories largest first, then by label."""
    return [
        Category(key, labels.get(key, key), value)
        for key, value in sorted(counter.items(), key=lambda kv: (-kv[1], labels.get(kv[0], "")))
    ]


def _regions(counter: Counter) -> list[Category]:
    """Every region in the book's order, with 0 where there is none; then "no region"."""
    rows = [
        Category(region.value, str(region.label), counter.get(region.value, 0)) for region in Region
    ]
    if counter.get(""):
        rows.append(Category("", str(NO_REGION), counter[""]))
    return rows


def _country_name(code: str) -> str:
    return str(django_countries.name(code)) or code


def _foreign_regions(government, agreements: models.QuerySet) -> Counter:
    """How many of ``agreements`` have a foreign party in each region ("" when none does)."""
    regions_of: dict[int, set[str]] = defaultdict(set)
    for pk, kind, country in agreements.values_list(
        "pk", "parties__actor__kind", "parties__actor__country"
    ):
        regions = regions_of[pk]
        if kind not in HOME_KINDS and country and country != government.country:
            region = region_of(country)
            if region is not None:
                regions.add(region.value)
    counter: Counter = Counter()
    for regions in regions_of.values():
        counter.update(regions or {""})
    return counter


# ---------------------------------------------------------------------------------------------
# The rules


def agreements_in_force(government, start: date, end: date, *, public: bool = True) -> Measurement:
    """Agreements in force on the period's last day (the agreements' own status rule), by kind
    and by the region of their foreign parties."""
    agreements = _records(Agreement, government, public).in_force(end, public=public)
    kinds = Counter(agreements.values_list("kind", flat=True))
    labels = {k: str(v) for k, v in Agreement._meta.get_field("kind").flatchoices}
    return Measurement(
        sum(kinds.values()),
        {
            "kind": _ranked(kinds, labels),
            "region": _regions(_foreign_regions(government, agreements)),
        },
    )


def year_before(end: date) -> date:
    """The first day of the 12 months that end on ``end``."""
    try:
        earlier = end.replace(year=end.year - 1)
    except ValueError:  # 29 February
        earlier = end.replace(year=end.year - 1, day=28)
    return earlier + timedelta(days=1)


def agreements_with_recent_activity(
    government, start: date, end: date, *, public: bool = True
) -> Measurement:
    """The share (%) of the agreements in force on the period's last day that have an activity
    linked to them during the 12 months up to that day; 0 when none is in force."""
    agreements = _records(Agreement, government, public).in_force(end, public=public)
    activities = _records(Activity, government, public).filter(_active_q(year_before(end), end))
    in_force = set(agreements.values_list("pk", flat=True))
    active = (
        set(activities.filter(agreements__in=in_force).values_list("agreements", flat=True))
        & in_force
    )
    share = (
        (Decimal(100) * len(active) / len(in_force)).quantize(Decimal("0.1"), ROUND_HALF_UP)
        if in_force
        else Decimal(0)
    )
    return Measurement(
        share,
        {
            "activity": [
                Category("with", str(_("With activity")), len(active)),
                Category("without", str(_("Without activity")), len(in_force) - len(active)),
            ]
        },
    )


def agreements_signed(government, start: date, end: date, *, public: bool = True) -> Measurement:
    """Agreements signed within the period, by kind (a signature dated only more coarsely is
    counted in ``date_precision``)."""
    agreements = _records(Agreement, government, public)
    signed = agreements.filter(_within_q("signed", start, end))
    labels = {k: str(v) for k, v in Agreement._meta.get_field("kind").flatchoices}
    return Measurement(
        signed.count(),
        {
            "kind": _ranked(Counter(signed.values_list("kind", flat=True)), labels),
            "region": _regions(_foreign_regions(government, signed)),
            "date_precision": _precision(agreements, "signed", start, end),
        },
    )


def departments_active(government, start: date, end: date, *, public: bool = True) -> Measurement:
    """Departments of the home government taking part in an activity active in the period; the
    disaggregation counts each department's activities."""
    activities = _records(Activity, government, public).filter(_active_q(start, end))
    counter: Counter = Counter()
    labels: dict[str, str] = {}
    for pk, name, name_en in activities.exclude(departments=None).values_list(
        "departments__pk", "departments__name", "departments__name_en"
    ):
        key = str(pk)
        counter[key] += 1
        labels[key] = localized(_Named(name, name_en), "name")
    return Measurement(len(counter), {"department": _ranked(counter, labels)})


@dataclass(frozen=True)
class _Named:
    name: str
    name_en: str


def partner_countries(government, start: date, end: date, *, public: bool = True) -> Measurement:
    """Foreign countries of the partners and places of the public relations (agreements,
    activities, projects, network memberships) whose date lies within the period, by region.

    Uses the portal's one reading of relations, so the map and this figure agree; relations are
    public by definition, so ``public=False`` reads the same."""
    countries = set(country_counts(government, dated=lambda field: _within_q(field, start, end)))
    by_region: Counter = Counter()
    for code in countries:
        region = region_of(code)
        by_region[region.value if region else ""] += 1
    return Measurement(
        len(countries),
        {
            "region": _regions(by_region),
            "country": [
                Category(c, _country_name(c), 1) for c in sorted(countries, key=_country_name)
            ],
        },
    )


def _activities_of_kind(kind: str, breakdown: str) -> Callable[..., Measurement]:
    def rule(government, start: date, end: date, *, public: bool = True) -> Measurement:
        activities = _records(Activity, government, public).filter(kind=kind)
        found = activities.filter(_within_q("start", start, end))
        countries_of: dict[int, set[str]] = defaultdict(set)
        for pk, *codes in found.values_list("pk", "places__country", "counterparts__country"):
            countries_of[pk].update(c for c in codes if c and c != government.country)
        counter: Counter = Counter()
        for codes in countries_of.values():
            counter.update({(region_of(c).value if region_of(c) else "") for c in codes} or {""})
        return Measurement(
            len(countries_of),
            {
                "region": _regions(counter),
                "date_precision": _precision(activities, "start", start, end),
            },
        )

    rule.__doc__ = breakdown
    return rule


guests_received = _activities_of_kind(
    ActivityKind.INCOMING_VISIT,
    "Incoming visits and distinguished guests received within the period, by the region of "
    "the guests' countries.",
)
official_trips = _activities_of_kind(
    ActivityKind.OFFICIAL_TRIP,
    "Official trips abroad begun within the period, by the region of the places visited.",
)
technical_missions = _activities_of_kind(
    ActivityKind.TECHNICAL_MISSION,
    "Technical exchange missions begun within the period, by region.",
)


def network_positions(government, start: date, end: date, *, public: bool = True) -> Measurement:
    """Positions held in city networks on the period's last day, by network: begun by then (or
    of unknown start) and not ended before it (an empty end means still held)."""
    positions = _records(NetworkPosition, government, public).filter(
        (begun_q("start", end) | Q(start__isnull=True))
        & (Q(end__isnull=True) | _not_ended_q("end", end))
    )
    counter: Counter = Counter()
    labels: dict[str, str] = {}
    for pk, name, name_en in positions.values_list(
        "membership__network__pk", "membership__network__name", "membership__network__name_en"
    ):
        counter[str(pk)] += 1
        labels[str(pk)] = localized(_Named(name, name_en), "name")
    return Measurement(sum(counter.values()), {"network": _ranked(counter, labels)})


def network_memberships(government, start: date, end: date, *, public: bool = True) -> Measurement:
    """City networks the home government belongs to on the period's last day (joined by then,
    not left before it)."""
    memberships = _records(NetworkMembership, government, public).filter(
        begun_q("joined", end) & (Q(left__isnull=True) | _not_ended_q("left", end))
    )
    counter: Counter = Counter()
    labels: dict[str, str] = {}
    for pk, name, name_en in memberships.values_list(
        "network__pk", "network__name", "network__name_en"
    ):
        counter[str(pk)] += 1
        labels[str(pk)] = localized(_Named(name, name_en), "name")
    return Measurement(sum(counter.values()), {"network": _ranked(counter, labels)})


def awards_won(government, start: date, end: date, *, public: bool = True) -> Measurement:
    """International awards won within the period."""
    awards = _records(Award, government, public).filter(result=AwardResult.WON)
    return Measurement(
        awards.filter(_within_q("date", start, end)).count(),
        {"date_precision": _precision(awards, "date", start, end)},
    )


def projects_active(government, start: date, end: date, *, public: bool = True) -> Measurement:
    """Cooperation projects under way at some time in the period: started by its last day and
    not ended before its first (an empty end means still under way)."""
    projects = _records(Project, government, public).filter(
        begun_q("start", end) & (Q(end__isnull=True) | _not_ended_q("end", start))
    )
    labels = {k: str(v) for k, v in Project._meta.get_field("status").flatchoices}
    return Measurement(
        projects.count(),
        {"status": _ranked(Counter(projects.values_list("status", flat=True)), labels)},
    )


def sdg_aligned_activities(
    government, start: date, end: date, *, public: bool = True
) -> Measurement:
    """The share (%) of the activities begun within the period that name at least one SDG
    target; 0 when there is none."""
    activities = _records(Activity, government, public).filter(_within_q("start", start, end))
    total = activities.count()
    aligned = activities.exclude(sdg_targets=None).distinct().count()
    share = (
        (Decimal(100) * aligned / total).quantize(Decimal("0.1"), ROUND_HALF_UP)
        if total
        else Decimal(0)
    )
    return Measurement(
        share,
        {
            "sdg": [
                Category("aligned", str(_("Naming an SDG target")), aligned),
                Category("not_aligned", str(_("Naming none")), total - aligned),
            ]
        },
    )


def _funds(currency: str) -> Callable[..., Measurement]:
    def rule(government, start: date, end: date, *, public: bool = True) -> Measurement:
        fundings = _records(Funding, government, public).filter(currency=currency)
        found = fundings.filter(_within_q("date", start, end))
        counter: Counter = Counter()
        labels: dict[str, str] = {}
        for pk, name, name_en, amount in found.values_list(
            "funder__pk", "funder__name", "funder__name_en", "amount"
        ):
            counter[str(pk)] += amount
            labels[str(pk)] = localized(_Named(name, name_en), "name")
        total = sum(counter.values(), Decimal(0))
        coarser = sum(
            fundings.filter(_coarser_q("date", start, end)).values_list("amount", flat=True),
            Decimal(0),
        )
        return Measurement(
            total,
            {
                "funder": _ranked(counter, labels),
                "date_precision": [
                    Category("within", str(WITHIN), total),
                    Category("coarser", str(COARSER), coarser),
                ],
            },
        )

    rule.__doc__ = (
        f"Funds committed to public projects in {currency}, dated within the period, by funder."
    )
    return rule


FUND_CURRENCIES = ("MXN", "USD", "EUR")

_TEXTS: dict[str, tuple[Promise, Promise]] = {
    "agreements_in_force": (
        _("Agreements in force"),
        _("Agreements in force on the last day of the period."),
    ),
    "agreements_with_recent_activity": (
        _("Agreements in force with recent activity"),
        _(
            "Share of the agreements in force on the last day of the period with an activity "
            "linked to them in the 12 months up to that day."
        ),
    ),
    "agreements_signed": (
        _("Agreements signed"),
        _("Agreements signed within the period."),
    ),
    "departments_active": (
        _("Departments with international activity"),
        _("Departments of the government taking part in an activity during the period."),
    ),
    "partner_countries": (
        _("Partner countries"),
        _(
            "Foreign countries of the partners and places of the agreements, activities, "
            "projects and network memberships dated within the period."
        ),
    ),
    "guests_received": (
        _("Distinguished guests received"),
        _("Incoming visits and distinguished guests received within the period."),
    ),
    "official_trips": (
        _("Official trips abroad"),
        _("Official trips abroad begun within the period."),
    ),
    "technical_missions": (
        _("Technical exchange missions"),
        _("Technical exchange missions begun within the period."),
    ),
    "network_positions": (
        _("Positions held in city networks"),
        _("Positions held in city networks on the last day of the period."),
    ),
    "network_memberships": (
        _("City network memberships"),
        _("City networks the government belongs to on the last day of the period."),
    ),
    "awards_won": (_("International awards won"), _("Awards won within the period.")),
    "projects_active": (
        _("Cooperation projects under way"),
        _("Cooperation projects under way at some time in the period."),
    ),
    "sdg_aligned_activities": (
        _("Activities aligned with the SDGs"),
        _("Share of the activities begun within the period that name at least one SDG target."),
    ),
}

_FUNDS_LABEL = _("Funds mobilized (%(currency)s)")
_FUNDS_DESCRIPTION = _(
    "Funds committed to cooperation projects in %(currency)s, dated within the period."
)


class _Lazy:
    """A translated text with a parameter, evaluated in the active language when shown."""

    def __init__(self, text: Promise, **params: str) -> None:
        self.text, self.params = text, params

    def __str__(self) -> str:
        return str(self.text) % self.params


def _build() -> dict[str, Rule]:
    functions = {
        "agreements_in_force": (agreements_in_force, Unit.NUMBER, Dimension.INSTITUTIONAL),
        "agreements_with_recent_activity": (
            agreements_with_recent_activity,
            Unit.PERCENT,
            Dimension.INSTITUTIONAL,
        ),
        "agreements_signed": (agreements_signed, Unit.NUMBER, Dimension.INSTITUTIONAL),
        "departments_active": (departments_active, Unit.NUMBER, Dimension.POLITICAL),
        "partner_countries": (partner_countries, Unit.NUMBER, Dimension.POLITICAL),
        "guests_received": (guests_received, Unit.NUMBER, Dimension.POLITICAL),
        "official_trips": (official_trips, Unit.NUMBER, Dimension.POLITICAL),
        "technical_missions": (technical_missions, Unit.NUMBER, Dimension.TERRITORIAL),
        "network_positions": (network_positions, Unit.NUMBER, Dimension.INSTITUTIONAL),
        "network_memberships": (network_memberships, Unit.NUMBER, Dimension.INSTITUTIONAL),
        "awards_won": (awards_won, Unit.NUMBER, Dimension.INSTITUTIONAL),
        "projects_active": (projects_active, Unit.NUMBER, Dimension.TERRITORIAL),
        "sdg_aligned_activities": (sdg_aligned_activities, Unit.PERCENT, Dimension.TERRITORIAL),
    }
    rules = {
        name: Rule(name, *_TEXTS[name], unit, dimension, function)
        for name, (function, unit, dimension) in functions.items()
    }
    for currency in FUND_CURRENCIES:
        name = f"funds_mobilized_{currency.lower()}"
        rules[name] = Rule(
            name,
            _Lazy(_FUNDS_LABEL, currency=currency),
            _Lazy(_FUNDS_DESCRIPTION, currency=currency),
            Unit.MONEY,
            Dimension.TERRITORIAL,
            _funds(currency),
            currency=currency,
        )
    return rules


RULES: dict[str, Rule] = _build()


def rule_choices() -> list[tuple[str, str]]:
    return [(name, str(rule.label)) for name, rule in RULES.items()]
