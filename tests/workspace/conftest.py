"""People of each role, in two departments and two governments, and a draft of each."""

from __future__ import annotations

import pytest

from ciudadglobal.core.models import WorkflowState
from ciudadglobal.tenants.models import Role, StaffMembership
from tests import factories as f
from tests.conftest import make_staff


def member(government, username, role, department=None):
    user = make_staff(government, username=username, email=f"{username}@example.org")
    StaffMembership.objects.filter(user=user).update(role=role, department=department)
    return user


@pytest.fixture
def environment(government):
    return f.DepartmentFactory(home_government=government, name="Secretaría del Medio Ambiente")


@pytest.fixture
def tourism(government):
    return f.DepartmentFactory(home_government=government, name="Secretaría de Turismo")


@pytest.fixture
def people(government, other_government, environment, tourism):
    return {
        "environment": member(government, "enlace-sedema", Role.LIAISON, environment),
        "tourism": member(government, "enlace-turismo", Role.LIAISON, tourism),
        "reviewer": member(government, "revisora", Role.REVIEWER),
        "office": member(government, "oficina", Role.OFFICE),
        "foreign": member(other_government, "bogota", Role.OFFICE),
    }


def draft(government, department, **kwargs):
    activity = f.ActivityFactory(
        home_government=government, state=WorkflowState.DRAFT, visibility="public", **kwargs
    )
    activity.departments.add(department)
    return activity


@pytest.fixture
def environment_draft(government, environment):
    return draft(government, environment, title="Gira a Medellín")


@pytest.fixture
def tourism_draft(government, tourism):
    return draft(government, tourism, title="Feria de turismo en Madrid")
