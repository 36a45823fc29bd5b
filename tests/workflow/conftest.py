"""People in every role, departments of two home governments, records in each review state."""

from __future__ import annotations

import pytest

from ciudadglobal.tenants.models import Role
from ciudadglobal.workflow.roles import group_name, permissions_for
from tests import factories as f


@pytest.fixture
def environment(government):
    return f.DepartmentFactory(home_government=government, name="Secretaría del Medio Ambiente")


@pytest.fixture
def tourism(government):
    return f.DepartmentFactory(home_government=government, name="Secretaría de Turismo")


@pytest.fixture
def foreign_department(other_government):
    return f.DepartmentFactory(home_government=other_government, name="Secretaría de Ambiente")


def make_member(government, role, department=None, **kwargs):
    """A user of ``government`` in ``role``, with that role's model permissions (its group)."""
    from django.contrib.auth.models import Group

    user = f.UserFactory(**kwargs)
    group, created = Group.objects.get_or_create(name=group_name(role))
    if created:
        group.permissions.set(permissions_for(role))
    user.groups.add(group)
    f.StaffMembershipFactory(
        user=user, home_government=government, role=role, department=department
    )
    return user


@pytest.fixture
def member(government, environment):
    """``member(role)``: a user of the government in that role (a liaison: of Environment)."""

    def make(role, department=None, **kwargs):
        if role == Role.LIAISON and department is None:
            department = environment
        return make_member(government, role, department, **kwargs)

    return make


def set_departments(record, department) -> None:
    """Make ``department`` the owner of ``record`` whatever its department field is."""
    path = record.department_path
    if record._meta.get_field(path).many_to_many:
        getattr(record, path).set([department])
    else:
        setattr(record, path, department)
        record.save()
