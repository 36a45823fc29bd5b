"""Every admin list, add and change page renders and saves, for every registered model."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import translation
from django_tasks.backends.database.models import DBTaskResult

from ciudadglobal.activities.models import Activity
from ciudadglobal.actors.models import Actor, Department, Membership, Person, Post
from ciudadglobal.agreements.models import Agreement, Commitment, LifecycleStep
from ciudadglobal.api.models import ApiToken
from ciudadglobal.awards.models import Award, CityAward
from ciudadglobal.coordination.models import CabinetSession, OperatingPlan, Resolution
from ciudadglobal.core.models import Source
from ciudadglobal.indicators.models import Indicator, LocalTarget, Observation
from ciudadglobal.networks.models import NetworkMembership
from ciudadglobal.places.models import Place
from ciudadglobal.projects.models import Project
from ciudadglobal.reports.models import BenefitEvaluation, Report
from ciudadglobal.strategy.models import Plan, PlanElement
from ciudadglobal.taxonomy.models import SdgGoal, SdgIndicator, SdgTarget, Theme
from ciudadglobal.tenants.models import HomeGovernment
from ciudadglobal.transparency.models import PublishedFigure, QualityFlag
from tests import factories as f
from tests.admin_forms import form_errors, inline_data, main_form_data
from tests.participation import admin_builders as participation


def with_children(factory, *children):
    """Build a record and one row of each of its inlines, so that they are posted too."""

    def build(government):
        record = factory(home_government=government)
        for child_factory, parent_field in children:
            child_factory(**{parent_field: record})
        return record

    return build


def operating_plan(government):
    plan = OperatingPlan.objects.create(
        home_government=government,
        department=f.DepartmentFactory(home_government=government),
        year=2026,
        notes="Acciones del año",
    )
    plan.actions.create(
        title="Misión a Madrid", quarter=2, budget=Decimal("150000.00"), budget_currency="MXN"
    )
    return plan


def cabinet_session(government):
    session = CabinetSession.objects.create(
        home_government=government, date=date(2026, 3, 5), title="Primera sesión", minutes="Acta"
    )
    session.departments.add(f.DepartmentFactory(home_government=government))
    session.agenda_items.create(order=1, title="Plan anual")
    resolution(government, session=session)
    return session


def resolution(government, session=None):
    session = session or CabinetSession.objects.create(
        home_government=government, date=date(2026, 3, 5), title="Sesión"
    )
    record = session.resolutions.create(
        text="Preparar la visita",
        department=f.DepartmentFactory(home_government=government),
        due=date(2026, 6, 30),
    )
    record.follow_ups.create(date=date(2026, 4, 1), note="En curso", status="in_progress")
    return record


def agreement(government):
    record = f.AgreementFactory(home_government=government)
    f.AgreementPartyFactory(agreement=record)
    f.AgreementStepFactory(agreement=record)
    f.CommitmentFactory(agreement=record)
    return record


BUILDERS = {
    Source: lambda g: f.SourceFactory(home_government=g),
    Theme: lambda g: f.ThemeFactory(home_government=g),
    Actor: with_children(f.ActorFactory),
    Department: lambda g: f.DepartmentFactory(home_government=g),
    Person: lambda g: f.MembershipFactory(person__home_government=g).person,
    Post: lambda g: f.PostFactory(organization__home_government=g),
    Membership: lambda g: f.MembershipFactory(person__home_government=g),
    LifecycleStep: lambda g: f.LifecycleStepFactory(home_government=g),
    Agreement: agreement,
    Commitment: lambda g: (
        f.CommitmentFollowUpFactory(commitment__agreement__home_government=g).commitment
    ),
    Activity: with_children(f.ActivityFactory, (f.ActivityParticipantFactory, "activity")),
    Project: with_children(
        f.ProjectFactory,
        (f.ProjectParticipantFactory, "project"),
        (f.FundingFactory, "project"),
        (f.ProjectSectorFactory, "project"),
        (f.ProjectBudgetFactory, "project"),
        (f.ProjectTransactionFactory, "project"),
        (f.RelatedActivityFactory, "project"),
    ),
    NetworkMembership: with_children(
        f.NetworkMembershipFactory, (f.NetworkPositionFactory, "membership")
    ),
    Award: lambda g: f.AwardFactory(home_government=g),
    CityAward: with_children(f.CityAwardFactory, (f.CityAwardEditionFactory, "award")),
    Plan: lambda g: f.PlanFactory(home_government=g),
    PlanElement: lambda g: f.PlanElementFactory(home_government=g),
    PublishedFigure: lambda g: f.PublishedFigureFactory(home_government=g),
    QualityFlag: lambda g: f.QualityFlagFactory(home_government=g),
    OperatingPlan: operating_plan,
    CabinetSession: cabinet_session,
    Resolution: resolution,
    LocalTarget: lambda g: f.LocalTargetFactory(home_government=g),
    Indicator: lambda g: f.ObservationFactory(indicator__home_government=g).indicator,
    Observation: lambda g: f.ObservationFactory(indicator__home_government=g),
    Place: lambda g: f.CityFactory(),
    HomeGovernment: lambda g: f.HomeGovernmentFactory(),
    Group: lambda g: Group.objects.create(name="Coordinación"),
}
BUILDERS.update(participation.BUILDERS)
READ_ONLY = {SdgGoal, SdgIndicator, SdgTarget}
PLATFORM_ONLY = {Place, HomeGovernment, Group, get_user_model()}


#: Logs kept by libraries (login throttling, background tasks): read by platform administrators.
LIBRARY_LOGS = {AccessAttempt, AccessFailureLog, AccessLog, DBTaskResult}
#: Admins with rules of their own, tested in their apps: tests/api/test_admin.py and
#: tests/reports/test_admin.py.
TESTED_IN_THEIR_APPS = {ApiToken, BenefitEvaluation, Report}


def test_every_registered_model_is_covered():
    covered = (
        set(BUILDERS)
        | READ_ONLY
        | participation.QUEUES
        | LIBRARY_LOGS
        | TESTED_IN_THEIR_APPS
        | {get_user_model()}
    )
    assert set(admin.site._registry) - covered == set()


def url(model, action, *args, language="es"):
    """The admin address of ``action`` on ``model``, in ``language`` (Spanish: unprefixed)."""
    name = f"admin:{model._meta.app_label}_{model._meta.model_name}_{action}"
    with translation.override(language):
        return reverse(name, args=args)


@pytest.fixture
def client_for(client, staff, admin_user, government):
    """Staff of the government for registry models; a platform admin for shared ones."""
    admin_user.staff_memberships.create(home_government=government)

    def login(model):
        client.force_login(admin_user if model in PLATFORM_ONLY else staff)
        return client

    return login


@pytest.mark.django_db
@pytest.mark.parametrize("model", list(BUILDERS), ids=lambda m: m._meta.label)
def test_list_add_and_change_pages_render_and_save(model, client_for, government):
    client = client_for(model)
    record = BUILDERS[model](government)

    assert client.get(url(model, "changelist")).status_code == 200
    assert client.get(url(model, "changelist"), {"q": "a"}).status_code == 200

    # Change: post the page back as it is; the record saves and gains a history entry.
    change = client.get(url(model, "change", record.pk))
    assert change.status_code == 200
    tracked = hasattr(model, "history")
    history_before = record.history.count() if tracked else 0
    response = client.post(
        url(model, "change", record.pk), {**main_form_data(change), **inline_data(change)}
    )
    assert response.status_code == 302, form_errors(response)
    if tracked:
        assert record.history.count() == history_before + 1
    assert client.get(url(model, "history", record.pk)).status_code == 200

    # Add: the same values, once the original is gone, make a new record.
    values = main_form_data(change)
    values.pop("version", None)
    add = client.get(url(model, "add"))
    assert add.status_code == 200
    record.delete()
    response = client.post(url(model, "add"), {**values, **inline_data(add)})
    assert response.status_code == 302, form_errors(response)
    created = model._default_manager.order_by("-pk").first()
    assert created.pk != record.pk
    if model not in PLATFORM_ONLY and hasattr(created, "home_government_id"):
        assert created.home_government_id == government.pk


@pytest.mark.django_db
@pytest.mark.parametrize("model", sorted(READ_ONLY, key=str), ids=lambda m: m._meta.label)
def test_the_sdg_framework_is_browsable_but_read_only(model, staff_client):
    record = model.objects.first()
    assert staff_client.get(url(model, "changelist")).status_code == 200
    assert staff_client.get(url(model, "change", record.pk)).status_code == 200
    assert staff_client.get(url(model, "add")).status_code == 403
    assert staff_client.post(url(model, "change", record.pk), {}).status_code == 403


@pytest.mark.django_db
@pytest.mark.parametrize("model", sorted(LIBRARY_LOGS, key=str), ids=lambda m: m._meta.label)
def test_library_logs_are_for_platform_administrators(model, admin_client, staff_client):
    assert admin_client.get(url(model, "changelist")).status_code == 200
    assert staff_client.get(url(model, "changelist")).status_code == 403


@pytest.mark.django_db
def test_platform_admin_adds_a_user_with_a_membership(admin_client, government):
    response = admin_client.post(
        url(get_user_model(), "add"),
        {
            "username": "liaison",
            "password1": "a-Long-pass-2026",
            "password2": "a-Long-pass-2026",
            "usable_password": "true",
            "staff_memberships-TOTAL_FORMS": "1",
            "staff_memberships-INITIAL_FORMS": "0",
            "staff_memberships-0-home_government": str(government.pk),
            "staff_memberships-0-role": "office",
        },
    )
    assert response.status_code == 302, form_errors(response)
    user = get_user_model().objects.get(username="liaison")
    assert user.staff_memberships.get().home_government == government
