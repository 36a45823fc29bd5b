"""Who may evaluate agreements and who may build and publish reports.

Roles come from the workflow app (``workflow.permissions.has_role``): the government's
evaluation is written by the coordinating office (office or admin role), the Congress
evaluation only by a Congress evaluator (congress role), never by anyone of another home
government. Without the workflow app, staff of the government count as office staff and
nobody is a Congress evaluator.
"""

from __future__ import annotations

from .models import EvaluatorKind

OFFICE_ROLES = ("office", "admin")
REPORT_ROLES = ("office", "reviewer", "admin")
CONGRESS_ROLES = ("congress",)


def _has_role(user, government, *roles: str) -> bool:
    if user is None or not user.is_authenticated or not user.is_active or government is None:
        return False
    try:
        from ciudadglobal.workflow.permissions import has_role
    except ImportError:
        if "congress" in roles:
            return False
        return user.staff_memberships.filter(home_government=government).exists()
    return has_role(user, government, *roles)


def can_evaluate(user, government, evaluator: str) -> bool:
    """May ``user`` write ``evaluator``'s evaluations of ``government``'s agreements?"""
    if evaluator == EvaluatorKind.CONGRESS:
        return _has_role(user, government, *CONGRESS_ROLES)
    return _has_role(user, government, *OFFICE_ROLES)


def evaluator_kinds(user, government) -> list[str]:
    """The evaluations ``user`` may write for ``government`` (possibly none)."""
    return [kind.value for kind in EvaluatorKind if can_evaluate(user, government, kind)]


def can_manage_reports(user, government) -> bool:
    """May ``user`` generate, review and publish ``government``'s reports?"""
    return _has_role(user, government, *REPORT_ROLES)
