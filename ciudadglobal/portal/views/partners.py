"""Who the home government works with abroad, and where: the partner pages and the world map.

Every figure here comes from ``relations``, like the home page's map and counts. A *partner*
is a public foreign actor named in at least one public relation (a party to an agreement, a
counterpart of an activity, a participant in a project, a network). A city or regional
government is also credited with the public relations that took place in the territory it
governs: the official trip to Paris belongs to the relationship with Paris, as the map's circle
for Paris counts it.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from itertools import groupby
from typing import NamedTuple

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.paginator import Paginator
from django.db.models import CharField, F, Q, QuerySet, Value
from django.db.models.functions import Coalesce, NullIf
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_countries import countries as iso_countries

from ciudadglobal.activities.models import Activity
from ciudadglobal.actors.models import HOME_KINDS, Actor, ActorKind
from ciudadglobal.agreements.models import Agreement, AgreementStatus
from ciudadglobal.core.models import is_published, localized
from ciudadglobal.core.text import fold as folded
from ciudadglobal.networks.models import NetworkMembership
from ciudadglobal.places.regions import Region, region_of
from ciudadglobal.projects.models import Project
from ciudadglobal.taxonomy.models import Theme
from ciudadglobal.tenants.models import HomeGovernment

from ..relations import Relation, RelationKind, partner_spans, partners, relations
from ..selectors import partner_map, portal_government, public
from ..worldmap import intensity_classes

PAGE_SIZE = 25

FOREIGN_KINDS = [(kind.value, kind.label) for kind in ActorKind if kind.value not in HOME_KINDS]


# --- Reading the relations -----------------------------------------------------------------


def public_themes(government: HomeGovernment) -> QuerySet[Theme]:
    """The government's themes that at least one public relation carries."""
    used = (
        Q(pk__in=public(Agreement, government).values("themes"))
        | Q(pk__in=public(Activity, government).values("themes"))
        | Q(pk__in=public(Project, government).values("themes"))
        | Q(pk__in=public(NetworkMembership, government).values("network__themes"))
    )
    return Theme.objects.for_government(government).filter(used).select_related("parent")


def country_of(actor: Actor) -> str:
    """The ISO code of the actor's country, or of its place's when only that is recorded."""
    if actor.country:
        return actor.country.code
    return actor.place.country.code if actor.place_id else ""


#: ``country_of`` in SQL, for a queryset of actors.
COUNTRY_OF = Coalesce(
    NullIf(F("country"), Value("")), F("place__country"), Value(""), output_field=CharField()
)


def country_name(code: str) -> str:
    return str(iso_countries.name(code)) if code else ""


def years(found: list[Relation]) -> list[int]:
    return [relation.date.year for relation in found if relation.date is not None]


# --- Partner list --------------------------------------------------------------------------

SORTS = (("relations", gettext_lazy("Number of relations")), ("name", gettext_lazy("Name")))


class _Candidate(NamedTuple):
    """What the partner list filters and sorts an actor by (``country``: ``country_of``)."""

    pk: int
    kind: str
    country: str
    name: str
    name_en: str
    acronym: str


class PartnerFilterForm(forms.Form):
    q = forms.CharField(label=gettext_lazy("Name"), required=False, max_length=100)
    kind = forms.ChoiceField(
        label=gettext_lazy("Kind of partner"),
        required=False,
        choices=[("", gettext_lazy("All kinds")), *FOREIGN_KINDS],
    )
    country = forms.ChoiceField(label=gettext_lazy("Country"), required=False)
    region = forms.ChoiceField(
        label=gettext_lazy("Region"),
        required=False,
        choices=[("", gettext_lazy("All regions")), *Region.choices],
    )
    theme = forms.ModelChoiceField(
        label=gettext_lazy("Theme"),
        required=False,
        queryset=Theme.objects.none(),
        empty_label=gettext_lazy("All themes"),
    )
    sort = forms.ChoiceField(required=False, choices=SORTS, widget=forms.HiddenInput)

    def __init__(self, data, *, government: HomeGovernment):
        super().__init__(data, label_suffix="")
        self.fields["theme"].queryset = public_themes(government)
        self.fields["country"].choices = [("", _("All countries")), *iso_countries]

    def offer_countries(self, codes: set[str]) -> None:
        """List only ``codes`` (and the one chosen) in the country menu, by name."""
        codes = {*codes, self.cleaned_data.get("country", "")} - {""}
        named = sorted((folded(country_name(code)), country_name(code), code) for code in codes)
        self.fields["country"].choices = [
            ("", _("All countries")),
            *((code, name) for _key, name, code in named),
        ]

    def matches(self, actor: _Candidate) -> bool:
        data = self.cleaned_data
        if data.get("kind") and actor.kind != data["kind"]:
            return False
        if data.get("country") and actor.country != data["country"]:
            return False
        if data.get("region") and region_of(actor.country) != data["region"]:
            return False
        if query := folded(data.get("q", "").strip()):
            names = (actor.name, actor.name_en, actor.acronym)
            return any(query in folded(name) for name in names)
        return True


