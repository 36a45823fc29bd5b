"""Who may import what. The roles and departments are the workflow's (workflow.permissions):
the same rules as the back-office, applied to the file as a whole and to each row.

- The file: staff of the home government with Django's add and change permissions on the
  model, whose role lets them create such records (office staff, administrators; liaisons for
  the records that belong to departments).
- Each row: a record it would change must be one the user may change, and the department(s)
  the row gives must be ones the user may create records for. A liaison's row must name their
  own department: records without one are the coordinating office's.
"""

from __future__ import annotations

from django.utils.translation import gettext

from ciudadglobal.tenants.models import Role
from ciudadglobal.tenants.selectors import governments_for_user
from ciudadglobal.workflow.permissions import can_change, can_create, has_role

from .entities import ENTITIES


def can_import(user, entity: str, government) -> bool:
    if government is None or entity not in ENTITIES or not user.is_authenticated:
        return False
    if not user.is_staff or not governments_for_user(user).filter(pk=government.pk).exists():
        return False
    model = ENTITIES[entity].model
    opts = model._meta
    return user.has_perms(
        [f"{opts.app_label}.add_{opts.model_name}", f"{opts.app_label}.change_{opts.model_name}"]
    ) and can_create(user, model, government)


def importable_entities(user, government) -> list[str]:
    return [name for name in ENTITIES if can_import(user, name, government)]


def row_refusal(user, government, model, stored, departments: list | None) -> str | None:
    """Why ``user`` may not write this row (None when they may). ``stored`` is the record as
    it is before the row (None for a new one); ``departments`` those the record will have
    (None when the model has no department)."""
    if user is None:  # the command line: the operator's own responsibility
        return None
    if stored is not None and not can_change(user, stored):
        return gettext("you may not change this record")
    if departments is None:
        return None
    if departments:
        if not any(can_create(user, model, government, d) for d in departments):
            return gettext("you may not import records of this department")
    elif has_role(user, government, Role.LIAISON) and not has_role(
        user, government, Role.OFFICE, Role.ADMIN
    ):
        return gettext("give your department")
    return None
