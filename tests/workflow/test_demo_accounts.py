"""`manage.py demo_accounts`: one account per role, idempotent, never in production."""

from __future__ import annotations

from io import StringIO

import pytest
from django.contrib.auth import authenticate, get_user_model
from django.core.management import CommandError, call_command
from django.test import RequestFactory

from ciudadglobal.tenants.models import Role, StaffMembership
from ciudadglobal.workflow.management.commands.demo_accounts import PASSWORD
from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def departments(government):
    return {
        key: f.DepartmentFactory(home_government=government, name=name, dataset_key=key)
        for key, name in [
            ("sedema", "Secretaría del Medio Ambiente"),
            ("sectur", "Secretaría de Turismo"),
        ]
    }


def run() -> str:
    out = StringIO()
    call_command("demo_accounts", stdout=out)
    return out.getvalue()


def test_one_account_per_role_including_two_liaisons(government, departments):
    output = run()
    memberships = StaffMembership.objects.filter(home_government=government)
    assert {m.role for m in memberships} == set(Role.values)
    liaisons = {m.user.username: m.department for m in memberships.filter(role=Role.LIAISON)}
    assert liaisons == {
        "enlace-ambiente": departments["sedema"],
        "enlace-turismo": departments["sectur"],
    }
    for username in ["oficina", "enlace-ambiente", "revisora", "congreso", "consejo"]:
        assert username in output
        request = RequestFactory().post("/admin/login/")
        assert authenticate(request, username=username, password=PASSWORD) is not None
    assert PASSWORD in output and "Secretaría de Turismo" in output
    # Again: the same accounts, nothing duplicated.
    run()
    assert get_user_model().objects.count() == len(Role.values) + 1
    assert memberships.count() == len(Role.values) + 1


def test_the_liaison_can_work_in_the_back_office(government, departments, client):
    run()
    client.force_login(get_user_model().objects.get(username="enlace-ambiente"))
    assert client.get("/admin/activities/activity/add/").status_code == 200
    assert client.get("/admin/").status_code == 200


def test_refused_in_production(settings, government, departments):
    settings.PRODUCTION = True
    with pytest.raises(CommandError):
        run()
    assert not get_user_model().objects.exists()


def test_needs_the_dataset(government):
    with pytest.raises(CommandError, match="sedema"):
        run()