@dataclass(frozen=True)
class PartnerRow:
    partner: Actor
    country: str  # its name, in the active language
    relations: int
    first_year: int | None
    last_year: int | None


def partner_list(request: HttpRequest, government: str) -> HttpResponse:
    """``portal/partner_list.html``: the partners of the public relations, filtered by kind,
    country, region, theme and name, sorted by number of relations or name, 25 a page.

    Context: ``government``, ``form``, ``page`` (of ``PartnerRow``), ``count``, ``sort``.
    """
    government = portal_government(government)
    form = PartnerFilterForm(request.GET, government=government)
    form.is_valid()  # invalid values are shown with their error and not applied
    spans = partner_spans(government, theme=form.cleaned_data.get("theme"))
    # Every public foreign actor, as a few columns: those with relations are the partners.
    actors = public(Actor, government).foreign().annotate(code=COUNTRY_OF).order_by()
    fields = ("pk", "kind", "code", "name", "name_en", "acronym")
    found = [_Candidate._make(row) for row in actors.values_list(*fields) if row[0] in spans]
    form.offer_countries({actor.country for actor in found})
    rows = [actor for actor in found if form.matches(actor)]
    sort = form.cleaned_data.get("sort") or "relations"
    rows.sort(key=lambda row: folded(localized(row, "name")))
    if sort == "relations":
        rows.sort(key=lambda row: -spans[row.pk].relations)  # stable: equal counts stay by name
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    shown = Actor.objects.select_related("place").in_bulk([row.pk for row in page])
    page.object_list = [
        PartnerRow(
            shown[row.pk],
            country_name(row.country),
            spans[row.pk].relations,
            spans[row.pk].first_year,
            spans[row.pk].last_year,
        )
        for row in page
    ]
    context = {
        "government": government,
        "form": form,
        "page": page,
        "count": len(rows),
        "sort": sort,
    }
    return render(request, "portal/partner_list.html", context)


# --- One partner ---------------------------------------------------------------------------

ENTRY_LABELS = {
    RelationKind.AGREEMENT: gettext_lazy("Agreement"),
    RelationKind.ACTIVITY: gettext_lazy("Activity"),
    RelationKind.PROJECT: gettext_lazy("Project"),
    RelationKind.NETWORK: gettext_lazy("Network membership"),
}


@dataclass(frozen=True)
class TimelineEntry:
    """One relation as the partner's timeline shows it."""

    record: object
    kind: str
    label: str
    title: str
    details: list[str]
    when: str
    located: str  # the place it happened in, when the partner is credited by place only


def _period(start, end) -> str:
    """ "2014–2016", "marzo de 2014 – 2015"; an end alone is not a period worth showing."""
    if not start:
        return ""
    first, last = start.format(), end.format() if end and end != start else ""
    if not last:
        return first
    return f"{first} – {last}" if " " in first + last else f"{first}–{last}"


def _entry(relation: Relation, partner: Actor, statuses: dict[int, str]) -> TimelineEntry:
    record = relation.record
    if relation.kind == RelationKind.AGREEMENT:
        title = localized(record, "title")
        details = [record.get_kind_display()]
        if record.pk in statuses:
            details.append(AgreementStatus(statuses[record.pk]).label)
        when = record.signed.format() if record.signed else ""
    elif relation.kind == RelationKind.ACTIVITY:
        title, details = localized(record, "title"), [record.get_kind_display()]
        when = _period(record.start, record.end)
    elif relation.kind == RelationKind.PROJECT:
        title, details = localized(record, "title"), [record.get_status_display()]
        when = _period(record.start, record.end)
    else:
        title, details = localized(record.network, "name"), []
        when = _period(record.joined, record.left)
    located = ""
    if partner not in relation.partners:
        located = next(localized(p, "name") for p in relation.places if p.pk == partner.place_id)
    return TimelineEntry(
        record,
        relation.kind,
        ENTRY_LABELS[relation.kind],
        title,
        [str(detail) for detail in details],
        when,
        located,
    )


