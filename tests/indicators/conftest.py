"""A small fixed registry whose indicator values are known by hand."""

from __future__ import annotations

import pytest

from ciudadglobal.taxonomy.models import SdgTarget
from tests import factories as f
from tests.datasets.conftest import cdmx  # noqa: F401  (the whole Mexico City dataset)

PUBLIC = {"visibility": "public"}


@pytest.fixture
def registry(government):
    """Mexico City's registry in miniature (the counts each rule must give are in the tests).

    Agreements: a twinning with Paris signed 2014-03-10; one signed and in force "2015",
    expiring "2016"; one with Bogotá signed 2016-09; an internal one (2014-01) and a draft
    one (2013), which the public never counts. Activities: a guest from Paris on 2016-05-04
    (linked to the Paris agreement, SDG 11.1), a trip to New York dated only "2016", an
    internal guest in 2016-02. A network membership with two positions, a project 2014-2016
    with three fundings, three awards."""
    g = government
    paris = f.ActorFactory(home_government=g, name="París", **PUBLIC)
    bogota = f.ActorFactory(home_government=g, name="Bogotá", place=None, country="CO", **PUBLIC)
    new_york = f.CityFactory(name="Nueva York", country="US")
    dep1 = f.DepartmentFactory(home_government=g, name="Sedema", **PUBLIC)
    dep2 = f.DepartmentFactory(home_government=g, name="Jefatura", **PUBLIC)
    dep3 = f.DepartmentFactory(home_government=g, name="Seduvi", **PUBLIC)

    a1 = f.AgreementFactory(home_government=g, kind="twinning", signed="2014-03-10", **PUBLIC)
    f.AgreementPartyFactory(agreement=a1, actor=paris)
    f.AgreementFactory(
        home_government=g, signed="2015", in_force_from="2015", expires="2016", **PUBLIC
    )
    a3 = f.AgreementFactory(home_government=g, signed="2016-09", **PUBLIC)
    f.AgreementPartyFactory(agreement=a3, actor=bogota)
    f.AgreementFactory(home_government=g, signed="2014-01")  # internal
    f.AgreementFactory(home_government=g, signed="2013", state="draft", **PUBLIC)

    guest = f.ActivityFactory(
        home_government=g, kind="incoming_visit", start="2016-05-04", **PUBLIC
    )
    guest.agreements.add(a1)
    guest.departments.add(dep1)
    guest.counterparts.add(paris)
    guest.sdg_targets.add(SdgTarget.objects.get(code="11.1"))
    trip = f.ActivityFactory(home_government=g, kind="official_trip", start="2016", **PUBLIC)
    trip.departments.add(dep2)
    trip.places.add(new_york)
    hidden = f.ActivityFactory(home_government=g, kind="incoming_visit", start="2016-02")
    hidden.departments.add(dep3)
    hidden.agreements.add(a3)

    membership = f.NetworkMembershipFactory(home_government=g, joined="2009", **PUBLIC)
    f.NetworkPositionFactory(membership=membership, start="2016", end="2018")
    f.NetworkPositionFactory(membership=membership, start="2017-03", end=None)

    project = f.ProjectFactory(home_government=g, start="2014", end="2016", **PUBLIC)
    f.FundingFactory(
        project=project, funder=paris, amount="100000.00", currency="EUR", date="2016-04"
    )
    f.FundingFactory(project=project, funder=paris, amount="50000.00", currency="EUR", date="2016")
    f.FundingFactory(project=project, funder=bogota, amount="20.00", currency="USD", date="2016-04")

    f.AwardFactory(home_government=g, date="2016-05", result="won", **PUBLIC)
    f.AwardFactory(home_government=g, date="2016", result="won", **PUBLIC)
    f.AwardFactory(home_government=g, date="2016-05", result="candidate", **PUBLIC)
    return g
