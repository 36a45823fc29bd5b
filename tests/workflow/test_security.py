"""Security settings: login throttling, Content-Security-Policy, `check --deploy`, CSRF."""

from __future__ import annotations

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.django_db
def test_failed_logins_lock_the_account_out_with_a_clear_message(client, settings, staff):
    settings.AXES_FAILURE_LIMIT = 3
    url = reverse("admin:login")
    for _attempt in range(3):
        response = client.post(url, {"username": "ana", "password": "wrong"})
    # Locked out now: even the right password is refused, and the page says why.
    response = client.post(url, {"username": "ana", "password": "pass-1234"})
    assert response.status_code == 429
    page = response.content.decode()
    assert "3" in page and ("bloque" in page or "locked" in page)
    assert "_auth_user_id" not in client.session
    # Another account from the same address is not locked.
    from tests import factories as f

    f.UserFactory(username="otra")
    response = client.post(url, {"username": "otra", "password": "pass-1234"})
    assert response.status_code == 302
    assert "_auth_user_id" in client.session


@pytest.mark.django_db
def test_a_good_login_still_works_under_the_limit(client, settings, staff):
    settings.AXES_FAILURE_LIMIT = 3
    url = reverse("admin:login")
    client.post(url, {"username": "ana", "password": "wrong"})
    response = client.post(url, {"username": "ana", "password": "pass-1234"})
    assert response.status_code == 302


INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/(?:ld\+)?json)[^>]*>", re.I)
INLINE_STYLE = re.compile(r"<style\b|\sstyle=\"", re.I)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path_name",
    ["admin:index", "admin:agreements_agreement_changelist", "admin:agreements_agreement_add"],
)
def test_back_office_pages_send_a_strict_csp_and_need_no_inline_script(staff_client, path_name):
    response = staff_client.get(reverse(path_name))
    assert response.status_code == 200
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert not INLINE_SCRIPT.search(response.content.decode())


@pytest.mark.django_db
def test_portal_pages_send_a_strict_csp_and_need_no_inline_script_or_style(client, government):
    response = client.get(reverse("portal:home", kwargs={"government": government.slug}))
    assert response.status_code == 200
    assert "script-src 'self'" in response["Content-Security-Policy"]
    html = response.content.decode()
    assert not INLINE_SCRIPT.search(html)
    assert not INLINE_STYLE.search(html)


def test_check_deploy_is_clean_with_production_settings():
    env = {
        **os.environ,
        "CIUDAD_ENV": "production",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(60),
        "DJANGO_ALLOWED_HOSTS": "example.org",
    }
    env.pop("DJANGO_DEBUG", None)
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set by the browser tests in the same run
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_production_settings_switch_on_secure_cookies_and_hsts():
    assert "csp.middleware.CSPMiddleware" in settings.MIDDLEWARE
    assert settings.MIDDLEWARE[-1] == "axes.middleware.AxesMiddleware"
    assert settings.AUTHENTICATION_BACKENDS[0] == "axes.backends.AxesStandaloneBackend"
    assert "rules.permissions.ObjectPermissionBackend" in settings.AUTHENTICATION_BACKENDS


def test_no_view_is_exempt_from_csrf_except_the_token_api():
    exempt = subprocess.run(
        ["grep", "-rln", "csrf_exempt", "ciudadglobal"], cwd=ROOT, capture_output=True, text=True
    ).stdout.split()
    assert all(path.startswith("ciudadglobal/api/") for path in exempt), exempt


@pytest.mark.django_db
def test_workflow_moves_need_the_csrf_token(government, member):
    from django.test import Client

    from ciudadglobal.core.models import WorkflowState
    from ciudadglobal.tenants.models import Role
    from tests import factories as f

    agreement = f.AgreementFactory(home_government=government, state=WorkflowState.SUBMITTED)
    client = Client(enforce_csrf_checks=True)
    client.force_login(member(Role.REVIEWER))
    url = reverse("admin:agreements_agreement_workflow", args=[agreement.pk])
    response = client.post(url, {"action": "publish", "version": agreement.version})
    assert response.status_code == 403
    agreement.refresh_from_db()
    assert agreement.state == WorkflowState.SUBMITTED
