"""The alerts digest e-mailed to each government's coordinating-office staff."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from ciudadglobal.tenants.models import HomeGovernment, Role, StaffMembership

from .alerts import alerts_for

#: Who receives the digest: the coordinating office and the government's administrators.
RECIPIENT_ROLES = (Role.OFFICE, Role.ADMIN)


def digest_recipients(government: HomeGovernment) -> list[str]:
    return sorted(
        set(
            StaffMembership.objects.filter(
                home_government=government,
                role__in=RECIPIENT_ROLES,
                user__is_active=True,
            )
            .exclude(user__email="")
            .values_list("user__email", flat=True)
        )
    )


def send_alert_digests(on: date, governments=None, *, base_url: str = "") -> dict[str, int]:
    """E-mail each government's alerts on ``on`` to its office staff, one message each.

    Nothing is sent to a government with no alert or no recipient. Returns the number of
    messages sent per government slug."""
    governments = governments if governments is not None else HomeGovernment.objects.all()
    sent: dict[str, int] = {}
    connection = get_connection()
    for government in governments:
        alerts = alerts_for(government, on)
        recipients = digest_recipients(government)
        if not alerts.total or not recipients:
            sent[government.slug] = 0
            continue
        with translation.override(settings.LANGUAGE_CODE):
            subject = _("%(government)s: %(count)s alerts on %(date)s") % {
                "government": government,
                "count": alerts.total,
                "date": on.isoformat(),
            }
            body = render_to_string(
                "coordination/alerts_email.txt",
                {"government": government, "alerts": alerts, "base_url": base_url},
            )
        messages = [
            EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [address])
            for address in recipients
        ]
        sent[government.slug] = connection.send_messages(messages) or 0
    return sent
