"""Who may enter the workspace, and the one way views fetch a record from an id in the URL."""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import reverse

from ciudadglobal.activities.models import Activity
from ciudadglobal.agreements.models import Agreement
from ciudadglobal.tenants.models import Role, StaffMembership
from ciudadglobal.workflow.permissions import can_view, roles_of

#: The records the workspace edits, by the name used in its addresses.
RECORD_KINDS = {"activity": Activity, "agreement": Agreement}
#: Roles that see the whole government's records and alerts, not one department's.
WHOLE_GOVERNMENT_ROLES = {Role.OFFICE, Role.REVIEWER, Role.ADMIN}


def membership_of(request) -> StaffMembership | None:
    return (
        StaffMembership.objects.filter(user=request.user, home_government=request.home_government)
        .select_related("department")
        .first()
    )


def workspace_view(view):
    """Login required, and a staff membership of the request's home government."""

    @wraps(view)
    @login_required(login_url="workspace:login")
    def wrapper(request, *args, **kwargs):
        government = request.home_government
        if government is None or not roles_of(request.user, government):
            raise PermissionDenied
        request.membership = membership_of(request)
        request.roles = roles_of(request.user, government)
        return view(request, *args, **kwargs)

    return wrapper


def department_scope(request):
    """The department a person works for when that is all they see (a liaison), else None."""
    if request.roles & WHOLE_GOVERNMENT_ROLES or request.user.is_superuser:
        return None
    return request.membership.department if request.membership else None


def get_record(request, kind: str, pk: int):
    """The record ``kind``/``pk`` of the request's government if the user may see it; a 404
    otherwise, so that guessing ids reveals nothing."""
    model = RECORD_KINDS.get(kind)
    if model is None:
        raise Http404
    record = model.objects.for_government(request.home_government).filter(pk=pk).first()
    if record is None or not can_view(request.user, record):
        raise Http404
    return record


def record_address(step) -> str:
    """Where staff open the record of a review ``step``: its workspace page for the kinds the
    workspace edits, its admin page for the others."""
    content_type, pk = step.content_type, step.object_id
    for kind, model in RECORD_KINDS.items():
        if content_type.model_class() is model:
            return reverse("workspace:record-detail", kwargs={"kind": kind, "pk": pk})
    return reverse(f"admin:{content_type.app_label}_{content_type.model}_change", args=[pk])


def kind_of(record) -> str | None:
    for kind, model in RECORD_KINDS.items():
        if isinstance(record, model):
            return kind
    return None
