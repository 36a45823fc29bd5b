"""A network of synthetic home governments, for scale tests and the benchmark under ``bench/``.

``generate_network(governments, scale, seed)`` writes ``governments`` home governments, each
with its source, themes, departments and foreign actors, agreements with their parties,
activities (with departments, counterparts, places, themes, networks, participants), projects
with participants, and network memberships with positions. The shapes come from the Mexico
City dataset (``distributions``); the sizes from the reference network of issue 9 at scale 1.
Governments differ in size (the *i*-th is proportional to ``1/sqrt(i)``, normalised so that the
totals match the reference), so that there is a largest government to measure reports on.

Deterministic: each government draws from its own ``random.Random(f"{seed}:{i}")``, so the
same seed writes the same rows (same ``dataset_key`` and values) in the same order.

Fast: rows are written with ``bulk_create`` in large batches, one transaction per chunk of
governments. That skips ``save()``, its signals and django-simple-history's per-row history,
as a bulk load should: every record cites the government's "Synthetic data" source, which says
how it was made. The records are valid (``tests/synthetic`` runs ``full_clean`` on a sample).
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import transaction
from django_countries import countries

from ciudadglobal.activities.models import Activity, ActivityParticipant
from ciudadglobal.actors.models import Actor
from ciudadglobal.agreements.models import Agreement, AgreementParty
from ciudadglobal.core.models import Source
from ciudadglobal.networks.models import NetworkMembership, NetworkPosition
from ciudadglobal.places import gazetteer
from ciudadglobal.places.models import Place
from ciudadglobal.places.services import places_get_or_create_from_gazetteer
from ciudadglobal.projects.models import Project, ProjectParticipant
from ciudadglobal.taxonomy.models import Theme
from ciudadglobal.tenants.models import HomeGovernment

from . import distributions as dist

SOURCE_TITLE = "Synthetic data (generate_network)"
#: Cities of the offline gazetteer used as seats and partners (the most populous ones).
CITY_POOL = 3000
#: Activities per transaction, roughly: governments are written in chunks of about this size.
CHUNK_ACTIVITIES = 60_000

FOREIGN_KINDS = ("foreign_local", "foreign_regional")
PARTNER_KINDS = (
    "foreign_local",
    "foreign_regional",
    "national_government",
    "international_org",
    "civil_society",
    "company",
    "embassy",
    "foundation",
)


def slug_for(seed: int, index: int) -> str:
    """The address of the ``index``-th (from 0) synthetic government of ``seed``."""
    return f"red-{seed}-{index + 1:04d}"


@dataclass
class Counts:
    """Rows written, per model label."""

    rows: dict[str, int] = field(default_factory=dict)

    def add(self, label: str, n: int) -> None:
        self.rows[label] = self.rows.get(label, 0) + n


def weights(n: int) -> list[float]:
    """Relative sizes of ``n`` governments, mean 1, largest first."""
    raw = [1 / math.sqrt(i + 1) for i in range(n)]
    mean = sum(raw) / n
    return [r / mean for r in raw]


def allocate(total: int, shares: dict, minimum: dict | None = None) -> dict:
    """Split ``total`` by ``shares`` (largest remainder), giving each key its ``minimum``."""
    minimum = minimum or {}
    base = {k: minimum.get(k, 0) for k in shares}
    rest = max(0, total - sum(base.values()))
    whole = sum(shares.values())
    exact = {k: rest * v / whole for k, v in shares.items()}
    out = {k: base[k] + int(exact[k]) for k in shares}
    left = total - sum(out.values())
    for k in sorted(shares, key=lambda k: (-(exact[k] - int(exact[k])), str(k)))[: max(0, left)]:
        out[k] += 1
    return out


def pick(rng: random.Random, table: dict):
    return rng.choices(list(table), weights=list(table.values()))[0]


def partial_date(rng: random.Random, years: dict) -> str:
    year = pick(rng, years)
    precision = pick(rng, dist.DATE_PRECISION)
    if precision == "year":
        return f"{year}"
    month = rng.randint(1, 12)
    if precision == "month":
        return f"{year}-{month:02d}"
    return f"{year}-{month:02d}-{rng.randint(1, 28):02d}"


def city_pool() -> list[Place]:
    """The most populous gazetteer cities as shared Places, created on first use."""
    return places_get_or_create_from_gazetteer(gazetteer.most_populous(CITY_POOL))


class GovernmentPlan:
    """Everything one government will hold, drawn from its own random generator."""

    def __init__(self, seed: int, index: int, weight: float, scale: float, cities: list[Place]):
        self.rng = random.Random(f"{seed}:{index}")
        self.index = index
        size = weight * scale
        self.n = {key: max(1, round(base * size)) for key, base in dist.PER_GOVERNMENT.items()}
        self.n["actors"] = max(6, self.n["actors"])
        self.seat = cities[index % len(cities)]
        self.cities = cities

    def state(self) -> tuple[str, str]:
        return pick(self.rng, dist.VISIBILITY_STATES)


class Generator:
    def __init__(
        self,
        governments: int,
        scale: float = 1.0,
        seed: int = 0,
        *,
        batch_size: int = 5000,
        progress: Callable[[str], None] | None = None,
    ):
        self.governments = governments
        self.scale = scale
        self.seed = seed
        self.batch_size = batch_size
        self.progress = progress or (lambda message: None)
        self.counts = Counts()

    # -- writing ------------------------------------------------------------------------
    def bulk(self, model, rows: list) -> list:
        model.objects.bulk_create(rows, batch_size=self.batch_size)
        self.counts.add(model._meta.label, len(rows))
        return rows

    def through(self, m2m, pairs: list[tuple[int, int]]) -> None:
        """Rows of a many-to-many field's table, (owner id, related id)."""
        field = m2m.field
        through = field.remote_field.through
        source = field.m2m_field_name() + "_id"
        target = field.m2m_reverse_field_name() + "_id"
        self.bulk(through, [through(**{source: a, target: b}) for a, b in pairs])

    # -- the network --------------------------------------------------------------------
    def run(self) -> Counts:
        cities = city_pool()
        sizes = weights(self.governments)
        plans = [
            GovernmentPlan(self.seed, i, sizes[i], self.scale, cities)
            for i in range(self.governments)
        ]
        chunk: list[GovernmentPlan] = []
        load = 0
        for plan in plans:
            chunk.append(plan)
            load += plan.n["activities"]
            if load >= CHUNK_ACTIVITIES:
                self.write_chunk(chunk)
                chunk, load = [], 0
        if chunk:
            self.write_chunk(chunk)
        return self.counts

    @transaction.atomic
    def write_chunk(self, plans: list[GovernmentPlan]) -> None:
        governments = self.bulk(
            HomeGovernment,
            [
                HomeGovernment(
                    name=f"{p.seat.name} · red sintética {self.seed}-{p.index + 1:04d}",
                    name_en=f"{p.seat.name} · synthetic network {self.seed}-{p.index + 1:04d}",
                    slug=slug_for(self.seed, p.index),
                    country=p.seat.country.code,
                    place=p.seat,
                )
                for p in plans
            ],
        )
        for plan, government in zip(plans, governments, strict=True):
            plan.government = government
        sources = self.bulk(
            Source,
            [
                Source(
                    home_government=p.government,
                    title=SOURCE_TITLE,
                    author="Ciudad Global",
                    notes=(
                        f"Generated by manage.py generate_network, seed {self.seed}, scale "
                        f"{self.scale}: not real data."
                    ),
                )
                for p in plans
            ],
        )
        for plan, source in zip(plans, sources, strict=True):
            plan.source = source
        themes = self.bulk(
            Theme,
            [
                Theme(home_government=p.government, name=name, name_en=name_en)
                for p in plans
                for name, name_en in dist.THEMES
            ],
        )
        per = len(dist.THEMES)
        for i, plan in enumerate(plans):
            plan.themes = themes[i * per : (i + 1) * per]
        self.write_actors(plans)
        self.write_agreements(plans)
        self.write_projects(plans)
        self.write_activities(plans)
        self.write_networks(plans)
        self.progress(
            f"{plans[-1].index + 1}/{self.governments} governments "
            f"({self.counts.rows.get('activities.Activity', 0):,} activities)"
        )

    def record(self, plan: GovernmentPlan, model, key: str, **values):
        visibility, state = plan.state()
        return model(
            home_government=plan.government,
            source=plan.source,
            dataset_key=key,
            visibility=visibility,
            state=state,
            **values,
        )

    def write_actors(self, plans: list[GovernmentPlan]) -> None:
        rows = []
        for plan in plans:
            rng = plan.rng
            kinds = allocate(
                plan.n["actors"] - 1,
                dist.ACTOR_KINDS,
                {"home_department": 1, "foreign_local": 1, "city_network": 1},
            )
            home = self.record(
                plan,
                Actor,
                "syn-actor-0",
                kind="home_government",
                name=f"Gobierno de {plan.seat.name}",
                country=plan.seat.country.code,
                place=plan.seat,
            )
            home.visibility, home.state = "public", "published"
            plan.actors = [home]
            taken: set[tuple[str, str]] = set()
            cities = rng.sample(plan.cities, min(len(plan.cities), plan.n["actors"]))
            country_codes = sorted({c.country.code for c in plan.cities})
            nations = rng.sample(
                country_codes, min(len(country_codes), kinds["national_government"])
            )
            for kind, count in kinds.items():
                for k in range(count):
                    city = cities[len(plan.actors) % len(cities)]
                    values = {"kind": kind}
                    if kind == "home_department":
                        theme, theme_en = dist.THEMES[k % len(dist.THEMES)]
                        n = k // len(dist.THEMES)
                        suffix = f" {n + 1}" if n else ""
                        values |= {
                            "name": f"Secretaría de {theme}{suffix}",
                            "name_en": f"Department of {theme_en}{suffix}",
                            "country": plan.seat.country.code,
                        }
                    elif kind in FOREIGN_KINDS:
                        word, word_en = (
                            ("Gobierno de", "Government of")
                            if kind == "foreign_local"
                            else ("Gobierno regional de", "Regional government of")
                        )
                        values |= {
                            "name": f"{word} {city.name}",
                            "name_en": f"{word_en} {city.name}",
                            "country": city.country.code,
                            "place": city,
                        }
                    elif kind == "national_government":
                        code = nations[k] if k < len(nations) else city.country.code
                        values |= {
                            "name": f"Gobierno de {countries.name(code)} {k + 1}",
                            "country": code,
                        }
                    elif kind in ("city_network", "international_org"):
                        names = dist.NETWORKS if kind == "city_network" else dist.INTERNATIONAL_ORGS
                        n = k // len(names)
                        values["name"] = names[k % len(names)] + (f" {n + 1}" if n else "")
                    else:
                        label = {
                            "civil_society": "Organización civil",
                            "company": "Empresa",
                            "embassy": "Embajada en",
                            "foundation": "Fundación",
                            "academic": "Universidad",
                        }[kind]
                        values |= {
                            "name": f"{label} {city.name} {k + 1}",
                            "country": city.country.code,
                            "place": city,
                        }
                    name = values["name"]
                    n = 1
                    while (kind, values["name"]) in taken:  # two cities of one name
                        n += 1
                        values["name"] = f"{name} ({n})"
                    taken.add((kind, values["name"]))
                    plan.actors.append(
                        self.record(plan, Actor, f"syn-actor-{len(plan.actors)}", **values)
                    )
            rows.extend(plan.actors)
            plan.departments = [a for a in plan.actors if a.kind == "home_department"]
            plan.networks = [a for a in plan.actors if a.kind == "city_network"]
            plan.partners = {
                kind: [a for a in plan.actors if a.kind == kind] for kind in PARTNER_KINDS
            }
            plan.foreign = [a for a in plan.actors if a.kind in PARTNER_KINDS]
        self.bulk(Actor, rows)

    def partner_for(self, plan: GovernmentPlan, kinds: tuple[str, ...]) -> Actor:
        choices = [a for kind in kinds for a in plan.partners[kind]]
        return plan.rng.choice(choices or plan.foreign or plan.actors[1:])

    def write_agreements(self, plans: list[GovernmentPlan]) -> None:
        rows, parties, themes = [], [], []
        titles = {
            "twinning": ("Acuerdo de hermanamiento con {p}", "Twinning agreement with {p}"),
            "friendship": ("Acuerdo de amistad con {p}", "Friendship agreement with {p}"),
            "specific_cooperation": (
                "Convenio de cooperación en {t} con {p}",
                "Cooperation agreement on {te} with {p}",
            ),
            "framework": ("Convenio marco con {p}", "Framework agreement with {p}"),
            "memorandum": ("Memorando de entendimiento con {p}", "Memorandum with {p}"),
            "collaboration": (
                "Convenio de colaboración en {t} con {p}",
                "Collaboration agreement on {te} with {p}",
            ),
            "letter_of_intent": ("Carta de intención con {p}", "Letter of intent with {p}"),
        }
        for plan in plans:
            rng = plan.rng
            plan.agreements = []
            for k in range(plan.n["agreements"]):
                kind = pick(rng, dist.AGREEMENT_KINDS)
                partner_kinds = {
                    "framework": ("international_org",),
                    "twinning": ("foreign_local",),
                    "friendship": ("foreign_local",),
                }.get(kind, PARTNER_KINDS)
                partner = self.partner_for(plan, partner_kinds)
                theme = rng.choice(plan.themes)
                es, en = titles[kind]
                unknown = rng.random() < dist.AGREEMENT_SIGNED_UNKNOWN
                signed = None if unknown else str(pick(rng, dist.AGREEMENT_SIGNED_YEARS))
                agreement = self.record(
                    plan,
                    Agreement,
                    f"syn-agreement-{k}",
                    kind=kind,
                    title=es.format(p=partner.name, t=theme.name.lower()),
                    title_en=en.format(p=partner.name, te=theme.name_en.lower()),
                    description=(
                        f"Acuerdo sintético sobre {theme.name.lower()} con {partner.name}."
                    ),
                    description_en=f"Synthetic agreement on {theme.name_en.lower()}.",
                    signed=signed,
                    signed_date_unknown=unknown,
                    department=(
                        rng.choice(plan.departments)
                        if rng.random() < dist.AGREEMENT_WITH_DEPARTMENT
                        else None
                    ),
                )
                agreement.partners = [partner]
                if rng.random() < dist.AGREEMENT_TWO_PARTIES:
                    other = self.partner_for(plan, PARTNER_KINDS)
                    if other is not partner:
                        agreement.partners.append(other)
                agreement.theme_list = (
                    [theme, *rng.sample(plan.themes, rng.randint(0, 1))]
                    if rng.random() < dist.AGREEMENT_WITH_THEMES
                    else []
                )
                plan.agreements.append(agreement)
            rows.extend(plan.agreements)
        self.bulk(Agreement, rows)
        for agreement in rows:
            for actor in agreement.partners:
                parties.append(AgreementParty(agreement_id=agreement.pk, actor_id=actor.pk))
            themes.extend(
                (agreement.pk, t.pk) for t in {t.pk: t for t in agreement.theme_list}.values()
            )
        self.bulk(AgreementParty, parties)
        self.through(Agreement.themes, themes)

    def write_projects(self, plans: list[GovernmentPlan]) -> None:
        rows, participants, themes, departments = [], [], [], []
        for plan in plans:
            rng = plan.rng
            plan.projects = []
            for k in range(plan.n["projects"]):
                theme = rng.choice(plan.themes)
                partner = self.partner_for(plan, PARTNER_KINDS)
                start = partial_date(rng, dist.ACTIVITY_START_YEARS) if rng.random() < 0.8 else None
                status = pick(rng, dist.PROJECT_STATUSES)
                end = None
                if start and status == "4":
                    end = str(int(str(start)[:4]) + rng.randint(1, 3))
                project = self.record(
                    plan,
                    Project,
                    f"syn-project-{k}",
                    title=f"Proyecto de {theme.name.lower()} con {partner.name}",
                    title_en=f"{theme.name_en} project with {partner.name}",
                    description=f"Proyecto sintético de cooperación descentralizada ({k + 1}).",
                    status=status,
                    start=start,
                    end=end,
                )
                project.links = (partner, theme, rng.choice(plan.departments))
                plan.projects.append(project)
            rows.extend(plan.projects)
        self.bulk(Project, rows)
        for project in rows:
            partner, theme, department = project.links
            participants.append(ProjectParticipant(project_id=project.pk, actor_id=partner.pk))
            themes.append((project.pk, theme.pk))
            departments.append((project.pk, department.pk))
        self.bulk(ProjectParticipant, participants)
        self.through(Project.themes, themes)
        self.through(Project.departments, departments)

    def write_activities(self, plans: list[GovernmentPlan]) -> None:
        titles = {
            "incoming_visit": ("Visita de la delegación de {p}", "Visit by the delegation of {p}"),
            "official_trip": ("Gira de trabajo a {c}", "Official trip to {c}"),
            "event_hosted": ("Foro internacional de {t} en la ciudad", "International {te} forum"),
            "event_abroad": ("Participación en la cumbre de {t} en {c}", "{te} summit in {c}"),
            "technical_mission": ("Misión técnica de {t} a {c}", "{te} technical mission to {c}"),
            "forum": ("Taller de {t} con {p}", "{te} workshop with {p}"),
            "campaign": ("Campaña de {t}", "{te} campaign"),
            "cultural_diplomacy": ("Semana cultural de {c}", "{c} cultural week"),
            "declaration": ("Declaratoria sobre {t} con {p}", "Declaration on {te} with {p}"),
            "services_fair": ("Feria de servicios en {c}", "Services fair in {c}"),
        }
        genders = {"female": 45, "male": 50, "unknown": 5}
        for plan in plans:
            rng = plan.rng
            rows, links = [], []
            for k in range(plan.n["activities"]):
                kind = pick(rng, dist.ACTIVITY_KINDS)
                theme = rng.choice(plan.themes)
                partner = self.partner_for(plan, PARTNER_KINDS)
                city = partner.place or rng.choice(plan.cities)
                es, en = titles[kind]
                words = {
                    "p": partner.name,
                    "c": city.name,
                    "t": theme.name.lower(),
                    "te": theme.name_en.lower(),
                }
                start = (
                    partial_date(rng, dist.ACTIVITY_START_YEARS)
                    if rng.random() < dist.ACTIVITY_WITH_START
                    else None
                )
                rows.append(
                    self.record(
                        plan,
                        Activity,
                        f"syn-activity-{k}",
                        kind=kind,
                        title=es.format(**words),
                        title_en=en.format(**words).capitalize(),
                        description=(
                            f"Actividad sintética de {theme.name.lower()} con {partner.name}, "
                            f"{city.name}."
                        ),
                        description_en=f"Synthetic {theme.name_en.lower()} activity.",
                        start=start,
                    )
                )
                links.append(
                    {
                        "departments": (
                            rng.sample(
                                plan.departments,
                                min(len(plan.departments), 1 + (rng.random() < 0.2)),
                            )
                            if rng.random() < dist.ACTIVITY_WITH_DEPARTMENTS
                            else []
                        ),
                        "counterparts": (
                            [partner] if rng.random() < dist.ACTIVITY_WITH_COUNTERPARTS else []
                        ),
                        "places": [city] if rng.random() < dist.ACTIVITY_WITH_PLACES else [],
                        "themes": [theme] if rng.random() < dist.ACTIVITY_WITH_THEMES else [],
                        "networks": (
                            [rng.choice(plan.networks)]
                            if rng.random() < dist.ACTIVITY_WITH_NETWORKS
                            else []
                        ),
                        "agreement": (rng.choice(plan.agreements) if rng.random() < 0.1 else None),
                        "participant": (
                            (f"Persona {rng.randint(1, 99_999)}", pick(rng, genders))
                            if rng.random() < dist.ACTIVITY_WITH_PARTICIPANTS
                            else None
                        ),
                    }
                )
            plan.activity_rows = rows
            plan.activity_links = links
        self.bulk(Activity, [a for p in plans for a in p.activity_rows])
        pairs: dict[str, list] = {
            "departments": [],
            "counterparts": [],
            "places": [],
            "themes": [],
            "networks": [],
        }
        agreements, participants = [], []
        for plan in plans:
            for activity, link in zip(plan.activity_rows, plan.activity_links, strict=True):
                for name, targets in pairs.items():
                    targets.extend((activity.pk, t.pk) for t in link[name])
                if link["agreement"] is not None:
                    agreements.append((activity.pk, link["agreement"].pk))
                if link["participant"] is not None:
                    name, gender = link["participant"]
                    participants.append(
                        ActivityParticipant(
                            activity_id=activity.pk,
                            name=name,
                            role="guest" if activity.kind == "incoming_visit" else "delegate",
                            gender=gender,
                            sector="government",
                        )
                    )
            del plan.activity_rows, plan.activity_links
        for name, values in pairs.items():
            self.through(getattr(Activity, name), values)
        self.through(Activity.agreements, agreements)
        self.bulk(ActivityParticipant, participants)

    def write_networks(self, plans: list[GovernmentPlan]) -> None:
        rows = []
        for plan in plans:
            rng = plan.rng
            count = min(len(plan.networks), max(1, round(len(plan.networks) * 14 / 16)))
            for k, network in enumerate(rng.sample(plan.networks, count)):
                membership = self.record(
                    plan,
                    NetworkMembership,
                    f"syn-network-{k}",
                    network=network,
                    joined=str(rng.randint(1990, 2018)) if rng.random() < 0.5 else None,
                    notes="Membresía sintética.",
                )
                membership.has_position = rng.random() < 8 / 14
                membership.position_start = str(rng.randint(2010, 2018))
                rows.append(membership)
        self.bulk(NetworkMembership, rows)
        self.bulk(
            NetworkPosition,
            [
                NetworkPosition(
                    membership_id=m.pk,
                    title="Vicepresidencia",
                    title_en="Vice-presidency",
                    body="Buró ejecutivo",
                    start=m.position_start,
                )
                for m in rows
                if m.has_position
            ],
        )


def generate_network(
    governments: int,
    scale: float = 1.0,
    seed: int = 0,
    *,
    batch_size: int = 5000,
    progress: Callable[[str], None] | None = None,
) -> Counts:
    """Write a synthetic network (see the module's docstring); return the rows written."""
    return Generator(governments, scale, seed, batch_size=batch_size, progress=progress).run()
