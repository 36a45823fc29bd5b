"""The record explorers (agreements, activities, projects, networks, awards) and the detail page
of each public record, plans included.

An explorer is a GET form of faceted filters (``filters.py``), a text search (``search.py``),
sorting links and pages of 25; all its state lives in the address, so every view of the data
can be linked, bookmarked and read in the other language. Every query starts from
``selectors.public()``: internal records and other governments' records are in no list, count
or facet, and their detail addresses answer 404. Related records are filtered the same way.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.core.paginator import Paginator
from django.db.models import Prefetch, Q, QuerySet
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path

from ciudadglobal.activities.models import Activity, ActivityParticipant
from ciudadglobal.actors.models import Actor, Department
from ciudadglobal.agreements.models import Agreement, AgreementParty, Commitment
from ciudadglobal.awards.models import Award
from ciudadglobal.core.models import published_q
from ciudadglobal.networks.models import NetworkMembership, NetworkPosition
from ciudadglobal.projects.models import Funding, Project, ProjectParticipant
from ciudadglobal.strategy.models import Plan, PlanElement
from ciudadglobal.strategy.selectors import public_links
from ciudadglobal.taxonomy.models import SdgTarget
from ciudadglobal.tenants.models import HomeGovernment

from ..filters import (
    ActivityFilter,
    AgreementFilter,
    AwardFilter,
    ExplorerFilterSet,
    NetworkFilter,
    ProjectFilter,
)
from ..selectors import portal_government, public

PAGE_SIZE = 25


# --- Explorers -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Link:
    label: str
    url: str
    current: bool = False


def _address(query: QueryDict, **changes) -> str:
    """``?…`` for ``query`` with ``changes`` (None removes a parameter), always without page."""
    query = query.copy()
    for name, value in {**changes, "page": None}.items():
        query.pop(name, None)
        if value is not None:
            query[name] = value
    encoded = query.urlencode()
    return f"?{encoded}" if encoded else "?"


def _active_filters(filterset: ExplorerFilterSet, query: QueryDict) -> list[Link]:
    """Each filter in use, with the address of the same view without it."""
    form = filterset.form
    active = []
    for name, value in form.cleaned_data.items():
        if value in (None, "") or name in form.errors:
            continue
        field = form.fields[name]
        if name == "q":
            shown = f"“{value}”"
        else:
            shown = filterset.option_labels.get(name, {}).get(value, value)
        active.append(Link(f"{field.label}: {shown}", _address(query, **{name: None})))
    return active


def explore(
    request: HttpRequest,
    government: HomeGovernment,
    filterset_class: type[ExplorerFilterSet],
    queryset: QuerySet,
    template: str,
    *,
    select_related: tuple[str, ...] = (),
    prefetch_related: tuple = (),
) -> HttpResponse:
    """Render ``template`` with the records of ``queryset`` that the request's filters keep
    (after redirecting to the address without empty parameters, if any).

    Context: ``government``, ``filterset`` (its ``form`` is the filter form), ``page_obj``
    (25 records, with their related rows loaded), ``sort_links``, ``sort_label``,
    ``active_filters`` (each with the address without it), ``clear_url`` and
    ``sort_requested`` (kept by the form when chosen by a link)."""
    query = request.GET
    if any(value == "" for _name, values in query.lists() for value in values):
        # A GET form sends its empty controls too: answer with the address without them,
        # short enough to share ("?kind=twinning", not "?q=&kind=twinning&region=…").
        kept = QueryDict(mutable=True)
        for name, values in query.lists():
            if any(values):
                kept.setlist(name, [value for value in values if value != ""])
        return redirect(f"{request.path}?{kept.urlencode()}" if kept else request.path)
    filterset = filterset_class(query, queryset, government=government, request=request)
    sort = filterset.sort_value(query.get("sort"))
    records = (
        filterset.qs.order_by(*filterset.ordering(sort))
        .select_related(*select_related)
        .prefetch_related(*prefetch_related)
    )
    page_obj = Paginator(records, PAGE_SIZE).get_page(query.get("page"))
    options = filterset.sort_options()
    context = {
        "government": government,
        "filterset": filterset,
        "page_obj": page_obj,
        "page_range": page_obj.paginator.get_elided_page_range(page_obj.number, on_ends=1),
        "sort": sort,
        "sort_label": options[sort],
        "sort_links": [
            Link(label, _address(query, sort=value), value == sort)
            for value, label in options.items()
        ],
        "active_filters": _active_filters(filterset, query),
        "clear_url": request.path,
        "sort_requested": sort if query.get("sort") == sort else "",
    }
    return render(request, template, context)


def _public_actors() -> QuerySet:
    return Actor.objects.published()


def agreement_list(request: HttpRequest, government: str) -> HttpResponse:
    """``portal/agreement_list.html``: the explorer of public agreements (see ``explore``)."""
    government = portal_government(government)
    return explore(
        request,
        government,
        AgreementFilter,
        public(Agreement, government).with_status(public=True),
        "portal/agreement_list.html",
        select_related=("department",),
        prefetch_related=(
            Prefetch(
                "parties",
                AgreementParty.objects.filter(published_q("actor")).select_related("actor"),
            ),
        ),
    )


def activity_list(request: HttpRequest, government: str) -> HttpResponse:
    """``portal/activity_list.html``: the explorer of public activities of every kind."""
    government = portal_government(government)
    return explore(
        request,
        government,
        ActivityFilter,
        public(Activity, government),
        "portal/activity_list.html",
        prefetch_related=("places", Prefetch("counterparts", _public_actors())),
    )


def project_list(request: HttpRequest, government: str) -> HttpResponse:
    """``portal/project_list.html``: the explorer of public cooperation projects."""
    government = portal_government(government)
    return explore(
        request,
        government,
        ProjectFilter,
        public(Project, government),
        "portal/project_list.html",
        prefetch_related=(
            "places",
            Prefetch(
                "participants",
                ProjectParticipant.objects.filter(published_q("actor")).select_related("actor"),
            ),
        ),
    )


def network_list(request: HttpRequest, government: str) -> HttpResponse:
    """``portal/network_list.html``: the explorer of public network memberships, with the
    positions held in each."""
    government = portal_government(government)
    return explore(
        request,
        government,
        NetworkFilter,
        public(NetworkMembership, government),
        "portal/network_list.html",
        select_related=("network",),
        prefetch_related=("positions",),
    )


def award_list(request: HttpRequest, government: str) -> HttpResponse:
    """``portal/award_list.html``: the explorer of public awards and candidacies."""
    government = portal_government(government)
    return explore(
        request,
        government,
        AwardFilter,
        public(Award, government),
        "portal/award_list.html",
        select_related=("awarding_body", "department"),
    )


# --- Detail pages ----------------------------------------------------------------------------

_SDG_TARGETS = Prefetch("sdg_targets", SdgTarget.objects.select_related("goal"))


def _public_departments() -> QuerySet:
    return Department.objects.published()


def renewal_chain(agreement: Agreement, government: HomeGovernment) -> list[Agreement]:
    """The public agreements ``agreement`` renews or is renewed by, both ways, oldest first
    (itself included); empty when it stands alone. Two queries, whatever the chain's length."""
    later_of = dict(
        public(Agreement, government).exclude(renews=None).values_list("renews_id", "pk")
    )
    earlier_of = {later: earlier for earlier, later in later_of.items()}
    chain = [agreement.pk]
    while chain[0] in earlier_of and earlier_of[chain[0]] not in chain:
        chain.insert(0, earlier_of[chain[0]])
    while chain[-1] in later_of and later_of[chain[-1]] not in chain:
        chain.append(later_of[chain[-1]])
    if len(chain) == 1:
        return []
    found = public(Agreement, government).in_bulk(chain)
    return [found[pk] for pk in chain if pk in found]


