"""The permission matrix: every role, every state-changing admin URL of the registry models,
records of the user's own department, of another department and of another home government.

The expected outcome comes from the rules as the issue states them (``expected`` below), not
from ciudadglobal.workflow.permissions; the outcome is read from the database (was the record
changed, deleted, created, moved?), not from status codes alone.
"""

from __future__ import annotations

import itertools

import pytest
from django.contrib import admin
from django.urls import reverse

from ciudadglobal.core.models import RegistryRecord, WorkflowState
from ciudadglobal.tenants.models import Role
from ciudadglobal.tenants.selectors import SESSION_KEY
from tests.admin_forms import inline_data, main_form_data

from .conftest import make_member, set_departments
from .records import BUILDERS, DEPARTMENT_OWNED

ANONYMOUS, FOREIGN = "anonymous", "other-government"
ACTORS = [*Role.values, ANONYMOUS, FOREIGN]
SCOPES = ["own-department", "other-department", "other-government"]
RECORD_ACTIONS = ["change", "delete", "submit", "publish", "return"]


def expected(actor: str, action: str, scope: str, model) -> bool:
    if actor == FOREIGN:
        # Office staff of the other government: their own government's records as usual;
        # this government's records, never.
        return scope == "other-government" and action not in ("publish", "return")
    if actor == ANONYMOUS or scope == "other-government":
        return False  # another home government's records: never
    if actor == Role.ADMIN:
        return True
    if action in ("publish", "return"):
        return actor == Role.REVIEWER
    if actor == Role.OFFICE:
        return True
    if actor == Role.LIAISON:
        return bool(model.department_path) and scope == "own-department"
    return False  # reviewers, Congress evaluators and council members change nothing


CASES = [
    *[
        pytest.param(actor, action, scope, model, id=f"{actor}-{action}-{scope}-{model.__name__}")
        for actor, action, scope, model in itertools.product(
            ACTORS, RECORD_ACTIONS, SCOPES, BUILDERS
        )
    ],
    *[
        pytest.param(
            actor,
            "add",
            scope,
            model,
            id=f"{actor}-add-{scope}-{model.__name__}",
        )
        for actor, scope, model in itertools.product(ACTORS, SCOPES, DEPARTMENT_OWNED)
    ],
]


def admin_url(model, name, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{name}", args=args)


@pytest.fixture
def world(government, other_government, environment, tourism, foreign_department):
    return {
        "own-department": (government, environment),
        "other-department": (government, tourism),
        "other-government": (other_government, foreign_department),
    }


def build(model, government, department, state):
    record = BUILDERS[model](home_government=government, state=state)
    if model.department_path:
        set_departments(record, department)
    return record


def login_as(client, actor, government, other_government, environment):
    if actor == ANONYMOUS:
        return
    if actor == FOREIGN:
        user = make_member(other_government, Role.OFFICE)
    elif actor == Role.LIAISON:
        user = make_member(government, actor, environment)
    else:
        user = make_member(government, actor)
    client.force_login(user)


def test_the_matrix_covers_every_registry_admin():
    registered = {model for model in admin.site._registry if issubclass(model, RegistryRecord)}
    uncovered = {model._meta.label for model in registered - set(BUILDERS)}
    assert not uncovered


def test_matrix_size():
    assert len(CASES) == len(ACTORS) * len(SCOPES) * (
        len(RECORD_ACTIONS) * len(BUILDERS) + len(DEPARTMENT_OWNED)
    )


@pytest.mark.django_db
@pytest.mark.parametrize(("actor", "action", "scope", "model"), CASES)
def test_permission_matrix(
    actor, action, scope, model, world, client, admin_client, government, other_government
):
    owner_government, department = world[scope]
    environment = world["own-department"][1]
    if action == "add":
        outcome = _add(client, admin_client, actor, model, scope, world)
    else:
        state = WorkflowState.SUBMITTED if action in ("publish", "return") else WorkflowState.DRAFT
        record = build(model, owner_government, department, state)
        login_as(client, actor, government, other_government, environment)
        outcome = ACTIONS[action](client, record)
    assert outcome is expected(actor, action, scope, model)


def _change(client, record) -> bool:
    model = type(record)
    url = admin_url(model, "change", record.pk)
    page = client.get(url)
    data = {}
    if page.status_code == 200 and page.context and "adminform" in page.context:
        data = {**main_form_data(page), **inline_data(page)}
    before = record.version
    response = client.post(url, data)
    assert response.status_code < 500
    return model._default_manager.get(pk=record.pk).version != before


def _delete(client, record) -> bool:
    model = type(record)
    response = client.post(admin_url(model, "delete", record.pk), {"post": "yes"})
    assert response.status_code < 500
    return not model._default_manager.filter(pk=record.pk).exists()


def _move(action):
    def move(client, record) -> bool:
        model = type(record)
        response = client.post(
            admin_url(model, "workflow", record.pk),
            {"action": action, "comment": "Falta la fecha de firma.", "version": record.version},
        )
        assert response.status_code < 500
        return model._default_manager.get(pk=record.pk).state != record.state

    return move


ACTIONS = {
    "change": _change,
    "delete": _delete,
    "submit": _move("submit"),
    "publish": _move("publish"),
    "return": _move("return"),
}


def _add(client, admin_client, actor, model, scope, world) -> bool:
    """Post a complete, valid add form for a record of ``scope``'s government and department,
    read from the change page of a like record built there."""
    owner_government, department = world[scope]
    government, environment = world["own-department"]
    template = build(model, owner_government, department, WorkflowState.DRAFT)
    admin_client.force_login(_superuser(owner_government))
    session = admin_client.session  # a platform administrator may work for any government
    session[SESSION_KEY] = owner_government.pk
    session.save()
    page = admin_client.get(admin_url(model, "change", template.pk))
    data = main_form_data(page)
    data.pop("version", None)
    data.update(inline_data(admin_client.get(admin_url(model, "add"))))
    template.delete()
    login_as(client, actor, government, world["other-government"][0], environment)
    before = model._default_manager.count()
    response = client.post(admin_url(model, "add"), data)
    assert response.status_code < 500
    return model._default_manager.count() > before


def _superuser(government):
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.filter(is_superuser=True).first()
    if not user.staff_memberships.filter(home_government=government).exists():
        user.staff_memberships.create(home_government=government, role=Role.ADMIN)
    return user
