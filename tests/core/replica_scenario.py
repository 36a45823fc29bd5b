"""Run by tests/core/test_replicas.py in its own process, against a real primary and a real
streaming replica (DATABASE_URL, DATABASE_REPLICA_URLS): prints what each client saw, as JSON.

The replica's replay is paused while a member of staff saves a change: the public then still
reads the old title from the replica, while the person who saved reads the new one from the
primary; once replay resumes, the public sees the change too.
"""

from __future__ import annotations

import json
import os
import sys
import time

import django

sys.path.insert(0, os.getcwd())
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ciudadglobal.settings")
django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connections  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402
from django.urls import reverse  # noqa: E402

from ciudadglobal.core.models import Visibility, WorkflowState  # noqa: E402
from ciudadglobal.tenants.models import Role, StaffMembership  # noqa: E402
from tests import factories as f  # noqa: E402
from tests.admin_forms import inline_data, main_form_data  # noqa: E402


def replica_caught_up() -> None:
    with connections["default"].cursor() as cursor:
        # Where the primary has written up to, including commits still in its WAL buffers.
        cursor.execute("select pg_current_wal_insert_lsn()")
        target = cursor.fetchone()[0]
    for _ in range(200):
        with connections["replica1"].cursor() as cursor:
            cursor.execute("select pg_last_wal_replay_lsn() >= %s::pg_lsn", [target])
            if cursor.fetchone()[0]:
                return
        time.sleep(0.05)
    raise SystemExit("the replica did not catch up")


def replay(action: str) -> None:
    with connections["replica1"].cursor() as cursor:
        cursor.execute(f"select pg_wal_replay_{action}()")


def title_seen(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    return "new" if "Misión a Lyon" in response.content.decode() else "old"


def main() -> None:
    setup_test_environment()
    call_command("migrate", verbosity=0)
    government = f.HomeGovernmentFactory(name="Ciudad de México", slug="cdmx")
    staff = get_user_model().objects.create_superuser("oficina", "oficina@example.org", "x")
    StaffMembership.objects.create(user=staff, home_government=government, role=Role.ADMIN)
    activity = f.ActivityFactory(
        home_government=government,
        title="Misión a Madrid",
        visibility=Visibility.PUBLIC,
        state=WorkflowState.PUBLISHED,
    )
    public_url = reverse("portal:activity-detail", kwargs={"government": "cdmx", "pk": activity.pk})
    change_url = reverse("admin:activities_activity_change", args=[activity.pk])

    person, public = Client(), Client()
    person.force_login(staff)
    replica_caught_up()
    seen = {"public before": title_seen(public, public_url)}

    replay("pause")
    page = person.get(change_url)
    assert page.status_code == 200, (page.status_code, page.get("Location"))
    data = {**main_form_data(page), **inline_data(page), "title": "Misión a Lyon"}
    saved = person.post(change_url, data)
    seen["saved"] = saved.status_code
    seen["pinning cookie"] = "multidb_pin_writes" in saved.cookies
    seen["person after saving"] = title_seen(person, public_url)
    seen["public while the replica lags"] = title_seen(public, public_url)
    replay("resume")
    replica_caught_up()
    seen["public once replayed"] = title_seen(public, public_url)
    print(json.dumps(seen))


if __name__ == "__main__":
    main()