def agreement_detail(request: HttpRequest, government: str, pk: int) -> HttpResponse:
    """``portal/agreement_detail.html``: ``agreement`` (with its derived ``status``, parties,
    commitments, themes and SDG targets), ``renewals`` (the chain, oldest first), and the
    public ``activities`` and ``projects`` linked to it."""
    government = portal_government(government)
    agreement = get_object_or_404(
        public(Agreement, government)
        .with_status(public=True)
        .select_related("department", "home_signatory", "home_signatory_post", "source")
        .prefetch_related(
            Prefetch(
                "parties",
                AgreementParty.objects.filter(published_q("actor")).select_related(
                    "actor", "signatory"
                ),
            ),
            Prefetch("commitments", Commitment.objects.select_related("department")),
            "themes",
            _SDG_TARGETS,
        ),
        pk=pk,
    )
    context = {
        "government": government,
        "agreement": agreement,
        "renewals": renewal_chain(agreement, government),
        "activities": public(Activity, government).filter(agreements=agreement),
        "projects": public(Project, government).filter(agreements=agreement),
    }
    return render(request, "portal/agreement_detail.html", context)


def activity_detail(request: HttpRequest, government: str, pk: int) -> HttpResponse:
    """``portal/activity_detail.html``: ``activity`` with its places, departments,
    counterparts, networks, participants (as recorded: name, post, role, organization),
    themes, SDG targets, and its public agreements and projects."""
    government = portal_government(government)
    activity = get_object_or_404(
        public(Activity, government)
        .select_related("source")
        .prefetch_related(
            "places",
            "themes",
            _SDG_TARGETS,
            Prefetch("departments", _public_departments()),
            Prefetch("counterparts", _public_actors()),
            Prefetch("networks", _public_actors()),
            Prefetch(
                "participants",
                ActivityParticipant.objects.filter(
                    Q(person=None) | published_q("person")
                ).select_related("person", "organization"),
            ),
            Prefetch("agreements", public(Agreement, government)),
            Prefetch("projects", public(Project, government)),
        ),
        pk=pk,
    )
    return render(
        request,
        "portal/activity_detail.html",
        {"government": government, "activity": activity},
    )