def partner_detail(request: HttpRequest, government: str, pk: int) -> HttpResponse:
    """``portal/partner_detail.html``: a partner's whole public relationship with the
    government, as a timeline grouped by year (undated records last), with its country, city,
    parent organization, shared themes and counts per kind of relation.

    Context: ``government``, ``partner``, ``country`` (name), ``country_code``, ``region``,
    ``parent`` and ``parent_has_page``, ``members`` (its bodies that are partners too), ``since``,
    ``counts`` (kind, label, number), ``total``, ``themes``, ``timeline`` (year or None, entries).
    404 unless the actor is a public foreign actor of this government in a public relation.
    """
    government = portal_government(government)
    partner = partners(government).select_related("parent", "place").filter(pk=pk).first()
    found = relations(government, partner=partner) if partner else []
    if not found:
        raise Http404(_("This government has no public relation with this partner."))
    agreements = [r.record.pk for r in found if r.kind == RelationKind.AGREEMENT]
    statuses = dict(
        Agreement.objects.filter(pk__in=agreements)
        .with_status(public=True)
        .values_list("pk", "status")
    )
    entries = [(r.date.year if r.date else None, _entry(r, partner, statuses)) for r in found]
    timeline = [
        (year, [entry for _year, entry in group])
        for year, group in groupby(entries, key=lambda item: item[0])
    ]
    by_kind = Counter(relation.kind for relation in found)
    theme_ids = set().union(*(relation.theme_ids for relation in found))
    parent = partner.parent
    if parent is not None and not is_published(parent):
        parent = None
    # Its bodies that are partners too, and its parent if that is a partner.
    kin = list(partners(government).filter(Q(parent=partner) | Q(pk=partner.parent_id)))
    code = country_of(partner)
    region = region_of(code)
    context = {
        "government": government,
        "partner": partner,
        "country": country_name(code),
        "country_code": code,
        "region": region.label if region else "",
        "parent": parent,
        "parent_has_page": parent is not None and parent in kin,
        "members": sorted(
            (actor for actor in kin if actor.parent_id == partner.pk),
            key=lambda actor: folded(localized(actor, "name")),
        ),
        "since": min(years(found), default=None),
        "counts": [(kind, label, by_kind[kind]) for kind, label in RelationKind.CHOICES],
        "total": len(found),
        "themes": sorted(
            Theme.objects.for_government(government)
            .filter(pk__in=theme_ids)
            .select_related("parent"),
            key=lambda theme: folded(str(theme)),
        ),
        "timeline": timeline,
    }
    return render(request, "portal/partner_detail.html", context)


# --- World map -----------------------------------------------------------------------------


class MapFilterForm(forms.Form):
    relation = forms.MultipleChoiceField(
        label=gettext_lazy("Kind of relation"),
        required=False,
        choices=RelationKind.CHOICES,
        widget=forms.CheckboxSelectMultiple,
    )
    theme = forms.ModelChoiceField(
        label=gettext_lazy("Theme"),
        required=False,
        queryset=Theme.objects.none(),
        empty_label=gettext_lazy("All themes"),
    )
    year_from = forms.IntegerField(
        label=gettext_lazy("From year"), required=False, min_value=1, max_value=9999
    )
    year_to = forms.IntegerField(
        label=gettext_lazy("To year"), required=False, min_value=1, max_value=9999
    )

    def __init__(self, data, *, government: HomeGovernment):
        super().__init__(data, label_suffix="")
        self.fields["theme"].queryset = public_themes(government)

    def clean(self):
        data = super().clean()
        first, last = data.get("year_from"), data.get("year_to")
        if first is not None and last is not None and first > last:
            raise ValidationError(
                _("The first year comes after the last one."), code="years_reversed"
            )
        return data

    def filters(self) -> dict:
        """The valid filters, as ``world_map_data`` takes them (a reversed period is dropped)."""
        self.is_valid()
        data = self.cleaned_data
        reversed_years = self.has_error(NON_FIELD_ERRORS, "years_reversed")
        return {
            "kinds": data.get("relation") or (),
            "theme": data.get("theme"),
            "year_from": None if reversed_years else data.get("year_from"),
            "year_to": None if reversed_years else data.get("year_to"),
        }


def world_map(request: HttpRequest, government: str) -> HttpResponse:
    """``portal/map.html``: the world map of the public relations, filtered by kind of
    relation, theme and period, with its legend and its data as tables.

    Context: ``government``, ``form``, ``world_map`` (SVG), ``legend`` ((low, high) per
    class), ``countries`` and ``cities`` (``MapCountry``/``MapCity``, most relations first).
    """
    government = portal_government(government)
    form = MapFilterForm(request.GET, government=government)
    found = partner_map(
        government,
        description=_(
            "Countries shaded by the number of the chosen agreements, activities, projects and "
            "networks that involve them; circles mark cities. The same data follow as tables."
        ),
        **form.filters(),
    )
    context = {
        "government": government,
        "form": form,
        "world_map": found.svg,
        "legend": intensity_classes(country.value for country in found.countries),
        "countries": found.countries,
        "cities": found.cities,
    }
    return render(request, "portal/map.html", context)


urlpatterns = [
    path("partners/", partner_list, name="partner-list"),
    path("partners/<int:pk>/", partner_detail, name="partner-detail"),
    path("map/", world_map, name="map"),
]
