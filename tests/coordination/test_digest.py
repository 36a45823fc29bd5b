"""The alerts digest goes by e-mail to the office staff of each government, and only them."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.management import CommandError, call_command

from ciudadglobal.tenants.models import Role, StaffMembership
from tests import factories as f
from tests.conftest import make_staff


def staff_with_role(government, username, role, email=True):
    user = make_staff(
        government, username=username, email=f"{username}@example.org" if email else ""
    )
    StaffMembership.objects.filter(user=user).update(role=role)
    return user


def test_send_alerts_emails_each_office_member(government, other_government):
    staff_with_role(government, "oficina", Role.OFFICE)
    staff_with_role(government, "admin-cdmx", Role.ADMIN)
    staff_with_role(government, "sin-correo", Role.OFFICE, email=False)
    staff_with_role(government, "enlace", Role.LIAISON)
    staff_with_role(other_government, "bogota", Role.OFFICE)
    f.AgreementFactory(home_government=government, title="Convenio con Lyon", signed="2012")

    call_command("send_alerts", "--date", "2018-10-01", "--url", "https://example.org/workspace/")

    assert sorted(message.to[0] for message in mail.outbox) == [
        "admin-cdmx@example.org",
        "oficina@example.org",
    ]
    message = mail.outbox[0]
    assert "Convenio con Lyon" in message.body
    assert "https://example.org/workspace/" in message.body
    assert "2018-10-01" in message.subject


def test_nothing_is_sent_without_alerts(government):
    staff_with_role(government, "oficina", Role.OFFICE)
    call_command("send_alerts", "--date", "2018-10-01")
    assert mail.outbox == []


def test_bad_arguments_are_refused(db):
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("send_alerts", "--date", "1 de octubre")
    with pytest.raises(CommandError, match="nowhere"):
        call_command("send_alerts", "--government", "nowhere")
