"""Query budgets: every public portal page and every public API endpoint runs the same number
of SQL queries for a government with 10 records of each kind as for one with 1,000, and no
more than a small ceiling.

The addresses come from the URL resolver (``portal:`` names) and from the served OpenAPI
document, so a new page or endpoint fails :func:`test_every_public_address_has_a_budget` until
it is given an address here (or an exemption with its reason). The world is built once per
module: ``build`` adds ``n`` records of each kind with their relations (parties, participants,
places, themes, departments, SDG targets, positions…) by bulk inserts, and links a tenth of
them to the first record of each kind, whose detail pages are measured, so those pages grow
too. Each address is asked once to warm up (content types, SDG framework) and then measured,
with the cache cleared, in Spanish (unprefixed) and in English (``/en/``)."""

from __future__ import annotations

import datetime
import itertools
from dataclasses import dataclass, field

import pytest
from django.core.cache import cache
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone, translation

from ciudadglobal.activities.models import Activity, ActivityKind, ActivityParticipant
from ciudadglobal.actors.models import Actor, ActorKind, Membership, Person, Post
from ciudadglobal.agreements.models import Agreement, AgreementKind, AgreementParty, Commitment
from ciudadglobal.awards.models import Award, AwardResult
from ciudadglobal.core.models import Visibility, WorkflowState
from ciudadglobal.indicators.models import Indicator, LocalTarget, Observation
from ciudadglobal.networks.models import NetworkMembership, NetworkPosition
from ciudadglobal.opendata.exports import FORMATS
from ciudadglobal.opendata.tables import TABLES
from ciudadglobal.participation.models import (
    Answer,
    Comment,
    CommentableDocument,
    Consultation,
    CouncilMember,
    CouncilSession,
    Option,
    Question,
    QuestionKind,
    Recommendation,
    Response,
)
from ciudadglobal.places.models import Place, PlaceKind
from ciudadglobal.portal.charts import CHARTS
from ciudadglobal.projects.models import Funding, Project, ProjectParticipant
from ciudadglobal.reports.models import Report
from ciudadglobal.strategy.models import Plan, PlanElement, PlanElementKind, PlanKind
from ciudadglobal.taxonomy.models import SdgTarget, Theme
from ciudadglobal.tenants.models import HomeGovernment
from ciudadglobal.transparency.models import FlagKind, PublishedFigure, QualityFlag

#: The module's world is built by a module-scoped fixture; the mark sets up the test database.
pytestmark = pytest.mark.django_db

PUBLIC = {"visibility": Visibility.PUBLIC, "state": WorkflowState.PUBLISHED}
FEW, MANY = 10, 1000

#: Queries any public page or endpoint may run at most, unless it is named in CEILINGS.
CEILING = 30
CEILINGS = {
    # Every open-data table in one zip: a query or more per table (17), never per row.
    "/global/open-data/datapackage.zip": 70,
}

#: Portal pages of a government asked without parameters (the others are in
#: ``portal_addresses``). Forms are measured as their GET page; confirmation links with an
#: unknown token (the page that refuses it).
WITHOUT_PARAMETERS = {
    "about",
    "charts",
    "home",
    "indicator-index",
    "indicator-list",
    "indicator-status",
    "map",
    "open-data",
    "open-data-calendar",
    "open-data-iati",
    "open-data-package",
    "open-data-popolo",
    "participation",
    "participation-council",
    "participation-register",
    "participation-register-sent",
    "partner-list",
    "report-archive",
    "transparency",
}

#: Portal pages not measured, with the reason (none so far).
EXEMPT: dict[str, str] = {}

#: API operations not measured, with the reason.
API_EXEMPT = {
    "/staff/": "the write API: a token holder's own drafts, one record per request",
}

#: Addresses of the API outside its OpenAPI paths.
API_EXTRA = ["/api/openapi.json", "/api/docs"]

#: Downloads: the same queries in any language, asked once.
ONE_LANGUAGE = ("open-data-", "chart-csv", "participation-results-csv", "report-file")

