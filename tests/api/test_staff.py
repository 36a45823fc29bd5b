"""The authenticated write API: Bearer tokens, and the back-office's permissions and workflow
applied exactly — with every refusal tested."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from ciudadglobal.agreements.models import Agreement
from ciudadglobal.api.models import ApiToken
from ciudadglobal.api.services import token_create, token_user
from ciudadglobal.core.models import Visibility, WorkflowState
from ciudadglobal.tenants.models import Role
from tests import factories as f

pytestmark = pytest.mark.django_db
URL = "/api/v1/cdmx/staff/agreements"


@pytest.fixture
def staff(government, other_government):
    departments = {
        name: f.DepartmentFactory(
            home_government=government,
            visibility=Visibility.PUBLIC,
            state=WorkflowState.PUBLISHED,
            name=f"Secretaría {name}",
        )
        for name in ("a", "b")
    }
    people = {}
    for name, government_, role, department in (
        ("office", government, Role.OFFICE, None),
        ("liaison_a", government, Role.LIAISON, departments["a"]),
        ("liaison_b", government, Role.LIAISON, departments["b"]),
        ("reviewer", government, Role.REVIEWER, None),
        ("other_office", other_government, Role.OFFICE, None),
    ):
        user = f.UserFactory(username=name)
        f.StaffMembershipFactory(
            user=user, home_government=government_, role=role, department=department
        )
        people[name] = token_create(user=user, name="tests")[1]
    people["departments"] = departments
    return people


def call(client, method, url, token=None, **data):
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}
    return getattr(client, method)(url, data=data, content_type="application/json", **headers)


def create(client, token, department, **fields):
    body = {"kind": "twinning", "title": "Hermanamiento", "department_id": department.pk}
    return call(client, "post", URL, token, **{**body, **fields})


def assert_refused(response, status):
    assert response.status_code == status, response.content[:500]
    body = response.json()
    assert body["status"] == status and body["code"] and body["message"]


# --- Tokens ---------------------------------------------------------------------------------


def test_only_a_hash_of_the_token_is_kept(government):
    user = f.UserFactory()
    token, secret = token_create(user=user, name="script")
    assert secret.startswith("cg_") and len(secret) > 40
    stored = ApiToken.objects.get(pk=token.pk)
    assert secret not in {stored.digest, stored.prefix} and stored.prefix == secret[:10]
    assert token_user(secret) == user
    assert token_user(secret + "x") is None


def test_no_token_bad_token_revoked_or_expired_is_401(client, staff):
    department = staff["departments"]["a"]
    assert_refused(create(client, None, department), 401)
    assert_refused(create(client, "cg_not-a-token", department), 401)
    assert_refused(create(client, "Basic abc", department), 401)
    token = ApiToken.objects.get(user__username="office")
    token.revoked = True
    token.save()
    assert_refused(create(client, staff["office"], department), 401)
    token.revoked, token.expires_at = False, timezone.now() - timedelta(minutes=1)
    token.save()
    assert_refused(create(client, staff["office"], department), 401)
    assert Agreement.objects.count() == 0


# --- Drafts and the workflow ----------------------------------------------------------------


def test_a_liaison_creates_and_changes_drafts_of_their_department(client, staff):
    department = staff["departments"]["a"]
    response = create(client, staff["liaison_a"], department, signed="2014-05")
    assert response.status_code == 201, response.content
    draft = response.json()
    assert draft["state"] == "draft" and draft["visibility"] == "internal"
    url = f"{URL}/{draft['id']}"
    assert call(client, "get", url, staff["liaison_a"]).json()["title"] == "Hermanamiento"
    changed = call(
        client, "patch", url, staff["liaison_a"], title="Nuevo", version=draft["version"]
    )
    assert changed.status_code == 200 and changed.json()["title"] == "Nuevo"
    # Based on the revision read before: refused, nothing lost.
    stale = call(client, "patch", url, staff["liaison_a"], title="Viejo", version=draft["version"])
    assert_refused(stale, 409)
    assert Agreement.objects.get(pk=draft["id"]).title == "Nuevo"
    record = Agreement.objects.get(pk=draft["id"])
    assert record.history.first().history_user.username == "liaison_a"


def test_a_liaison_may_not_create_for_another_department(client, staff):
    assert_refused(create(client, staff["liaison_a"], staff["departments"]["b"]), 403)
    assert_refused(
        call(client, "post", URL, staff["liaison_a"], kind="twinning", title="Sin dependencia"),
        403,
    )
    assert Agreement.objects.count() == 0


def test_a_liaison_of_another_department_neither_sees_nor_changes_the_draft(client, staff):
    draft = create(client, staff["liaison_a"], staff["departments"]["a"]).json()
    url = f"{URL}/{draft['id']}"
    assert_refused(call(client, "get", url, staff["liaison_b"]), 404)
    assert_refused(
        call(client, "patch", url, staff["liaison_b"], title="Ajeno", version=draft["version"]),
        404,
    )
    assert_refused(call(client, "post", f"{url}/submit", staff["liaison_b"]), 404)


def test_a_liaison_may_not_move_a_draft_to_another_department(client, staff):
    draft = create(client, staff["liaison_a"], staff["departments"]["a"]).json()
    response = call(
        client,
        "patch",
        f"{URL}/{draft['id']}",
        staff["liaison_a"],
        department_id=staff["departments"]["b"].pk,
        version=draft["version"],
    )
    assert_refused(response, 403)
    assert Agreement.objects.get(pk=draft["id"]).department == staff["departments"]["a"]


def test_submit_then_publish_by_a_reviewer_only(client, staff):
    draft = create(
        client, staff["liaison_a"], staff["departments"]["a"], visibility="public"
    ).json()
    url = f"{URL}/{draft['id']}"
    assert_refused(call(client, "post", f"{url}/publish", staff["reviewer"]), 409)  # a draft
    submitted = call(client, "post", f"{url}/submit", staff["liaison_a"], comment="Listo")
    assert submitted.json()["state"] == "submitted"
    assert_refused(call(client, "post", f"{url}/publish", staff["liaison_a"]), 403)
    assert_refused(call(client, "post", f"{url}/publish", staff["office"]), 403)
    # Submitted: the liaison may no longer change it.
    assert_refused(call(client, "patch", url, staff["liaison_a"], title="Tarde", version=3), 403)
    published = call(client, "post", f"{url}/publish", staff["reviewer"])
    assert published.status_code == 200 and published.json()["state"] == "published"
    assert client.get(f"/api/v1/cdmx/agreements/{draft['id']}").status_code == 200


def test_return_needs_a_comment(client, staff):
    draft = create(client, staff["office"], staff["departments"]["a"]).json()
    url = f"{URL}/{draft['id']}"
    call(client, "post", f"{url}/submit", staff["office"])
    assert_refused(call(client, "post", f"{url}/return", staff["reviewer"]), 400)
    returned = call(client, "post", f"{url}/return", staff["reviewer"], comment="Falta la fecha")
    assert returned.json()["state"] == "returned"


def test_another_governments_staff_are_refused(client, staff):
    draft = create(client, staff["office"], staff["departments"]["a"]).json()
    assert_refused(create(client, staff["other_office"], staff["departments"]["a"]), 403)
    assert_refused(call(client, "get", f"{URL}/{draft['id']}", staff["other_office"]), 404)
    other_url = f"/api/v1/bogota/staff/agreements/{draft['id']}"
    assert_refused(call(client, "get", other_url, staff["office"]), 404)


def test_only_editors_create_actors(client, staff):
    body = {"kind": "foreign_local", "name": "Lyon", "country": "FR"}
    url = "/api/v1/cdmx/staff/actors"
    assert_refused(call(client, "post", url, staff["liaison_a"], **body), 403)
    assert_refused(call(client, "post", url, staff["reviewer"], **body), 403)
    assert call(client, "post", url, staff["office"], **body).status_code == 201


def test_bad_input_is_400_naming_the_field(client, staff, other_government):
    response = create(client, staff["office"], staff["departments"]["a"], signed="mayo 2014")
    assert_refused(response, 400)
    assert "signed" in {error["field"] for error in response.json()["errors"]}
    other_department = f.DepartmentFactory(home_government=other_government)
    response = create(client, staff["office"], other_department)
    assert_refused(response, 400)
