"""API tokens in the back-office: each person manages their own; the secret is shown once, at
creation, and only its hash is kept."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from ciudadglobal.api.models import ApiToken
from ciudadglobal.api.services import token_create, token_user
from tests import factories as f
from tests.admin_forms import form_errors

pytestmark = pytest.mark.django_db


def admin_url(action, *args):
    return reverse(f"admin:api_apitoken_{action}", args=args)


@pytest.fixture
def staff(staff):
    staff.user_permissions.add(*Permission.objects.filter(content_type__app_label="api"))
    return staff


def test_a_token_is_made_for_oneself_and_its_secret_shown_once(client, staff):
    client.force_login(staff)
    add = client.get(admin_url("add"))
    assert add.status_code == 200
    offered = add.context["adminform"].form.fields["user"].queryset
    assert list(offered) == [staff]  # not a token for someone else

    response = client.post(
        admin_url("add"), {"user": str(staff.pk), "name": "Importación", "expires_at": ""}
    )
    assert response.status_code == 302, form_errors(response)
    shown = client.get(response.url).content.decode()  # the page after saving
    secret = re.search(r"Bearer (\S+?)”", shown).group(1)
    token = ApiToken.objects.get()
    assert (token.user, token.name) == (staff, "Importación")
    assert secret not in {token.digest, token.prefix} and secret.startswith(token.prefix)
    assert token_user(secret) == staff

    for page in (admin_url("changelist"), admin_url("change", token.pk)):
        assert secret not in client.get(page).content.decode()  # never shown again


def test_a_token_for_someone_else_is_refused(client, staff):
    other = f.UserFactory(username="otra")
    client.force_login(staff)
    response = client.post(admin_url("add"), {"user": str(other.pk), "name": "Ajeno"})
    assert response.status_code == 200
    assert "user" in response.context["adminform"].form.errors
    assert not ApiToken.objects.exists()


def test_others_tokens_are_not_listed_opened_or_revoked(client, staff):
    mine, _secret = token_create(user=staff, name="Mío")
    theirs, _secret = token_create(user=f.UserFactory(username="otra"), name="Ajeno")
    client.force_login(staff)
    listed = client.get(admin_url("changelist")).context["cl"].result_list
    assert [token.pk for token in listed] == [mine.pk]
    assert client.get(admin_url("change", theirs.pk)).status_code == 302  # "does not exist"
    client.post(admin_url("change", theirs.pk), {"name": "Ajeno", "revoked": "on"})
    theirs.refresh_from_db()
    assert not theirs.revoked


def test_revoking_a_token_ends_its_use(client, staff):
    token, secret = token_create(user=staff, name="Mío")
    client.force_login(staff)
    response = client.post(admin_url("change", token.pk), {"name": "Mío", "revoked": "on"})
    assert response.status_code == 302, form_errors(response)
    assert token_user(secret) is None


def test_a_platform_administrator_sees_every_token(admin_client, staff):
    token_create(user=staff, name="Mío")
    listed = admin_client.get(admin_url("changelist")).context["cl"].result_list
    assert [token.user for token in listed] == [staff]
