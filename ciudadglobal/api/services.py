"""Writes of the API: tokens, and drafts created and changed through it.

Drafts obey exactly the back-office's rules: ``workflow.permissions`` decides who may create,
see and change what, and ``workflow.services`` moves records between states."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ciudadglobal.actors.models import Actor
from ciudadglobal.workflow import permissions

from .models import ApiToken

TOKEN_PREFIX = "cg_"

STALE = _("The record has changed since revision %(version)s; read it again.")


class StaleRecord(Exception):
    """The client's revision is not the record's: someone changed it meanwhile."""


def _digest(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def token_create(*, user, name: str, expires_at: datetime | None = None) -> tuple[ApiToken, str]:
    """A new token for ``user`` and its secret, which is never stored and cannot be shown
    again."""
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user, name=name, prefix=raw[:10], digest=_digest(raw), expires_at=expires_at
    )
    return token, raw


def token_user(raw: str):
    """The active user of a valid token (not revoked, not expired), or None."""
    if not raw or not raw.startswith(TOKEN_PREFIX) or len(raw) > 200:
        return None
    token = ApiToken.objects.select_related("user").filter(digest=_digest(raw)).first()
    now = timezone.now()
    if token is None or token.revoked or not token.user.is_active:
        return None
    if token.expires_at is not None and token.expires_at <= now:
        return None
    token.last_used_at = now
    token.save(update_fields=["last_used_at"])
    return token.user


# --- Drafts ----------------------------------------------------------------------------------


def _department_refs(model: type[models.Model], government, data: dict[str, Any]) -> list:
    """The departments named by ``data`` (``department_id`` or ``department_ids``), which must
    be the government's own."""
    ids = data.get("department_ids") or []
    if data.get("department_id") is not None:
        ids = [data["department_id"]]
    if not ids:
        return []
    found = list(Actor.objects.for_government(government).departments().filter(pk__in=ids))
    if len(found) != len(set(ids)):
        field = "department_ids" if "department_ids" in data else "department_id"
        raise ValidationError({field: _("Not a department of this government.")})
    return found


def _assign(record, data: dict[str, Any], departments: list) -> list | None:
    """Set the plain fields; return the departments of a many-to-many path to set after save."""
    m2m = None
    for name, value in data.items():
        if name in ("department_id", "department_ids"):
            continue
        setattr(record, name, value if value is not None else _empty(record, name))
    path = getattr(type(record), "department_path", None)
    if path and ("department_id" in data or "department_ids" in data):
        if type(record)._meta.get_field(path).many_to_many:
            m2m = departments
        else:
            setattr(record, path, departments[0] if departments else None)
    return m2m


def _empty(record, name: str):
    field = type(record)._meta.get_field(name)
    return None if field.null else ""


def draft_create(*, user, government, model: type[models.Model], data: dict[str, Any]):
    """A new record of ``model`` in ``government``, in the draft state."""
    departments = _department_refs(model, government, data)
    department = departments[0] if departments else None
    if not permissions.can_create(user, model, government, department):
        raise PermissionDenied
    with transaction.atomic():
        return _save(model(home_government=government), data, departments, user)


def draft_update(*, user, record, data: dict[str, Any], version: int):
    """Change ``record`` as ``user``, if they may and nobody changed it since ``version``."""
    if not permissions.can_change(user, record):
        raise PermissionDenied
    if record.version != version:
        raise StaleRecord(STALE % {"version": version})
    government = record.home_government
    departments = _department_refs(type(record), government, data)
    with transaction.atomic():
        return _save(record, data, departments, user)


def _save(record, data: dict[str, Any], departments, user):
    """Validate and save ``record`` with ``data`` (inside the caller's transaction)."""
    m2m = _assign(record, data, departments)
    record.full_clean()
    record._history_user = user
    record.save()
    if m2m is not None:
        getattr(record, type(record).department_path).set(m2m)
    if not permissions.can_change(user, record):
        # A liaison's record must stay theirs: one of its departments is their own.
        raise PermissionDenied
    return record
