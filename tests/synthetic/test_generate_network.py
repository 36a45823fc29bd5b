"""The synthetic network: deterministic, sized as asked, tenant-tight, valid and served."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.db import transaction
from django.db.models import F

from ciudadglobal.activities.models import Activity, ActivityParticipant
from ciudadglobal.actors.models import Actor
from ciudadglobal.agreements.models import Agreement, AgreementParty
from ciudadglobal.core.models import Source
from ciudadglobal.networks.models import NetworkMembership, NetworkPosition
from ciudadglobal.projects.models import Project, ProjectParticipant
from ciudadglobal.synthetic.generator import SOURCE_TITLE, generate_network, slug_for, weights
from ciudadglobal.taxonomy.models import Theme
from ciudadglobal.tenants.models import HomeGovernment

pytestmark = pytest.mark.django_db

GOVERNMENTS, SCALE, SEED = 3, 0.05, 7
RECORDS = (Actor, Agreement, Activity, Project, NetworkMembership)


def snapshot() -> dict:
    """Everything generated, without database ids (sequences are not rolled back)."""
    return {
        "actors": list(
            Actor.objects.order_by("home_government__slug", "dataset_key").values_list(
                "home_government__slug", "dataset_key", "kind", "name", "country",
                "place__geonames_id", "visibility", "state",
            )
        ),
        "agreements": list(
            Agreement.objects.order_by("home_government__slug", "dataset_key").values_list(
                "home_government__slug", "dataset_key", "kind", "title", "signed",
                "signed_date_unknown", "department__dataset_key", "visibility", "state",
            )
        ),
        "parties": sorted(
            AgreementParty.objects.values_list("agreement__dataset_key", "actor__dataset_key")
        ),
        "activities": list(
            Activity.objects.order_by("home_government__slug", "dataset_key").values_list(
                "home_government__slug", "dataset_key", "kind", "title", "start", "visibility",
                "state",
            )
        ),
        "activity_departments": sorted(
            Activity.departments.through.objects.values_list(
                "activity__home_government__slug", "activity__dataset_key", "department__name"
            )
        ),
    }  # fmt: skip


@pytest.fixture
def network():
    return generate_network(GOVERNMENTS, SCALE, SEED)


def test_the_same_seed_writes_the_same_network_and_another_seed_another(network):
    first = snapshot()
    with transaction.atomic():
        sid = transaction.savepoint()
        # Start again from an empty registry within a savepoint, then drop it.
        for model in (ActivityParticipant, AgreementParty, ProjectParticipant, NetworkPosition):
            model.objects.all().delete()
        for m2m in (Activity.departments, Activity.counterparts, Activity.places,
                    Activity.themes, Activity.networks, Activity.agreements,
                    Agreement.themes, Project.themes, Project.departments):  # fmt: skip
            m2m.through.objects.all().delete()
        for model in (Activity, NetworkMembership, Project, Agreement, Actor, Theme, Source):
            model.objects.all().delete()
        HomeGovernment.objects.filter(slug__startswith=f"red-{SEED}-").delete()
        generate_network(GOVERNMENTS, SCALE, SEED)
        assert snapshot() == first
        transaction.savepoint_rollback(sid)
    other = generate_network(GOVERNMENTS, SCALE, SEED + 1)
    assert other.rows["activities.Activity"] > 0
    titles = set(Activity.objects.filter(home_government__slug__startswith=f"red-{SEED + 1}-"))
    assert {a.title for a in titles} != {row[3] for row in first["activities"]}


def test_the_counts_follow_the_reference_sizes(network):
    governments = HomeGovernment.objects.filter(slug__startswith=f"red-{SEED}-")
    assert governments.count() == GOVERNMENTS
    sizes = weights(GOVERNMENTS)
    for index, size in enumerate(sizes):
        government = governments.get(slug=slug_for(SEED, index))
        assert Activity.objects.for_government(government).count() == round(1000 * SCALE * size)
        assert Agreement.objects.for_government(government).count() == round(100 * SCALE * size)
        assert Actor.objects.for_government(government).count() == max(6, round(200 * SCALE * size))
        assert Actor.objects.for_government(government).departments().exists()
    assert network.rows["activities.Activity"] == Activity.objects.count()
    # The largest government comes first.
    counts = [Activity.objects.for_government(g).count() for g in governments.order_by("slug")]
    assert counts == sorted(counts, reverse=True)
    # Some records are kept off the public side, most are public.
    published = Activity.objects.published().count()
    assert 0.7 * Activity.objects.count() < published < Activity.objects.count()


def test_every_row_belongs_to_its_own_government(network):
    def crossing(queryset, own: str, other: str) -> int:
        return queryset.exclude(**{own: F(other)}).count()

    assert (
        crossing(AgreementParty.objects, "agreement__home_government", "actor__home_government")
        == 0
    )
    assert (
        crossing(
            Agreement.objects.exclude(department=None),
            "home_government",
            "department__home_government",
        )
        == 0
    )
    assert (
        crossing(ProjectParticipant.objects, "project__home_government", "actor__home_government")
        == 0
    )
    assert crossing(NetworkMembership.objects, "home_government", "network__home_government") == 0
    for model in (Actor, Agreement, Activity, Project, NetworkMembership):
        assert crossing(model.objects, "home_government", "source__home_government") == 0
        assert not model.objects.exclude(source__title=SOURCE_TITLE).exists()
    links = {
        Activity.departments: "department",
        Activity.counterparts: "actor",
        Activity.networks: "actor",
        Activity.themes: "theme",
        Activity.agreements: "agreement",
        Agreement.themes: "theme",
        Project.departments: "department",
        Project.themes: "theme",
    }
    for m2m, target in links.items():
        through = m2m.through.objects
        owner = m2m.field.m2m_field_name()
        assert through.exists(), m2m
        assert crossing(through, f"{owner}__home_government", f"{target}__home_government") == 0
    # A government other than the generated ones sees none of their rows.
    elsewhere = HomeGovernment.objects.create(name="Elsewhere", slug="elsewhere", country="FR")
    for model in RECORDS:
        assert not model.objects.for_government(elsewhere).exists()  # fmt: skip


def test_a_sample_of_every_kind_of_row_is_valid(network):
    for model in (*RECORDS, AgreementParty, ActivityParticipant, ProjectParticipant,
                  NetworkPosition, Theme, Source, HomeGovernment):  # fmt: skip
        rows = list(model.objects.order_by("pk")[:15])
        assert rows, model
        for row in rows:
            row.full_clean()


def test_a_generated_government_is_served_by_the_portal_and_the_api(client, network):
    slug = slug_for(SEED, 0)
    assert client.get(f"/{slug}/").status_code == 200
    response = client.get(f"/api/v1/{slug}/activities", {"limit": 5})
    assert response.status_code == 200
    results = response.json()["results"]
    assert results
    public = set(
        Activity.objects.filter(home_government__slug=slug).published().values_list("pk", flat=True)
    )
    assert {row["id"] for row in results} <= public


def test_the_command_refuses_a_seed_already_generated(network):
    with pytest.raises(Exception, match="already been generated"):
        call_command("generate_network", governments=GOVERNMENTS, seed=SEED, scale=SCALE)
