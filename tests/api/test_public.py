"""The public read API: only published records of the government asked for, the portal's
filters, search, cursor pagination, one error body, bounded queries."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ciudadglobal.api.selectors import ENTITIES
from ciudadglobal.core.models import Visibility, WorkflowState
from tests import factories as f

pytestmark = pytest.mark.django_db
PATHS = sorted(ENTITIES)
PUBLIC = {"visibility": Visibility.PUBLIC, "state": WorkflowState.PUBLISHED}


def get(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, response.content[:1000]
    return response.json()


def all_ids(client, url) -> list[int]:
    ids, body = [], get(client, url)
    while True:
        ids += [record["id"] for record in body["results"]]
        if body["next"] is None:
            return ids
        body = get(client, body["next"])


def assert_error(body, status):
    assert body["status"] == status
    assert body["code"] and body["message"]
    assert isinstance(body["errors"], list)


# --- The document ---------------------------------------------------------------------------


def test_openapi_document_and_docs_are_served(client):
    document = get(client, "/api/openapi.json")
    assert document["openapi"].startswith("3.")
    assert "/api/v1/{government}/agreements" in document["paths"]
    operation = document["paths"]["/api/v1/{government}/agreements"]["get"]
    names = {parameter["name"] for parameter in operation["parameters"]}
    assert {"q", "kind", "status", "country", "partner", "cursor", "limit", "sdg"} <= names
    assert client.get("/api/docs").status_code == 200


def test_the_portal_links_the_api(client, government):
    page = client.get(f"/{government.slug}/open-data/").content.decode()
    assert 'href="/api/openapi.json"' in page
    assert 'href="/api/docs"' in page


def test_governments(client, registry):
    listed = get(client, "/api/v1/governments")
    assert {g["slug"] for g in listed} == {"cdmx", "bogota"}
    cdmx = get(client, "/api/v1/governments/cdmx")
    assert cdmx["country"] == "MX" and cdmx["currency"] == "MXN"
    assert cdmx["data_licence"] == "CC-BY-4.0"
    assert_error(get(client, "/api/v1/governments/nowhere", 404), 404)


# --- Visibility -----------------------------------------------------------------------------


@pytest.mark.parametrize("path", PATHS)
def test_lists_show_exactly_the_published_records(client, registry, path):
    ids = set(all_ids(client, f"/api/v1/cdmx/{path}?limit=2"))
    assert ids == registry.visible[path]
    assert not ids & registry.hidden[path]


@pytest.mark.parametrize("path", PATHS)
def test_records_not_published_answer_404(client, registry, path):
    for pk in registry.hidden[path]:
        assert_error(get(client, f"/api/v1/cdmx/{path}/{pk}", 404), 404)
    for pk in registry.visible[path]:
        assert get(client, f"/api/v1/cdmx/{path}/{pk}")["id"] == pk


@pytest.mark.parametrize("path", PATHS)
def test_another_governments_address_never_shows_these_records(client, registry, path):
    ids = set(all_ids(client, f"/api/v1/bogota/{path}"))
    assert not ids & registry.visible[path]
    for pk in registry.visible[path]:
        get(client, f"/api/v1/bogota/{path}/{pk}", 404)
    assert_error(get(client, f"/api/v1/nowhere/{path}", 404), 404)


def test_related_rows_the_public_may_not_see_are_left_out(client, registry):
    twinning = get(client, f"/api/v1/cdmx/agreements/{registry.objects['twinning'].pk}")
    assert [party["actor_id"] for party in twinning["parties"]] == [registry.objects["paris"].pk]
    assert twinning["parties"][0]["signatory_id"] == registry.objects["person"].pk
    assert twinning["department_id"] is None  # an internal department
    assert twinning["status"] == "in_force"
    project = get(client, "/api/v1/cdmx/projects")["results"][0]
    assert [(row["amount"], row["currency"]) for row in project["fundings"]] == [("1500.50", "EUR")]
    network = get(client, "/api/v1/cdmx/networks")["results"][0]
    assert [position["title"] for position in network["positions"]] == ["Vicepresidencia"]
    plan = get(client, "/api/v1/cdmx/plans")["results"][0]
    assert [element["name"] for element in plan["elements"]] == ["Eje uno"]


def test_codes(client, registry):
    activity = get(client, "/api/v1/cdmx/activities")["results"][0]
    assert activity["countries"] == ["FR"]
    assert activity["participants"][0]["name"] == "Luis Gómez"
    paris = get(client, f"/api/v1/cdmx/actors/{registry.objects['paris'].pk}")
    assert paris["country"] == "FR"


# --- Filters and search ---------------------------------------------------------------------


def test_filters_of_the_portal(client, registry):
    twinning, madrid = registry.objects["twinning"].pk, registry.objects["madrid_agreement"].pk
    assert all_ids(client, "/api/v1/cdmx/agreements?kind=twinning") == [twinning]
    assert all_ids(client, "/api/v1/cdmx/agreements?country=ES") == [madrid]
    assert all_ids(client, "/api/v1/cdmx/agreements?region=europe") == [twinning, madrid]
    assert all_ids(client, "/api/v1/cdmx/agreements?year_from=2014") == [madrid]
    assert all_ids(
        client, f"/api/v1/cdmx/agreements?department={registry.objects['department'].pk}"
    ) == [madrid]
    assert all_ids(client, "/api/v1/cdmx/activities?country=FR") != []


def test_partner_filter(client, registry):
    paris = registry.objects["paris"].pk
    assert all_ids(client, f"/api/v1/cdmx/agreements?partner={paris}") == [
        registry.objects["twinning"].pk
    ]
    assert len(all_ids(client, f"/api/v1/cdmx/projects?partner={paris}")) == 1
    # An actor the public may not see is no filter at all: refused, not used.
    body = get(client, f"/api/v1/cdmx/agreements?partner={registry.objects['secret'].pk}", 400)
    assert body["errors"][0]["field"] == "partner"


def test_search_ignores_accents_and_case(client, registry):
    assert all_ids(client, "/api/v1/cdmx/agreements?q=PARIS") == [registry.objects["twinning"].pk]
    assert all_ids(client, "/api/v1/cdmx/actors?q=paris") == [registry.objects["paris"].pk]
    assert all_ids(client, "/api/v1/cdmx/agreements?q=interno") == []


@pytest.mark.parametrize(
    "query, field",
    [
        ("kind=nonsense", "kind"),
        ("country=france", "country"),
        ("theme=999999", "theme"),
        ("sdg=18", "sdg"),
        ("limit=0", "limit"),
        ("limit=201", "limit"),
        ("cursor=bm90LWEtY3Vyc29y", "cursor"),
        ("sort=title", "sort"),
        ("year_from=0000", "year_from"),
    ],
)
def test_bad_parameters_answer_400_naming_them(client, registry, query, field):
    body = get(client, f"/api/v1/cdmx/agreements?{query}", 400)
    assert_error(body, 400)
    assert field in {error["field"] for error in body["errors"]}


def test_a_filter_that_does_not_apply_is_not_offered(client):
    document = get(client, "/api/openapi.json")
    networks = document["paths"]["/api/v1/{government}/networks"]["get"]
    assert "partner" not in {parameter["name"] for parameter in networks["parameters"]}


# --- Pagination -----------------------------------------------------------------------------


def test_cursor_pages_are_stable_across_inserts(client, registry, government):
    for n in range(5):
        f.AgreementFactory(home_government=government, **PUBLIC, title=f"Convenio extra {n}")
    expected = sorted(registry.visible["agreements"])
    first = get(client, "/api/v1/cdmx/agreements?limit=3")
    assert first["count"] == 7
    seen = [record["id"] for record in first["results"]]
    # Records added and one deleted while paging: nothing repeated, nothing skipped.
    late = f.AgreementFactory(home_government=government, **PUBLIC, title="Convenio tardío")
    body = get(client, first["next"])
    while True:
        seen += [record["id"] for record in body["results"]]
        if body["next"] is None:
            break
        body = get(client, body["next"])
    assert len(seen) == len(set(seen))
    assert seen == sorted(seen)
    assert set(expected) <= set(seen) and late.pk in seen


def test_sort_by_last_change(client, registry):
    ids = all_ids(client, "/api/v1/cdmx/agreements?sort=updated&limit=1")
    twinning = registry.objects["twinning"]
    twinning.title = "Hermanamiento con París (revisado)"
    twinning.save()
    again = all_ids(client, "/api/v1/cdmx/agreements?sort=updated&limit=1")
    assert sorted(ids) == sorted(again) and again[-1] == twinning.pk


def test_a_cursor_of_another_sort_is_refused(client, registry):
    first = get(client, "/api/v1/cdmx/agreements?limit=1")
    cursor = first["next"].split("cursor=")[1]
    get(client, f"/api/v1/cdmx/agreements?limit=1&sort=updated&cursor={cursor}", 400)


# --- Queries --------------------------------------------------------------------------------


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as context:
        get(client, url)
    return len(context)


@pytest.mark.parametrize("path", PATHS)
def test_queries_do_not_grow_with_the_records(client, registry, government, path):
    url = f"/api/v1/cdmx/{path}?limit=100"
    few = _queries(client, url)
    g = {"home_government": government, **PUBLIC}
    for n in range(12):
        paris = registry.objects["paris"]
        agreement = f.AgreementFactory(**g, title=f"Otro convenio {n}")
        f.AgreementPartyFactory(agreement=agreement, actor=paris)
        activity = f.ActivityFactory(**g)
        f.ActivityParticipantFactory(activity=activity)
        project = f.ProjectFactory(**g)
        f.FundingFactory(project=project, funder=paris)
        membership = f.NetworkMembershipFactory(**g, network=f.NetworkFactory(**g))
        f.NetworkPositionFactory(membership=membership)
        f.AwardFactory(**g)
        f.PlanElementFactory(**g, plan=f.PlanFactory(**g))
        f.PublishedFigureFactory(**g)
        f.PersonFactory(**g)
    many = _queries(client, url)
    assert many == few
    assert many <= 25
