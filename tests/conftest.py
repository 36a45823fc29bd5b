"""Shared fixtures: two home governments, their staff, and every model's factory."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission
from django.utils import translation
from pytest_factoryboy import register

from tests import factories as f

REGISTRY_APPS = [
    "core",
    "places",
    "taxonomy",
    "actors",
    "agreements",
    "activities",
    "projects",
    "networks",
    "awards",
    "strategy",
    "transparency",
    "indicators",
    "participation",
    "coordination",
]

register(f.HomeGovernmentFactory)
register(f.UserFactory)
register(f.StaffMembershipFactory)
register(f.CityFactory, "city")
register(f.SourceFactory)
register(f.ThemeFactory)
register(f.ActorFactory)
register(f.DepartmentFactory)
register(f.NetworkFactory, "network")
register(f.PersonFactory)
register(f.PostFactory)
register(f.MembershipFactory)
register(f.LifecycleStepFactory)
register(f.AgreementFactory)
register(f.AgreementPartyFactory)
register(f.AgreementStepFactory)
register(f.CommitmentFactory)
register(f.CommitmentFollowUpFactory)
register(f.ActivityFactory)
register(f.ActivityParticipantFactory)
register(f.ProjectFactory)
register(f.ProjectParticipantFactory)
register(f.FundingFactory)
register(f.NetworkMembershipFactory)
register(f.NetworkPositionFactory)
register(f.AwardFactory)
register(f.CityAwardFactory)
register(f.CityAwardEditionFactory)
register(f.LocalTargetFactory)
register(f.IndicatorFactory)
register(f.ObservationFactory)


@pytest.fixture(autouse=True)
def _fast_and_isolated(settings, tmp_path):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = tmp_path / "media"
    # Each test starts in the default language, whatever the previous request activated.
    with translation.override(settings.LANGUAGE_CODE):
        yield


@pytest.fixture
def government(db):
    return f.HomeGovernmentFactory(name="Ciudad de México", slug="cdmx")


@pytest.fixture
def other_government(db):
    return f.HomeGovernmentFactory(name="Bogotá", slug="bogota", country="CO")


def make_staff(government, **kwargs):
    """A staff member of ``government`` with every permission on the registry."""
    user = f.UserFactory(**kwargs)
    user.user_permissions.set(Permission.objects.filter(content_type__app_label__in=REGISTRY_APPS))
    f.StaffMembershipFactory(user=user, home_government=government)
    return user


@pytest.fixture
def staff(government):
    return make_staff(government, username="ana")


@pytest.fixture
def other_staff(other_government):
    return make_staff(other_government, username="bruno")


@pytest.fixture
def staff_client(client, staff):
    client.force_login(staff)
    return client


@pytest.fixture
def other_staff_client(client, other_staff):
    client.force_login(other_staff)
    return client
