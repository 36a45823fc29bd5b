"""Full-text search of the explorers (``portal/search.py``) on the backend the suite runs on.

The suite runs on SQLite and on PostgreSQL (``DATABASE_URL``); the tests marked for one backend
pin down where the two differ (whole words on PostgreSQL, substrings on SQLite)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ciudadglobal.agreements.models import Agreement
from ciudadglobal.awards.models import Award
from ciudadglobal.core.text import fold
from ciudadglobal.networks.models import NetworkMembership
from ciudadglobal.portal.search import search
from tests import factories as f

from .test_records import shown, url

FIELDS = ("title", "title_en", "description", "description_en")
TITLES = ("title", "title_en")

postgresql_only = pytest.mark.skipif(
    "connection.vendor != 'postgresql'", reason="PostgreSQL's full-text search"
)
sqlite_only = pytest.mark.skipif("connection.vendor != 'sqlite'", reason="SQLite's fallback")


@pytest.fixture
def agreements(government):
    def make(title, title_en="", description="", description_en="", **kwargs):
        return f.AgreementFactory(
            home_government=government,
            visibility="public",
            title=title,
            title_en=title_en,
            description=description,
            description_en=description_en,
            **kwargs,
        )

    return {
        "paris": make(
            "Hermanamiento con París",
            "Twinning with Paris",
            "Cooperación en movilidad y medio ambiente.",
            "Cooperation on mobility and the environment.",
        ),
        "moscow": make(
            "Convenio de cooperación específica Ciudad de México–Moscú",
            "Specific cooperation agreement Mexico City–Moscow",
            "Renueva el de 2014; cultura y turismo.",
        ),
        "water": make(
            "Acuerdo sobre agua potable",
            "Drinking water agreement",
            "Gestión del agua con Tokio.",
        ),
        "tokyo": make(
            "Memorando con Tokio",
            "",
            "Incluye un programa de agua y de ÁREAS VERDES.",
        ),
    }


def found(q, fields=FIELDS, titles=TITLES) -> set[str]:
    queryset = search(Agreement.objects.all(), q, fields, title_fields=titles)
    return {agreement.title for agreement in queryset}


def test_fold_removes_accents_and_case():
    assert fold("Ángel SÃO Paulo Zürich Ñuñoa") == "angel sao paulo zurich nunoa"


def test_blank_search_keeps_everything(agreements):
    assert len(found("")) == 4
    assert len(found("   ")) == 4


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("paris", {"Hermanamiento con París"}),  # accent-insensitive one way…
        ("PARÍS", {"Hermanamiento con París"}),  # …and the other, and case-insensitive
        ("mexico moscu", {"Convenio de cooperación específica Ciudad de México–Moscú"}),
        ("moscow", {"Convenio de cooperación específica Ciudad de México–Moscú"}),  # English
        ("environment", {"Hermanamiento con París"}),  # English description
        ("areas verdes", {"Memorando con Tokio"}),  # "ÁREAS VERDES" in capitals with accent
        ("agua tokio", {"Acuerdo sobre agua potable", "Memorando con Tokio"}),  # every word
        ("agua moscu", set()),  # every word must appear in the same record
        ("inexistente", set()),
    ],
)
def test_every_word_must_appear_case_and_accent_insensitive(agreements, q, expected):
    assert found(q) == expected


def test_title_matches_rank_first(agreements):
    ranked = search(Agreement.objects.all(), "agua", FIELDS, title_fields=TITLES).order_by(
        "-search_rank"
    )
    assert [a.title for a in ranked] == ["Acuerdo sobre agua potable", "Memorando con Tokio"]


def test_search_follows_foreign_keys(government):
    body = f.ActorFactory(
        home_government=government, visibility="public", name="Organización Mundial del Diseño"
    )
    f.AwardFactory(
        home_government=government, visibility="public", name="Capital", awarding_body=body
    )
    f.AwardFactory(home_government=government, visibility="public", name="Otro")
    fields = ("name", "awarding_body__name")
    assert [a.name for a in search(Award.objects.all(), "diseno", fields)] == ["Capital"]
    network = f.NetworkFactory(home_government=government, name="Metropolis", acronym="AMGM")
    f.NetworkMembershipFactory(home_government=government, network=network)
    assert search(NetworkMembership.objects.all(), "amgm", ("network__acronym",)).count() == 1


@postgresql_only
def test_postgresql_matches_whole_words_with_web_syntax(agreements):
    assert found("agu") == set()  # a whole word, not a prefix
    assert found("agua -memorando") == {"Acuerdo sobre agua potable"}
    assert found('"agua potable"') == {"Acuerdo sobre agua potable"}
    assert found("moscu or paris") == {
        "Hermanamiento con París",
        "Convenio de cooperación específica Ciudad de México–Moscú",
    }


@sqlite_only
def test_sqlite_matches_substrings_and_ignores_operators(agreements):
    assert found("agu") == {"Acuerdo sobre agua potable", "Memorando con Tokio"}
    assert found("hermana") == {"Hermanamiento con París"}
    assert found('"paris"') == {"Hermanamiento con París"}


def test_search_in_the_explorer_with_filters(client, agreements):
    response = client.get(url("agreement-list", query="q=agua"))
    assert [a.title for a in shown(response)] == [
        "Acuerdo sobre agua potable",
        "Memorando con Tokio",
    ]  # by relevance while searching
    assert response.context["sort"] == "relevance"
    response = client.get(url("agreement-list", query="q=agua&sort=title"))
    assert [a.title for a in shown(response)] == [
        "Acuerdo sobre agua potable",
        "Memorando con Tokio",
    ]
    response = client.get(url("agreement-list", query="q=agua&kind=memorandum"))
    assert shown(response) == []
    response = client.get(url("agreement-list", query="sort=relevance"))
    assert response.context["sort"] == "newest"  # no relevance without a search


def test_a_search_too_long_is_refused_not_a_server_error(client, agreements):
    response = client.get(url("agreement-list", query="q=" + "agua" * 60))
    assert response.status_code == 200
    assert response.context["sort"] == "newest"  # not applied: no relevance
    assert len(shown(response)) == len(shown(client.get(url("agreement-list"))))


def test_search_in_every_explorer(client, government):
    f.ActivityFactory(home_government=government, visibility="public", title="Visita de Lisboa")
    f.ProjectFactory(
        home_government=government, visibility="public", title="Proyecto", results="Lisboa"
    )
    f.NetworkMembershipFactory(
        home_government=government,
        visibility="public",
        network=f.NetworkFactory(home_government=government, name="Red de Lisboa"),
    )
    f.AwardFactory(home_government=government, visibility="public", programme="Lisboa verde")
    for name in ("activity-list", "project-list", "network-list", "award-list"):
        assert len(shown(client.get(url(name, query="q=lisboa")))) == 1, name
        assert len(shown(client.get(url(name, query="q=oslo")))) == 0, name


def test_search_costs_the_same_few_queries_whatever_matches(client, government):
    def queries():
        with CaptureQueriesContext(connection) as captured:
            client.get(url("agreement-list", query="q=convenio"))
        return len(captured)

    f.AgreementFactory(home_government=government, visibility="public", title="Convenio 1")
    few = queries()
    for n in range(20):
        f.AgreementFactory(home_government=government, visibility="public", title=f"Convenio {n}")
    assert queries() == few


def test_the_indexed_searches_are_the_ones_the_explorers_and_the_api_run():
    """Each GIN index (portal migration 0001) is on the document a search builds: the fields
    and titles of ``INDEXED`` are those of the explorers and of the API's actor search."""
    from ciudadglobal.api.selectors import ENTITIES
    from ciudadglobal.portal.filters import ActivityFilter, AgreementFilter, ProjectFilter
    from ciudadglobal.portal.search import INDEXED

    searched = {
        cls.Meta.model._meta.label: (cls.search_fields, cls.title_fields)
        for cls in (ActivityFilter, AgreementFilter, ProjectFilter)
    }
    actors = ENTITIES["actors"]
    searched[actors.model_table.model._meta.label] = (actors.search_fields, actors.title_fields)
    assert searched == INDEXED


@postgresql_only
@pytest.mark.django_db
@pytest.mark.parametrize("label", ["activities.Activity", "agreements.Agreement",
                                   "projects.Project", "actors.Actor"])  # fmt: skip
def test_postgresql_answers_a_search_from_its_gin_index(label):
    from django.apps import apps

    from ciudadglobal.portal.search import INDEXED

    model = apps.get_model(label)
    fields, titles = INDEXED[label]
    queryset = search(model.objects.all(), "Ciudad de México -agua", fields, title_fields=titles)
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")  # a tiny table: make the choice plain
        plan = queryset.explain()
    assert f"{model._meta.db_table[:20]}_search" in plan, plan


@postgresql_only
def test_postgresql_removes_accents_as_unaccent_does(agreements, government):
    """Letters without a decomposition (æ, ø, ß, đ) match their plain spelling both ways."""
    nordic = f.AgreementFactory(
        home_government=government, visibility="public", title="Acuerdo con Ærøskøbing"
    )
    for q in ("aeroskobing", "Ærøskøbing", "ÆRØSKØBING"):
        assert list(search(Agreement.objects.all(), q, FIELDS, title_fields=TITLES)) == [nordic]