def project_detail(request: HttpRequest, government: str, pk: int) -> HttpResponse:
    """``portal/project_detail.html``: ``project`` with participants by IATI role, fundings
    (and ``totals``, one per currency), places, departments, results, themes, SDG targets,
    and its public agreements and activities."""
    government = portal_government(government)
    project = get_object_or_404(
        public(Project, government)
        .select_related("source")
        .prefetch_related(
            "places",
            "themes",
            _SDG_TARGETS,
            Prefetch("departments", _public_departments()),
            Prefetch(
                "participants",
                ProjectParticipant.objects.filter(published_q("actor"))
                .select_related("actor")
                .order_by("role", "actor__name"),
            ),
            Prefetch("fundings", Funding.objects.select_related("funder")),
            Prefetch("agreements", public(Agreement, government)),
        ),
        pk=pk,
    )
    totals: dict[str, Decimal] = defaultdict(Decimal)
    for funding in project.fundings.all():
        totals[funding.currency] += funding.amount
    context = {
        "government": government,
        "project": project,
        "totals": sorted(totals.items()),
        "activities": public(Activity, government).filter(projects=project),
    }
    return render(request, "portal/project_detail.html", context)


def network_detail(request: HttpRequest, government: str, pk: int) -> HttpResponse:
    """``portal/network_detail.html``: ``membership`` of a city network with the network's
    themes and the positions held (with their periods), and the public ``activities`` that
    involved the network."""
    government = portal_government(government)
    membership = get_object_or_404(
        public(NetworkMembership, government)
        .select_related("network", "department", "source")
        .prefetch_related(
            "network__themes",
            Prefetch("positions", NetworkPosition.objects.select_related("holder")),
        ),
        pk=pk,
    )
    context = {
        "government": government,
        "membership": membership,
        "activities": public(Activity, government).filter(networks=membership.network_id),
    }
    return render(request, "portal/network_detail.html", context)


def award_detail(request: HttpRequest, government: str, pk: int) -> HttpResponse:
    """``portal/award_detail.html``: ``award`` with its awarding body, year, category,
    programme, department, result, themes and SDG targets."""
    government = portal_government(government)
    award = get_object_or_404(
        public(Award, government)
        .select_related("awarding_body", "department", "source")
        .prefetch_related("themes", _SDG_TARGETS),
        pk=pk,
    )
    return render(request, "portal/award_detail.html", {"government": government, "award": award})


@dataclass
class Node:
    element: PlanElement
    children: list[Node]


def plan_tree(plan: Plan, government: HomeGovernment) -> list[Node]:
    """The public elements of ``plan`` as a tree, each with the published records that serve it
    (``strategy.selectors.public_links``). The parts of an internal element are left out with
    it."""
    elements = public(PlanElement, government).filter(plan=plan)
    elements = list(elements.prefetch_related(*public_links(government)))
    nodes = {element.pk: Node(element, []) for element in elements}
    roots = []
    for element in elements:  # already in the plan's order
        if element.parent_id is None:
            roots.append(nodes[element.pk])
        elif element.parent_id in nodes:
            nodes[element.parent_id].children.append(nodes[element.pk])
    return roots


def plan_detail(request: HttpRequest, government: str, pk: int) -> HttpResponse:
    """``portal/plan_detail.html``: ``plan`` (kind, period, description) and ``elements``, its
    public parts as a tree of ``Node(element, children)``."""
    government = portal_government(government)
    plans = public(Plan, government).select_related("source")
    plan = get_object_or_404(plans.prefetch_related("priority_themes", "priority_regions"), pk=pk)
    context = {"government": government, "plan": plan, "elements": plan_tree(plan, government)}
    return render(request, "portal/plan_detail.html", context)


urlpatterns = [
    path("agreements/", agreement_list, name="agreement-list"),
    path("agreements/<int:pk>/", agreement_detail, name="agreement-detail"),
    path("activities/", activity_list, name="activity-list"),
    path("activities/<int:pk>/", activity_detail, name="activity-detail"),
    path("projects/", project_list, name="project-list"),
    path("projects/<int:pk>/", project_detail, name="project-detail"),
    path("networks/", network_list, name="network-list"),
    path("networks/<int:pk>/", network_detail, name="network-detail"),
    path("awards/", award_list, name="award-list"),
    path("awards/<int:pk>/", award_detail, name="award-detail"),
    path("strategy/<int:pk>/", plan_detail, name="plan-detail"),
]