COUNTRIES = ["FR", "JP", "ES", "DE", "BR", "US", "CN", "AR", "IT", "KR"]
ACTIVITY_KINDS = [ActivityKind.OFFICIAL_TRIP, ActivityKind.INCOMING_VISIT]
AGREEMENT_KINDS = [AgreementKind.TWINNING, AgreementKind.SPECIFIC_COOPERATION]


# --- The world ------------------------------------------------------------------------------


@dataclass
class World:
    government: HomeGovernment
    #: The first record of each kind: the detail pages measured.
    first: dict = field(default_factory=dict)
    count: int = 0


def _bulk(model, rows: list) -> list:
    return model.objects.bulk_create(rows)


def _link(model, name: str, pairs) -> None:
    """Rows of the many-to-many ``model.name`` for ``(owner, target)`` pairs."""
    relation = model._meta.get_field(name)
    through = relation.remote_field.through
    source = relation.m2m_field_name()
    target = relation.m2m_reverse_field_name()
    through.objects.bulk_create(
        [through(**{f"{source}_id": a.pk, f"{target}_id": b.pk}) for a, b in pairs],
        ignore_conflicts=True,
    )


def build(world: World, n: int) -> None:
    """Add ``n`` public records of each kind to ``world``, with their relations."""
    g = world.government
    start = world.count
    world.count += n
    numbers = range(start, start + n)
    first = world.first

    def anchor(kind: str, i: int, new: list):
        """The record ``new[i]`` points at: the first of its kind for a tenth of them."""
        return first[kind] if i % 10 == 0 else new[(i * 7) % len(new)]

    targets = list(SdgTarget.objects.order_by("code")[:50])
    # Other home governments of the network, one for ten records (the lists of governments).
    _bulk(
        HomeGovernment,
        [
            HomeGovernment(name=f"Gobierno {i}", slug=f"gobierno-{i}", country="CO")
            for i in numbers[::10]
        ],
    )
    places = _bulk(
        Place,
        [
            Place(
                kind=PlaceKind.CITY,
                name=f"Ciudad {i}",
                name_en=f"City {i}",
                country=COUNTRIES[i % 10],
                latitude="10.5",
                longitude=str(i % 170),
            )
            for i in numbers
        ],
    )
    themes = _bulk(Theme, [Theme(home_government=g, name=f"Tema {i}") for i in numbers])
    departments = _bulk(
        Actor,
        [
            Actor(
                home_government=g, kind=ActorKind.HOME_DEPARTMENT, name=f"Secretaría {i}", **PUBLIC
            )
            for i in numbers
        ],
    )
    actors = _bulk(
        Actor,
        [
            Actor(
                home_government=g,
                kind=ActorKind.FOREIGN_LOCAL_GOVERNMENT,
                name=f"Gobierno socio {i}",
                place=place,
                country=place.country,
                **PUBLIC,
            )
            for i, place in zip(numbers, places, strict=True)
        ],
    )
    networks = _bulk(
        Actor,
        [
            Actor(home_government=g, kind=ActorKind.CITY_NETWORK, name=f"Red {i}", **PUBLIC)
            for i in numbers
        ],
    )
    people = _bulk(
        Person, [Person(home_government=g, name=f"Persona {i}", **PUBLIC) for i in numbers]
    )
    if not first:
        first.update(
            place=places[0],
            theme=themes[0],
            department=departments[0],
            actor=actors[0],
            network=networks[0],
            person=people[0],
        )
    posts = _bulk(
        Post,
        [
            Post(organization=d, label=f"Cargo {i}")
            for i, d in zip(numbers, departments, strict=True)
        ],
    )
    _bulk(
        Membership,
        [
            Membership(
                person=anchor("person", k, people),
                organization=post.organization,
                post=post,
                start="2012",
            )
            for k, post in enumerate(posts)
        ],
    )

    agreements = _bulk(
        Agreement,
        [
            Agreement(
                home_government=g,
                kind=AGREEMENT_KINDS[i % 2],
                title=f"Convenio {i}",
                signed=str(2000 + i % 18),
                department=departments[k],
                home_signatory=people[k],
                **PUBLIC,
            )
            for k, i in enumerate(numbers)
        ],
    )
    activities = _bulk(
        Activity,
        [
            Activity(
                home_government=g,
                kind=ACTIVITY_KINDS[i % 2],
                title=f"Gira {i}",
                start=f"{2000 + i % 18}-{1 + i % 12:02d}",
                **PUBLIC,
            )
            for i in numbers
        ],
    )
    projects = _bulk(
        Project,
        [
            Project(home_government=g, title=f"Proyecto {i}", start="2014", end="2016", **PUBLIC)
            for i in numbers
        ],
    )
    memberships = _bulk(
        NetworkMembership,
        [
            NetworkMembership(
                home_government=g,
                network=network,
                joined=str(2000 + i % 18),
                department=departments[k],
                **PUBLIC,
            )
            for k, (i, network) in enumerate(zip(numbers, networks, strict=True))
        ],
    )
    awards = _bulk(
        Award,
        [
            Award(
                home_government=g,
                name=f"Premio {i}",
                date=str(2000 + i % 18),
                result=AwardResult.WON,
                awarding_body=actors[k],
                department=departments[k],
                **PUBLIC,
            )
            for k, i in enumerate(numbers)
        ],
    )
    plans = _bulk(
        Plan,
        [
            Plan(
                home_government=g,
                kind=PlanKind.INTERNATIONAL_ACTION_PROGRAMME,
                name=f"Programa {i}",
                start="2014",
                end="2018",
                **PUBLIC,
            )
            for i in numbers
        ],
    )
    if "agreement" not in first:
        first.update(
            agreement=agreements[0],
            activity=activities[0],
            project=projects[0],
            membership=memberships[0],
            award=awards[0],
            plan=plans[0],
        )
    elements = _bulk(
        PlanElement,
        [
            PlanElement(
                home_government=g,
                plan=anchor("plan", k, plans),
                kind=PlanElementKind.AXIS,
                code=str(i + 1),
                name=f"Eje {i}",
                **PUBLIC,
            )
            for k, i in enumerate(numbers)
        ],
    )

    # Children and relations: each record has a couple of each, the first records a tenth.
    _bulk(
        AgreementParty,
        [
            AgreementParty(
                agreement=anchor("agreement", k, agreements), actor=actors[k], signatory=people[k]
            )
            for k in range(n)
        ]
        + [
            AgreementParty(agreement=a, actor=actors[(k + 1) % n]) for k, a in enumerate(agreements)
        ],
    )
    _bulk(
        Commitment,
        [
            Commitment(
                agreement=anchor("agreement", k, agreements),
                description=f"Compromiso {k}",
                department=departments[k],
                due="2015",
            )
            for k in range(n)
        ],
    )
    _bulk(
        ActivityParticipant,
        [
            ActivityParticipant(
                activity=anchor("activity", k, activities),
                name=f"Participante {k}",
                gender="female",
                sector="government",
                person=people[k],
                organization=actors[k],
            )
            for k in range(n)
        ],
    )
    _bulk(
        ProjectParticipant,
        [
            ProjectParticipant(project=anchor("project", k, projects), actor=actors[k])
            for k in range(n)
        ],
    )
    _bulk(
        Funding,
        [
            Funding(
                project=anchor("project", k, projects),
                funder=actors[k],
                amount="1000.00",
                currency=["EUR", "USD"][k % 2],
            )
            for k in range(n)
        ],
    )
    _bulk(
        NetworkPosition,
        [
            NetworkPosition(
                membership=anchor("membership", k, memberships),
                title=f"Vicepresidencia {k}",
                start="2016",
                end="2018",
                holder=people[k],
            )
            for k in range(n)
        ],
    )
    for model, records, kind in (
        (Agreement, agreements, "agreement"),
        (Activity, activities, "activity"),
        (Project, projects, "project"),
        (Award, awards, "award"),
    ):
        _link(model, "themes", [(anchor(kind, k, records), t) for k, t in enumerate(themes)])
        _link(
            model,
            "sdg_targets",
            [(anchor(kind, k, records), targets[k % len(targets)]) for k in range(n)],
        )
    _link(Actor, "themes", [(a, themes[k]) for k, a in enumerate(actors)])
    for name, related in (("places", places), ("departments", departments)):
        _link(
            Activity, name, [(anchor("activity", k, activities), r) for k, r in enumerate(related)]
        )
        _link(Project, name, [(anchor("project", k, projects), r) for k, r in enumerate(related)])
    _link(
        Activity,
        "counterparts",
        [(anchor("activity", k, activities), a) for k, a in enumerate(actors)],
    )
    _link(
        Activity,
        "networks",
        [(a, anchor("network", k, networks)) for k, a in enumerate(activities)],
    )
    _link(
        Activity,
        "agreements",
        [(a, anchor("agreement", k, agreements)) for k, a in enumerate(activities)],
    )
    _link(
        Activity,
        "projects",
        [(a, anchor("project", k, projects)) for k, a in enumerate(activities)],
    )
    _link(
        Project,
        "agreements",
        [(p, anchor("agreement", k, agreements)) for k, p in enumerate(projects)],
    )
    _link(Plan, "priority_themes", [(anchor("plan", k, plans), t) for k, t in enumerate(themes)])
    for name, related in (
        ("agreements", agreements),
        ("activities", activities),
        ("projects", projects),
    ):
        _link(
            PlanElement,
            name,
            [
                (anchor("element", k, elements) if "element" in first else e, r)
                for k, (e, r) in enumerate(zip(elements, related, strict=True))
            ],
        )
    first.setdefault("element", elements[0])

    # Transparency, indicators.
    figures = _bulk(
        PublishedFigure,
        [
            PublishedFigure(
                home_government=g, group=f"Grupo {i % 5}", label=f"Región {i}", value=i, **PUBLIC
            )
            for i in numbers
        ],
    )
    flags = _bulk(
        QualityFlag,
        [
            QualityFlag(
                home_government=g,
                title=f"Cifras {i}",
                description="No cuadran.",
                kind=FlagKind.CONTRADICTION,
                source_lines="1",
                **PUBLIC,
            )
            for i in numbers
        ],
    )
    _link(QualityFlag, "figures", [(f, figures[k]) for k, f in enumerate(flags)])
    local_targets = _bulk(
        LocalTarget,
        [
            LocalTarget(
                home_government=g,
                sdg_target=targets[k % len(targets)],
                code=f"L.{i}",
                title=f"Meta local {i}",
                **PUBLIC,
            )
            for k, i in enumerate(numbers)
        ],
    )
    indicators = _bulk(
        Indicator,
        [
            Indicator(
                home_government=g,
                code=f"IND-{i}",
                name=f"Indicador {i}",
                dimension="institutional",
                method="entered",
                **PUBLIC,
            )
            for i in numbers
        ],
    )
    first.setdefault("indicator", indicators[0])
    _link(
        Indicator,
        "sdg_targets",
        [(anchor("indicator", k, indicators), targets[k % len(targets)]) for k in range(n)],
    )
    _link(
        Indicator,
        "local_targets",
        [(anchor("indicator", k, indicators), t) for k, t in enumerate(local_targets)],
    )
    _link(
        Indicator,
        "plan_elements",
        [(anchor("indicator", k, indicators), e) for k, e in enumerate(elements)],
    )
    _bulk(
        Observation,
        [
            Observation(
                indicator=anchor("indicator", k, indicators),
                period_start=datetime.date(1001 + i, 1, 1),
                period_end=datetime.date(1001 + i, 6, 30),
                value=i,
                origin="entered",
            )
            for k, i in enumerate(numbers)
        ],
    )

    # Participation.
    now = timezone.now()
    consultations = _bulk(
        Consultation,
        [
            Consultation(
                home_government=g,
                title=f"Consulta {i}",
                slug=f"consulta-{i}",
                purpose="Saber qué opina la gente.",
                opens=now - datetime.timedelta(days=1 + i % 3 * 100),
                closes=now + datetime.timedelta(days=30 - i % 3 * 100),
                **PUBLIC,
            )
            for i in numbers
        ],
    )
    if "consultation" not in first:
        first["consultation"] = consultations[0]
        questions = [
            Question.objects.create(
                consultation=consultations[0], position=p, kind=kind, text=f"Pregunta {p}", **extra
            )
            for p, (kind, extra) in enumerate(
                [
                    (QuestionKind.SINGLE, {}),
                    (QuestionKind.MULTIPLE, {}),
                    (QuestionKind.SCALE, {"scale_min": 1, "scale_max": 5}),
                    (QuestionKind.TEXT, {}),
                ],
                1,
            )
        ]
        for question in questions[:2]:
            _bulk(
                Option,
                [Option(question=question, position=p, label=f"Opción {p}") for p in (1, 2, 3)],
            )
        first["questions"] = questions
    single, multiple, scale, text = first["questions"]
    options = {q.pk: list(q.options.order_by("position")) for q in (single, multiple)}
    responses = _bulk(
        Response,
        [
            Response(
                consultation=first["consultation"],
                identity_hash=f"{i:064d}",
                confirmed_at=now,
                gender=["female", "male"][i % 2],
                age_range="",
                language="es",
            )
            for i in numbers
        ],
    )
    _bulk(
        Answer,
        itertools.chain.from_iterable(
            [
                Answer(response=r, question=single, option=options[single.pk][k % 3]),
                Answer(response=r, question=multiple, option=options[multiple.pk][k % 3]),
                Answer(response=r, question=scale, value=1 + k % 5),
                Answer(response=r, question=text, text=f"Propuesta {k}", moderation="approved"),
            ]
            for k, r in enumerate(responses)
        ),
    )
    documents = _bulk(
        CommentableDocument,
        [
            CommentableDocument(
                home_government=g,
                title=f"Borrador {i}",
                slug=f"borrador-{i}",
                summary="Un borrador.",
                **PUBLIC,
            )
            for i in numbers
        ],
    )
    first.setdefault("document", documents[0])
    _bulk(
        Comment,
        [
            Comment(
                document=anchor("document", k, documents),
                author_name=f"Vecina {k}",
                text="Bien.",
                moderation="approved",
            )
            for k in range(n)
        ],
    )
    members = _bulk(
        CouncilMember,
        [
            CouncilMember(home_government=g, name=f"Consejera {i}", sector="academia", **PUBLIC)
            for i in numbers
        ],
    )
    sessions = _bulk(
        CouncilSession,
        [
            CouncilSession(
                home_government=g,
                date=datetime.date(2018, 1, 1) + datetime.timedelta(days=i),
                title=f"Sesión {i}",
                **PUBLIC,
            )
            for i in numbers
        ],
    )
    _link(CouncilSession, "attendees", [(s, members[k]) for k, s in enumerate(sessions)])
    recommendations = _bulk(
        Recommendation,
        [
            Recommendation(
                home_government=g,
                session=sessions[k],
                title=f"Recomendación {i}",
                text="Hacer más.",
                addressed_to=departments[k],
                **PUBLIC,
            )
            for k, i in enumerate(numbers)
        ],
    )
    first.setdefault("recommendation", recommendations[0])

    # Published reports (the archive lists them all).
    reports = _bulk(
        Report,
        [
            Report(
                home_government=g,
                kind="semiannual",
                year=1900 + i,
                half=1,
                language="es",
                state="published",
                build_status="ready",
                html="<p>Informe</p>",
                html_sha256="0" * 64,
            )
            for i in numbers
        ],
    )
    first.setdefault("report", reports[0])


