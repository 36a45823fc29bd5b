"""Creating a record from a quick entry form, as a draft of a department."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction

from ciudadglobal.activities.models import Activity
from ciudadglobal.tenants.models import Role
from ciudadglobal.workflow import services as workflow
from ciudadglobal.workflow.permissions import can_create, has_role


@transaction.atomic
def record_create(form, *, by, government, department, kind: str | None = None, submit=False):
    """Save ``form``'s record as a draft of ``department`` and, with ``submit``, submit it.

    Raises PermissionDenied when ``by`` may not create such a record for that department."""
    model = form._meta.model
    if not can_create(by, model, government, department):
        raise PermissionDenied
    if department is None and not has_role(by, government, Role.OFFICE, Role.ADMIN):
        # A record of no department would be out of its own author's sight.
        raise PermissionDenied
    record = form.save(commit=False)
    record.home_government = government
    if kind is not None:
        record.kind = kind
    if model is not Activity:
        record.department = department
    record._change_reason = ""
    record.full_clean(exclude=["version"])
    record.save()
    form.save_m2m()
    if model is Activity and department is not None:
        record.departments.add(department)
    if submit:
        workflow.submit(record, by=by)
    return record
