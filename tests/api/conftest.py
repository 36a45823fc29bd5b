"""A small registry with, for every kind of record, public rows and rows the public must never
see (internal, draft, another government's) — shared by the API and open-data tests."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from ciudadglobal.core.models import Visibility, WorkflowState
from tests import factories as f

PUBLIC = {"visibility": Visibility.PUBLIC, "state": WorkflowState.PUBLISHED}
INTERNAL = {"visibility": Visibility.INTERNAL, "state": WorkflowState.PUBLISHED}
DRAFT = {"visibility": Visibility.PUBLIC, "state": WorkflowState.DRAFT}


@dataclass
class Registry:
    government: object
    other: object
    #: API path → ids the public may see / ids it must never see.
    visible: dict[str, set[int]] = field(default_factory=dict)
    hidden: dict[str, set[int]] = field(default_factory=dict)
    objects: dict[str, object] = field(default_factory=dict)

    def add(self, path: str, obj, *, shown: bool) -> object:
        (self.visible if shown else self.hidden).setdefault(path, set()).add(obj.pk)
        return obj


def build_registry(government, other) -> Registry:
    from ciudadglobal.taxonomy.models import SdgTarget

    r = Registry(government, other)
    g = {"home_government": government}
    paris_place = f.CityFactory(name="París", name_en="Paris", country="FR")
    madrid_place = f.CityFactory(name="Madrid", country="ES", latitude="40.4", longitude="-3.7")
    paris = r.add(
        "actors",
        f.ActorFactory(**g, **PUBLIC, name="París", name_en="Paris", place=paris_place),
        shown=True,
    )
    madrid = r.add(
        "actors", f.ActorFactory(**g, **PUBLIC, name="Madrid", place=madrid_place), shown=True
    )
    secret = r.add("actors", f.ActorFactory(**g, **INTERNAL, name="Socio secreto"), shown=False)
    department = r.add(
        "actors", f.DepartmentFactory(**g, **PUBLIC, name="Coordinación General"), shown=True
    )
    hidden_department = r.add(
        "actors", f.DepartmentFactory(**g, **INTERNAL, name="Oficina interna"), shown=False
    )
    r.add("actors", f.ActorFactory(**g, **DRAFT, name="Ciudad en borrador"), shown=False)
    r.objects.update(paris=paris, madrid=madrid, secret=secret, department=department)

    person = r.add("people", f.PersonFactory(**g, **PUBLIC, name="Ana Pérez"), shown=True)
    r.add("people", f.PersonFactory(**g, **INTERNAL, name="Persona interna"), shown=False)
    post = f.PostFactory(organization=department, label="Coordinadora")
    f.MembershipFactory(person=person, organization=department, post=post, start="2013")
    r.objects["person"] = person

    twinning = r.add(
        "agreements",
        f.AgreementFactory(
            **g,
            **PUBLIC,
            title="Hermanamiento con París",
            kind="twinning",
            signed="2013-05-02",
            department=hidden_department,
        ),
        shown=True,
    )
    target = SdgTarget.objects.filter(code="11.2").first()
    if target is not None:
        twinning.sdg_targets.add(target)
    f.AgreementPartyFactory(agreement=twinning, actor=paris, signatory=person)
    f.AgreementPartyFactory(agreement=twinning, actor=secret)
    madrid_agreement = r.add(
        "agreements",
        f.AgreementFactory(**g, **PUBLIC, title="Convenio con Madrid", department=department),
        shown=True,
    )
    f.AgreementPartyFactory(agreement=madrid_agreement, actor=madrid)
    internal_agreement = r.add(
        "agreements",
        f.AgreementFactory(**g, **INTERNAL, title="Convenio interno con París"),
        shown=False,
    )
    f.AgreementPartyFactory(agreement=internal_agreement, actor=paris)
    r.add("agreements", f.AgreementFactory(**g, **DRAFT, title="Borrador con París"), shown=False)
    r.objects.update(twinning=twinning, madrid_agreement=madrid_agreement)

    trip = r.add(
        "activities",
        f.ActivityFactory(**g, **PUBLIC, title="Misión a París", start="2015-03-02"),
        shown=True,
    )
    trip.places.add(paris_place)
    trip.counterparts.add(paris)
    f.ActivityParticipantFactory(activity=trip, name="Luis Gómez", organization=department)
    r.add("activities", f.ActivityFactory(**g, **INTERNAL, title="Gira interna"), shown=False)
    r.add("activities", f.ActivityFactory(**g, **DRAFT, title="Gira en borrador"), shown=False)

    project = r.add(
        "projects", f.ProjectFactory(**g, **PUBLIC, title="Proyecto de movilidad"), shown=True
    )
    f.ProjectParticipantFactory(project=project, actor=paris)
    f.FundingFactory(project=project, funder=paris, amount="1500.50", currency="EUR")
    f.FundingFactory(project=project, funder=secret, amount="99.00", currency="EUR")
    r.add("projects", f.ProjectFactory(**g, **INTERNAL, title="Proyecto interno"), shown=False)

    network = f.NetworkFactory(**g, **PUBLIC, name="Red de Ciudades")
    r.visible["actors"].add(network.pk)
    membership = r.add(
        "networks", f.NetworkMembershipFactory(**g, **PUBLIC, network=network), shown=True
    )
    f.NetworkPositionFactory(membership=membership, holder=person, title="Vicepresidencia")
    r.add("networks", f.NetworkMembershipFactory(**g, **INTERNAL), shown=False)
    hidden_network_actor = f.NetworkFactory(**g, **INTERNAL, name="Red interna")
    r.hidden["actors"].add(hidden_network_actor.pk)
    # A public membership of a network the public may not see: not shown either.
    r.add(
        "networks",
        f.NetworkMembershipFactory(**g, **PUBLIC, network=hidden_network_actor),
        shown=False,
    )

    r.add("awards", f.AwardFactory(**g, **PUBLIC, name="Premio de movilidad"), shown=True)
    r.add("awards", f.AwardFactory(**g, **INTERNAL, name="Premio interno"), shown=False)
    plan = r.add("plans", f.PlanFactory(**g, **PUBLIC, name="Programa de acción"), shown=True)
    f.PlanElementFactory(**g, **PUBLIC, plan=plan, name="Eje uno")
    f.PlanElementFactory(**g, **INTERNAL, plan=plan, name="Eje interno")
    r.add("plans", f.PlanFactory(**g, **INTERNAL, name="Plan interno"), shown=False)
    r.add("figures", f.PublishedFigureFactory(**g, **PUBLIC), shown=True)
    r.add("figures", f.PublishedFigureFactory(**g, **INTERNAL), shown=False)

    # The other government's public records: never under the first one's address.
    o = {"home_government": other}
    other_paris = f.ActorFactory(**o, **PUBLIC, name="París (Bogotá)", place=paris_place)
    other_agreement = f.AgreementFactory(**o, **PUBLIC, title="Convenio de Bogotá con París")
    f.AgreementPartyFactory(agreement=other_agreement, actor=other_paris)
    for path, obj in {
        "actors": other_paris,
        "agreements": other_agreement,
        "activities": f.ActivityFactory(**o, **PUBLIC),
        "projects": f.ProjectFactory(**o, **PUBLIC),
        "networks": f.NetworkMembershipFactory(**o, **PUBLIC),
        "awards": f.AwardFactory(**o, **PUBLIC),
        "people": f.PersonFactory(**o, **PUBLIC),
        "plans": f.PlanFactory(**o, **PUBLIC),
        "figures": f.PublishedFigureFactory(**o, **PUBLIC),
    }.items():
        r.hidden.setdefault(path, set()).add(obj.pk)
    # Every other actor (made along the way, internal by default) is not public.
    everyone = set(type(paris).objects.values_list("pk", flat=True))
    r.hidden["actors"] = everyone - r.visible["actors"]
    return r


@pytest.fixture
def registry(government, other_government) -> Registry:
    return build_registry(government, other_government)