# --- The addresses --------------------------------------------------------------------------


def portal_names() -> set[str]:
    """Every named address of the public portal, from the URL resolver."""
    found = set()

    def walk(patterns, namespace):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, pattern.namespace or namespace)
            elif isinstance(pattern, URLPattern) and namespace == "portal":
                found.add(pattern.name)

    walk(get_resolver().url_patterns, None)
    return found


def portal_addresses(world: World) -> dict[str, list[tuple[str, str]]]:
    """URL name → the (kwargs, query) asked of it."""
    first = world.first
    pk = {
        "agreement-detail": first["agreement"].pk,
        "activity-detail": first["activity"].pk,
        "project-detail": first["project"].pk,
        "network-detail": first["membership"].pk,
        "award-detail": first["award"].pk,
        "plan-detail": first["plan"].pk,
        "partner-detail": first["actor"].pk,
        "indicator-detail": first["indicator"].pk,
        "participation-recommendation": first["recommendation"].pk,
        "report-detail": first["report"].pk,
    }
    consultation = {"slug": first["consultation"].slug}
    explorer = ["", f"q=convenio&country=FR&theme={first['theme'].pk}&sort=oldest"]
    addresses = {
        "government-list": [({}, "")],
        **{name: [({"pk": value}, "")] for name, value in pk.items()},
        **{
            name: [({}, query) for query in explorer]
            for name in (
                "agreement-list",
                "activity-list",
                "project-list",
                "network-list",
                "award-list",
            )
        },
        "partner-list": [({}, ""), ({}, "kind=foreign_local&country=FR&q=gobierno")],
        "map": [({}, ""), ({}, "year_from=2005&year_to=2015")],
        "charts": [({}, ""), ({}, "year_from=2005&year_to=2015")],
        "chart-csv": [({"chart": chart}, "") for chart in CHARTS],
        "participation-consultation": [(consultation, "")],
        "participation-sent": [(consultation, "")],
        "participation-results": [(consultation, ""), (consultation, "by=gender")],
        "participation-results-csv": [(consultation, "")],
        "participation-confirm": [({**consultation, "token": "unknown"}, "")],
        "participation-document": [({"slug": first["document"].slug}, "")],
        "participation-register-confirm": [({"token": "unknown"}, "")],
        "report-file": [({"pk": first["report"].pk, "fmt": "html"}, "")],
        # Every table once; every format of one (a format only writes the rows read).
        "open-data-table": [({"table": table, "format": "csv"}, "") for table in TABLES]
        + [({"table": "agreements", "format": fmt}, "") for fmt in FORMATS if fmt != "csv"],
        "open-data-calendar": [({}, ""), ({}, "all=1")],
    }
    for name in WITHOUT_PARAMETERS:
        addresses.setdefault(name, [({}, "")])
    return addresses


