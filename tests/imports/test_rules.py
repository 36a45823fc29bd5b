"""Imports follow the workflow's roles and departments, for the file and for each row."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission

from ciudadglobal.agreements.models import Agreement
from ciudadglobal.imports.entities import ENTITIES
from ciudadglobal.imports.reading import read_table
from ciudadglobal.imports.rows import import_table
from ciudadglobal.imports.rules import can_import, importable_entities
from ciudadglobal.tenants.models import Role
from tests import factories as f
from tests.conftest import REGISTRY_APPS

from .conftest import csv_bytes
from .test_rows import GOOD

pytestmark = pytest.mark.django_db


def member(government, role, department=None, username="liz"):
    user = f.UserFactory(username=username)
    user.user_permissions.set(Permission.objects.filter(content_type__app_label__in=REGISTRY_APPS))
    f.StaffMembershipFactory(
        user=user, home_government=government, role=role, department=department
    )
    return user


def run(user, government, rows, entity="agreements"):
    table = read_table(csv_bytes(rows), f"{entity}.csv")
    return import_table(ENTITIES[entity], government, table, user=user, commit=True)


def test_office_staff_may_import_everything(staff, government, other_government):
    assert importable_entities(staff, government) == [
        "agreements",
        "activities",
        "actors",
        "projects",
    ]
    assert not can_import(staff, "agreements", other_government)


@pytest.mark.parametrize("role", [Role.REVIEWER, Role.CONGRESS, Role.COUNCIL])
def test_roles_that_create_nothing_may_not_import(government, role):
    assert importable_entities(member(government, role), government) == []


def test_a_liaison_imports_only_their_departments_records(government, registry):
    liaison = member(government, Role.LIAISON, registry["sedema"])
    assert importable_entities(liaison, government) == ["agreements", "activities", "projects"]
    other = f.DepartmentFactory(home_government=government, name="Secretaría de Cultura")
    rows = [
        GOOD[0],  # SEDEMA: allowed
        {**GOOD[1], "department": other.name},  # row 3: another department
        {**GOOD[1], "key": "z", "title": "Sin dependencia"},  # row 4: none
    ]

    outcome = run(liaison, government, rows)

    assert [(e["row"], e["column"]) for e in outcome.errors] == [
        (3, "department"),
        (4, "department"),
    ]
    assert Agreement.objects.count() == 0
    assert run(liaison, government, rows[:1]).committed


def test_a_liaison_may_not_change_another_departments_record(government, registry, staff):
    other = f.DepartmentFactory(home_government=government, name="Secretaría de Cultura")
    run(staff, government, [{**GOOD[0], "department": other.name}])
    liaison = member(government, Role.LIAISON, registry["sedema"])

    outcome = run(liaison, government, [{**GOOD[0], "title_en": "Changed"}])

    assert [(e["row"], e["column"]) for e in outcome.errors] == [(2, "department")]
    assert Agreement.objects.get().title_en == "Twinning with Paris"
