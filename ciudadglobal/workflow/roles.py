"""Django's model permissions that go with each role: the coarse gate of the back-office.

Model permissions say which kinds of rows an account works on at all; the role, the department
and the review state (``permissions``) decide which rows and which moves. One group per role
holds the model permissions that role needs; ``sync_role_groups`` keeps them up to date (run
by ``demo_accounts``; platform administrators may put real accounts in these groups too).
"""

from __future__ import annotations

from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType

from ciudadglobal.core.models import is_tenant_owned
from ciudadglobal.places.models import Place
from ciudadglobal.tenants.models import Role

#: Roles that record and edit (the rules narrow a liaison to their department's open records).
EDITING_ROLES = frozenset({Role.OFFICE, Role.LIAISON, Role.ADMIN})
GROUP_PREFIX = "Ciudad Global · "


def group_name(role: str) -> str:
    return f"{GROUP_PREFIX}{role}"


def _work_models() -> list:
    return [model for model in apps.get_models() if is_tenant_owned(model)] + [Place]


def permissions_for(role: str):
    content_types = ContentType.objects.get_for_models(
        *_work_models(), for_concrete_models=False
    ).values()
    actions = ("view", "add", "change", "delete") if role in EDITING_ROLES else ("view",)
    codenames = [
        f"{action}_{content_type.model}" for content_type in content_types for action in actions
    ]
    return Permission.objects.filter(content_type__in=content_types, codename__in=codenames)


def sync_role_groups() -> dict[str, Group]:
    """One group per role, holding exactly that role's model permissions."""
    groups = {}
    for role in Role:
        group, _created = Group.objects.get_or_create(name=group_name(role))
        group.permissions.set(permissions_for(role))
        groups[role] = group
    return groups