def portal_url(name: str, kwargs: dict, query: str, language: str, slug: str) -> str:
    if name != "government-list":
        kwargs = {"government": slug, **kwargs}
    with translation.override(language):
        address = reverse(f"portal:{name}", kwargs=kwargs)
    return f"{address}?{query}" if query else address


def api_urls(client: Client, world: World) -> dict[str, list[str]]:
    """OpenAPI path → the addresses asked of it: every public GET operation, lists with and
    without filters, details of the first record."""
    document = client.get("/api/openapi.json").json()
    first = world.first
    ids = {
        "agreements": first["agreement"].pk,
        "activities": first["activity"].pk,
        "projects": first["project"].pk,
        "networks": first["membership"].pk,
        "awards": first["award"].pk,
        "actors": first["actor"].pk,
        "people": first["person"].pk,
        "plans": first["plan"].pk,
        "figures": PublishedFigure.objects.order_by("pk").first().pk,
    }
    partner = first["actor"].pk
    filters = {
        "agreements": f"q=convenio&country=FR&theme={first['theme'].pk}&partner={partner}",
        "activities": f"kind=official_trip&country=FR&partner={partner}",
        "projects": f"q=proyecto&partner={partner}",
        "actors": "q=gobierno&country=FR",
    }
    slug = world.government.slug
    found = {}
    for path, operations in document["paths"].items():
        if "get" not in operations or any(part in path for part in API_EXEMPT):
            continue
        entity = path.rstrip("/").split("/")[-1] if "{id}" not in path else path.split("/")[-2]
        address = path.replace("{government}", slug)
        if "{id}" in path and entity in ids:
            found[path] = [address.replace("{id}", str(ids[entity]))]
        elif entity in ids:
            found[path] = [f"{address}?limit=100"]
            if entity in filters:
                found[path].append(f"{address}?limit=100&{filters[entity]}")
        elif path in ("/api/v1/governments", "/api/v1/governments/{government}"):
            found[path] = [address]
        else:  # a new endpoint: measured once it is given addresses here
            found[path] = []
    found["extra"] = API_EXTRA
    return found


