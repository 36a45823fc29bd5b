"""The loaded registry reproduces the book's own figures.

Each case is a figure the book states, the line of shared/seed/000_1b245a6bf395969a.txt where
it does, and a count or sum computed here over the registry, independently of the published
figures and their registry queries (which test_cdmx.py checks)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.db.models import Sum

from ciudadglobal.activities.models import Activity, ActivityParticipant
from ciudadglobal.actors.models import Actor
from ciudadglobal.agreements.models import Agreement
from ciudadglobal.awards.models import Award, CityAwardEdition
from ciudadglobal.networks.models import NetworkMembership, NetworkPosition
from ciudadglobal.places.regions import Region, countries_in
from ciudadglobal.projects.models import Funding, Project, ProjectParticipant
from ciudadglobal.strategy.models import PlanElement
from ciudadglobal.transparency.models import PublishedFigure

pytestmark = pytest.mark.django_db


@dataclass(frozen=True)
class Figure:
    line: int
    what: str
    book: int | Decimal
    registry: Callable[[object], int | Decimal]

    def __str__(self) -> str:
        return f"line {self.line}: {self.what}"


def agreements(g, **lookups):
    return Agreement.objects.for_government(g).filter(**lookups)


def activities(g, **lookups):
    return Activity.objects.for_government(g).filter(**lookups)


def specific(g, **lookups):
    return agreements(g, kind="specific_cooperation", **lookups)


def guests(g, **lookups):
    return activities(g, kind="incoming_visit", **lookups)


def published(g, key):
    return PublishedFigure.objects.for_government(g).get(dataset_key=key).value


FIGURES = [
    # Agreements (section 4.1 and annex 2)
    Figure(
        1303,
        "specific cooperation agreements signed 2013–2017",
        17,
        lambda g: specific(g, signed__gte="2013", signed__lt="2018").count(),
    ),
    Figure(
        1279,
        "Moscow: agreements of 2014 and 2016",
        2,
        lambda g: specific(g, parties__actor__dataset_key="moscu").count(),
    ),
    Figure(
        1281,
        "the 2016 Moscow agreement renews the 2014 one",
        1,
        lambda g: specific(g, renews__dataset_key="moscu-2014").count(),
    ),
    Figure(
        1197,
        "North America: specific agreements with US and Canadian partners",
        6,
        lambda g: specific(
            g, parties__actor__country__in=countries_in(Region.NORTH_AMERICA)
        ).count(),
    ),
    Figure(
        1209,
        "Latin America: specific agreements",
        5,
        lambda g: specific(
            g, parties__actor__country__in=countries_in(Region.LATIN_AMERICA_CARIBBEAN)
        ).count(),
    ),
    Figure(
        1276,
        "Europe: specific agreements",
        5,
        lambda g: specific(g, parties__actor__country__in=countries_in(Region.EUROPE)).count(),
    ),
    Figure(
        1228,
        "Asia: specific agreements",
        1,
        lambda g: specific(g, parties__actor__country__in=countries_in(Region.ASIA)).count(),
    ),
    Figure(
        1200,
        "specific agreements signed in 2014",
        7,
        lambda g: specific(g, signed__startswith="2014").count(),
    ),
    Figure(
        684,
        "twinnings reaffirmed (2007, 2008, 2010) and new (2009–2011)",
        7,
        lambda g: agreements(g, kind="twinning", signed__gte="2006", signed__lt="2013").count(),
    ),
    Figure(
        687,
        "new twinnings with Beijing, Istanbul, Guangzhou and Kuwait",
        4,
        lambda g: agreements(
            g,
            kind="twinning",
            parties__actor__dataset_key__in=["beijing", "estambul", "guangzhou", "kuwait"],
        ).count(),
    ),
    Figure(
        1456,
        "Nagoya: the 1977 twinning reaffirmed in 2008",
        1,
        lambda g: agreements(g, renews__dataset_key="nagoya-1977", signed="2008").count(),
    ),
    Figure(
        1459,
        "friendship agreement with Paris, 1999",
        1,
        lambda g: agreements(
            g, kind="friendship", signed="1999", parties__actor__dataset_key="paris"
        ).count(),
    ),
    Figure(
        4625,
        "international organizations with framework agreements (annex 2)",
        15,
        lambda g: (
            agreements(g, kind="framework", parties__role="counterpart")
            .values("parties__actor")
            .distinct()
            .count()
        ),
    ),
    Figure(
        4648,
        "framework agreements with UNESCO",
        3,
        lambda g: agreements(g, kind="framework", parties__actor__dataset_key="unesco").count(),
    ),
    Figure(
        1525,
        "UN agencies among the framework partners named in the text",
        6,
        lambda g: (
            agreements(
                g,
                kind="framework",
                parties__actor__dataset_key__in=[
                    "unesco",
                    "cepal",
                    "onu-mujeres",
                    "unicef",
                    "fao",
                    "acnur",
                ],
            )
            .values("parties__actor")
            .distinct()
            .count()
        ),
    ),
    Figure(
        1307,
        "agreements signed by departments (published, not itemized)",
        81,
        lambda g: published(g, "convenios-dependencias-total"),
    ),
    # Trips, networks, events (sections 4.4–4.9)
    Figure(
        1570,
        "official trips of the Head of Government itemized on the map",
        10,
        lambda g: activities(
            g, kind="official_trip", participants__person__dataset_key="mancera"
        ).count(),
    ),
    Figure(
        1623,
        "projects funded by the European Union",
        3,
        lambda g: (
            Project.objects.for_government(g)
            .filter(participants__actor__dataset_key="ue", participants__role="1")
            .count()
        ),
    ),
    Figure(
        1762,
        "city networks created by UNESCO the city belongs to",
        3,
        lambda g: (
            NetworkMembership.objects.for_government(g)
            .filter(network__parent__dataset_key="unesco")
            .count()
        ),
    ),
    Figure(
        1736,
        "UCCI posts held 2012–2018",
        3,
        lambda g: (
            NetworkPosition.objects.for_government(g)
            .filter(membership__network__dataset_key="ucci", start__gte="2012", end__lt="2019")
            .count()
        ),
    ),
    Figure(
        1730,
        "C40 Steering Committee seat, 2016",
        1,
        lambda g: (
            NetworkPosition.objects.for_government(g)
            .filter(membership__network__dataset_key="c40", start="2016")
            .count()
        ),
    ),
    Figure(
        1732,
        "founding member of 100 Resilient Cities, 2013",
        1,
        lambda g: (
            NetworkMembership.objects.for_government(g)
            .filter(network__dataset_key="100rc", joined="2013")
            .count()
        ),
    ),
    Figure(
        1927,
        "cities of the U20 Joint Declaration listed besides Mexico City",
        19,
        lambda g: (
            Actor.objects.for_government(g)
            .filter(activities__dataset_key="u20-declaracion-conjunta")
            .count()
        ),
    ),
    Figure(
        1981,
        "axes of the political document «Un lugar en la mesa global»",
        3,
        lambda g: (
            PlanElement.objects.for_government(g)
            .filter(plan__dataset_key="documento-politico-lugar-mesa-global", kind="axis")
            .count()
        ),
    ),
    Figure(
        2060,
        "editions of the CGLU–Mexico City–Culture 21 award",
        3,
        lambda g: (
            CityAwardEdition.objects.for_government(g)
            .filter(award__dataset_key="premio-cglu-cdmx-cultura21")
            .count()
        ),
    ),
    # Guests (section 4.10)
    Figure(2157, "distinguished guests 2013–2018", 44, lambda g: guests(g).count()),
    Figure(
        2160,
        "distinguished guests in 2013",
        5,
        lambda g: guests(g, start__startswith="2013").count(),
    ),
    Figure(
        2184,
        "distinguished guests in 2014",
        12,
        lambda g: guests(g, start__startswith="2014").count(),
    ),
    Figure(
        2286,
        "architects and designers received in March 2018",
        14,
        lambda g: guests(g, start="2018-03").count(),
    ),
    Figure(
        2209,
        "guests of the Latin American Mayors' Dialogue, November 2014",
        6,
        lambda g: guests(g, start="2014-11").count(),
    ),
    Figure(
        2301,
        "guests marked as distinguished visitors (*)",
        16,
        lambda g: guests(g, outcomes__icontains="visitante distinguido").count(),
    ),
    Figure(
        2163,
        "women among the distinguished guests",
        5,
        lambda g: (
            ActivityParticipant.objects.for_government(g)
            .filter(activity__kind="incoming_visit", gender="female")
            .count()
        ),
    ),
    # Culture and Casas México (section 4.12)
    Figure(
        2125,
        "cities with an Alas de México installation",
        8,
        lambda g: (
            activities(g, kind="cultural_diplomacy", projects__dataset_key="alas-cdmx")
            .values("places")
            .distinct()
            .count()
        ),
    ),
    Figure(
        2133,
        "Alas de México installations in 2018",
        4,
        lambda g: activities(
            g,
            kind="cultural_diplomacy",
            projects__dataset_key="alas-cdmx",
            start__startswith="2018",
        ).count(),
    ),
    Figure(
        2372,
        "FICA forums held with UNESCO",
        2,
        lambda g: activities(
            g, kind="forum", projects__dataset_key="fica", counterparts__dataset_key="unesco"
        ).count(),
    ),
    Figure(
        2500,
        "people served by the Casas México services fair",
        5366,
        lambda g: activities(g, kind="services_fair").aggregate(total=Sum("people_served"))[
            "total"
        ],
    ),
    Figure(
        2409,
        "Casas México offices (Chicago and Los Angeles)",
        2,
        lambda g: Project.objects.for_government(g).get(dataset_key="casas-mexico").places.count(),
    ),
    Figure(
        2517,
        "partners implementing the AL-LAs project",
        11,
        lambda g: (
            ProjectParticipant.objects.for_government(g)
            .filter(project__dataset_key="al-las-proyecto", role="4")
            .count()
        ),
    ),
    # Strategy (chapters I and II)
    Figure(
        743,
        "axes of the 2013–2018 development programme",
        5,
        lambda g: (
            PlanElement.objects.for_government(g)
            .filter(plan__dataset_key="pgddf-2013-2018", kind="axis")
            .count()
        ),
    ),
    Figure(
        2872,
        "possible institutional scenarios",
        4,
        lambda g: (
            PlanElement.objects.for_government(g)
            .filter(plan__dataset_key="modelo-institucional", kind="scenario")
            .count()
        ),
    ),
    Figure(
        2887,
        "tasks any institutional model must provide for",
        5,
        lambda g: (
            PlanElement.objects.for_government(g)
            .filter(plan__dataset_key="modelo-institucional", kind="task")
            .count()
        ),
    ),
    Figure(
        3339,
        "dimensions of the measurement of international action",
        3,
        lambda g: (
            PlanElement.objects.for_government(g)
            .filter(plan__dataset_key="indicadores-internacionalizacion", kind="axis")
            .count()
        ),
    ),
    Figure(
        3189,
        "milestones on the road to a sustainable international action",
        9,
        lambda g: (
            PlanElement.objects.for_government(g)
            .filter(plan__dataset_key="ruta-sostenibilidad", parent__isnull=True)
            .count()
        ),
    ),
    Figure(
        2654,
        "people consulted in the first phase of the Dialogues",
        70,
        lambda g: activities(g, dataset_key="dialogos-fase-1").aggregate(total=Sum("attendance"))[
            "total"
        ],
    ),
    Figure(
        2833,
        "declarations issued by this administration",
        3,
        lambda g: activities(
            g,
            kind="declaration",
            title__startswith="Declaratoria",
            start__gte="2012-12",
            start__lt="2019",
        ).count(),
    ),
    Figure(
        843,
        "departments taking part in international action (listed)",
        20,
        lambda g: (
            Actor.objects.for_government(g)
            .filter(kind="home_department", source_line__gte=843, source_line__lte=864)
            .count()
        ),
    ),
    # Awards (annex 3)
    Figure(
        4808,
        "C40 award for the air-quality programmes, 2013",
        1,
        lambda g: (
            Award.objects.for_government(g)
            .filter(awarding_body__dataset_key="c40", date="2013", result="won")
            .count()
        ),
    ),
]


@pytest.mark.parametrize("figure", FIGURES, ids=str)
def test_the_registry_reproduces_the_book(figure, cdmx):
    assert figure.registry(cdmx) == figure.book


def test_at_least_thirty_figures_are_checked():
    assert len(FIGURES) >= 30
    assert len({(f.line, f.what) for f in FIGURES}) == len(FIGURES)


def test_funds_are_recorded_with_their_currency(cdmx):
    """Every funding line names its currency, so that sums never mix currencies."""
    assert not Funding.objects.for_government(cdmx).filter(currency="").exists()
