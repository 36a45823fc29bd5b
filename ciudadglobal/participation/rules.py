"""Who may do what in participation's back-office, as django-rules predicates.

Moderating comments and open answers, and reviewing registrations, is work for the
coordinating office (roles "office" and "admin"); following a council recommendation up is
also open to council members ("council"). The roles come from ``ciudadglobal.workflow``
(``has_role``); while a deployment runs without it, any staff member of the government may.
Superusers (platform administrators) always may. Every check is for one home government:
nobody acts on another government's rows.
"""

from __future__ import annotations

import rules

from ciudadglobal.tenants.models import StaffMembership

MODERATORS = ("office", "admin")
FOLLOW_UP = ("office", "admin", "council")


def _has_role(user, government, roles: tuple[str, ...]) -> bool:
    if user is None or not user.is_authenticated or government is None:
        return False
    if user.is_superuser:
        return True
    try:
        from ciudadglobal.workflow.permissions import has_role
    except ImportError:  # roles not installed: membership of the government is enough
        return StaffMembership.objects.filter(user=user, home_government=government).exists()
    return has_role(user, government, *roles)


@rules.predicate
def moderates(user, government) -> bool:
    return _has_role(user, government, MODERATORS)


@rules.predicate
def follows_up(user, government) -> bool:
    return _has_role(user, government, FOLLOW_UP)


rules.add_rule("participation.moderate", moderates)
rules.add_rule("participation.follow_up", follows_up)


def can_moderate(user, government) -> bool:
    return rules.test_rule("participation.moderate", user, government)


def can_follow_up(user, government) -> bool:
    return rules.test_rule("participation.follow_up", user, government)