# --- Measuring ------------------------------------------------------------------------------


def count_queries(client: Client, address: str, *, warm_up: bool) -> int | str:
    """The queries of one request of ``address`` (or why it failed). The first time an
    address is asked, a request before warms up what is read once per process (content
    types, the SDG framework)."""
    if warm_up:
        client.get(address)
    cache.clear()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(address)
    if response.status_code not in (200, 400):
        return f"status {response.status_code}"
    return len(captured)


@dataclass
class Measures:
    few: dict = field(default_factory=dict)
    many: dict = field(default_factory=dict)
    #: The portal's URL names measured, and the API paths found with no address to ask.
    names: set = field(default_factory=set)
    unasked: list = field(default_factory=list)


def measure_all(client: Client, world: World, *, warm_up: bool) -> dict[str, int | str]:
    """Queries per address: portal pages in Spanish and, where words could change what is
    read, in English; downloads and the API once."""
    counts = {}
    slug = world.government.slug
    for name, asked in sorted(portal_addresses(world).items()):
        for kwargs, query in asked:
            languages = ("es",) if name.startswith(ONE_LANGUAGE) else ("es", "en")
            for language in languages:
                address = portal_url(name, kwargs, query, language, slug)
                counts[address] = count_queries(client, address, warm_up=warm_up)
    for addresses in api_urls(client, world).values():
        for address in addresses:
            counts[address] = count_queries(client, address, warm_up=warm_up)
    return counts


