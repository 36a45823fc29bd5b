"""Report tests build with django-tasks' immediate backend: a requested report is built as
soon as its transaction commits. ``registry`` is a small registry of one government where each
figure of the 2018 H1 report has a known answer, with internal records and records of another
government that must never count."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from ciudadglobal.activities.models import ActivityKind
from ciudadglobal.awards.models import AwardResult
from ciudadglobal.tenants.models import Role
from tests import factories as f
from tests.conftest import make_staff
from tests.datasets.conftest import cdmx  # noqa: F401  (the Mexico City dataset fixture)

IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
PUBLIC = {"visibility": "public", "state": "published"}
INTERNAL = {"visibility": "internal", "state": "published"}


@pytest.fixture(autouse=True)
def _immediate_tasks(settings):
    settings.TASKS = IMMEDIATE


def staff_with_role(government, role: str, username: str):
    user = make_staff(government, username=username)
    user.staff_memberships.update(role=role)
    return user


@pytest.fixture
def congress_user(government):
    return staff_with_role(government, Role.CONGRESS, "diputada")


@pytest.fixture
def liaison(government):
    return staff_with_role(government, Role.LIAISON, "enlace")


@dataclass
class Registry:
    government: object
    agreements: dict
    activities: dict
    departments: dict
    themes: dict


@pytest.fixture
def registry(government, other_government):
    g = government
    culture = f.ThemeFactory(home_government=g, name="Cultura")
    water = f.ThemeFactory(home_government=g, name="Agua")
    cgai = f.DepartmentFactory(home_government=g, name="Coordinación de Asuntos Internacionales")
    sedema = f.DepartmentFactory(home_government=g, name="Secretaría del Medio Ambiente")
    paris = f.CityFactory(name="París", country="FR")
    tokyo = f.CityFactory(name="Tokio", country="JP", latitude="35.68", longitude="139.69")
    home = f.CityFactory(
        name="Ciudad de México", country="MX", latitude="19.43", longitude="-99.13"
    )

    agreements = {
        # signed in the semester, expires within six months of its end: expiring, and dormant
        "new": f.AgreementFactory(
            home_government=g,
            title="Convenio con París",
            signed="2018-03",
            expires="2018-10",
            **PUBLIC,
        ),
        # in force, an activity linked in the last twelve months: not dormant
        "active": f.AgreementFactory(
            home_government=g, title="Hermanamiento con Tokio", signed="2015", **PUBLIC
        ),
        # in force, no activity: dormant
        "dormant": f.AgreementFactory(
            home_government=g, title="Convenio sin actividad", signed="2016-05", **PUBLIC
        ),
        # expired before the semester
        "expired": f.AgreementFactory(
            home_government=g, title="Convenio vencido", signed="2014", expires="2017", **PUBLIC
        ),
        # internal: never counted, never named
        "internal": f.AgreementFactory(
            home_government=g, title="Convenio reservado", signed="2018-02", **INTERNAL
        ),
        # submitted, not yet published: never counted either
        "draft": f.AgreementFactory(
            home_government=g,
            title="Convenio en revisión",
            signed="2018-02",
            visibility="public",
            state="submitted",
        ),
    }
    f.AgreementFactory(
        home_government=other_government, title="Acuerdo de Bogotá", signed="2018-04", **PUBLIC
    )

    def activity(
        title, kind, start, *, places=(), themes=(), departments=(), agreements=(), **extra
    ):
        record = f.ActivityFactory(
            home_government=g, title=title, kind=kind, start=start, **{**PUBLIC, **extra}
        )
        record.places.set(places)
        record.themes.set(themes)
        record.departments.set(departments)
        record.agreements.set(agreements)
        return record

    activities = {
        "trip": activity(
            "Gira a París",
            ActivityKind.OFFICIAL_TRIP,
            "2018-02-10",
            places=[paris],
            themes=[culture],
            departments=[cgai],
        ),
        "visit": activity(
            "Visita de Tokio",
            ActivityKind.INCOMING_VISIT,
            "2018-05",
            places=[home, tokyo],
            themes=[culture, water],
            departments=[cgai, sedema],
            agreements=[agreements["active"]],
        ),
        "forum": activity("Foro local", ActivityKind.FORUM, "2018", places=[home]),
        "before": activity(
            "Gira de 2017",
            ActivityKind.OFFICIAL_TRIP,
            "2017-12",
            places=[paris],
            themes=[culture],
            departments=[cgai],
        ),
        "internal": activity(
            "Gira reservada",
            ActivityKind.OFFICIAL_TRIP,
            "2018-03",
            places=[paris],
            themes=[culture],
            departments=[cgai],
            **INTERNAL,
        ),
    }

    project = f.ProjectFactory(
        home_government=g, title="Proyecto AL-LAs", start="2017", end="2019", **PUBLIC
    )
    f.FundingFactory(project=project, amount="100000.00", currency="EUR")
    f.FundingFactory(project=project, amount="2500.50", currency="EUR")
    f.FundingFactory(project=project, amount="5000.00", currency="USD")
    old = f.ProjectFactory(
        home_government=g, title="Proyecto terminado", start="2014", end="2016", **PUBLIC
    )
    f.FundingFactory(project=old, amount="999.00", currency="EUR")
    hidden = f.ProjectFactory(
        home_government=g, title="Proyecto reservado", start="2018", end="2019", **INTERNAL
    )
    f.FundingFactory(project=hidden, amount="777.00", currency="EUR")

    membership = f.NetworkMembershipFactory(home_government=g, **PUBLIC)
    f.NetworkPositionFactory(membership=membership, title="Copresidencia", start="2016", end="2019")
    f.NetworkPositionFactory(membership=membership, title="Tesorería", start="2012", end="2014")
    hidden_membership = f.NetworkMembershipFactory(home_government=g, **INTERNAL)
    f.NetworkPositionFactory(membership=hidden_membership, title="Vocalía reservada", start="2018")

    f.AwardFactory(
        home_government=g, name="Premio Guangzhou", date="2018-05", result=AwardResult.WON, **PUBLIC
    )
    f.AwardFactory(
        home_government=g,
        name="Mención de ciudades",
        date="2018",
        result=AwardResult.HONOURABLE_MENTION,
        **PUBLIC,
    )
    f.AwardFactory(
        home_government=g,
        name="Premio reservado",
        date="2018-02",
        result=AwardResult.WON,
        **INTERNAL,
    )
    f.AwardFactory(home_government=g, name="Premio de 2016", date="2016", **PUBLIC)

    f.PublishedFigureFactory(
        home_government=g,
        group="Encuesta FICA 2018",
        label="Sí",
        value=94,
        unit="percent",
        period_start="2018-04-27",
        **PUBLIC,
    )
    f.PublishedFigureFactory(
        home_government=g,
        group="Visitantes 2015",
        label="Total",
        value=1000,
        period_start="2015",
        period_end="2015",
        **PUBLIC,
    )
    f.QualityFlagFactory(home_government=g, title="Cifras contradictorias", **PUBLIC)
    f.QualityFlagFactory(
        home_government=g, title="Resuelta", status="resolved", resolution="Se corrigió.", **PUBLIC
    )
    f.QualityFlagFactory(home_government=g, title="Problema reservado", **INTERNAL)
    return Registry(
        g,
        agreements,
        activities,
        {"cgai": cgai, "sedema": sedema},
        {"culture": culture, "water": water},
    )
