"""Who may import what: staff of the home government allowed to add and change the records.

The same check guards the upload, the preview, the confirmation and the templates."""

from __future__ import annotations

from ciudadglobal.tenants.selectors import governments_for_user

from .entities import ENTITIES


def can_import(user, entity: str, government) -> bool:
    if government is None or entity not in ENTITIES or not user.is_authenticated:
        return False
    if not user.is_staff or not governments_for_user(user).filter(pk=government.pk).exists():
        return False
    opts = ENTITIES[entity].model._meta
    return user.has_perms(
        [f"{opts.app_label}.add_{opts.model_name}", f"{opts.app_label}.change_{opts.model_name}"]
    )


def importable_entities(user, government) -> list[str]:
    return [name for name in ENTITIES if can_import(user, name, government)]