@pytest.fixture(scope="module")
def measures(django_db_setup, django_db_blocker):
    """The query counts of every address with FEW and with MANY records of each kind."""
    with django_db_blocker.unblock(), transaction.atomic():
        world = World(
            HomeGovernment.objects.create(name="Ciudad Global", slug="global", country="MX")
        )
        HomeGovernment.objects.create(name="Otra ciudad", slug="otra", country="CO")
        client = Client(raise_request_exception=False)
        build(world, FEW)
        result = Measures(few=measure_all(client, world, warm_up=True))
        result.names = set(portal_addresses(world))
        result.unasked = [path for path, asked in api_urls(client, world).items() if not asked]
        build(world, MANY - FEW)
        result.many = measure_all(client, world, warm_up=False)
        transaction.set_rollback(True)
    cache.clear()
    return result


def test_every_public_address_has_a_budget(measures):
    """A new portal page or API endpoint fails here until it is measured or exempted."""
    assert portal_names() - EXEMPT.keys() == measures.names
    assert not set(EXEMPT) - portal_names(), "exemptions for pages that no longer exist"
    assert not measures.unasked


def test_queries_do_not_grow_with_the_records(measures):
    grew = {
        address: (few, measures.many[address])
        for address, few in measures.few.items()
        if measures.many[address] != few
    }
    assert not grew, grew


def test_queries_stay_under_the_ceiling(measures):
    over = {
        address: n
        for address, n in measures.many.items()
        if not isinstance(n, int) or n > CEILINGS.get(address, CEILING)
    }
    assert not over, over
