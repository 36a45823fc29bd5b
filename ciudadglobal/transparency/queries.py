"""How a published figure is counted over the itemized registry.

A figure's ``registry_query`` names a registry model and Django lookups, e.g.
``{"model": "agreements.agreement", "filter": {"kind": "twinning"}}``; optional keys are
``exclude``, ``distinct`` (count distinct values of a field) and ``sum`` (add up a field). The
count is always scoped to the figure's home government and, for public pages, to public records.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.apps import apps
from django.core.exceptions import FieldError, ValidationError
from django.db import models
from django.db.models import Sum
from django.utils.translation import gettext as _

from ciudadglobal.core.models import is_tenant_owned

KEYS = {"model", "filter", "exclude", "distinct", "sum"}


def _model(spec: dict[str, Any]) -> type[models.Model]:
    try:
        model = apps.get_model(spec["model"])
    except (KeyError, LookupError, ValueError):
        raise ValidationError(
            _("Name a registry model as app_label.model, e.g. agreements.agreement.")
        ) from None
    if not is_tenant_owned(model):
        raise ValidationError(_("%(model)s is not part of a registry."), params={"model": model})
    return model


def registry_queryset(spec: dict[str, Any], government, *, public_only: bool) -> models.QuerySet:
    model = _model(spec)
    queryset = model._default_manager.for_government(government)
    if public_only:
        queryset = queryset.published()
    return queryset.filter(**spec.get("filter", {})).exclude(**spec.get("exclude", {}))


def registry_value(spec: dict[str, Any], government, *, public_only: bool) -> Decimal | int:
    """The registry's own count (or sum) for a published figure."""
    queryset = registry_queryset(spec, government, public_only=public_only)
    if "sum" in spec:
        return queryset.aggregate(total=Sum(spec["sum"]))["total"] or 0
    if "distinct" in spec:
        return queryset.values(spec["distinct"]).distinct().count()
    return queryset.count()


def validate_registry_query(spec: Any) -> None:
    """Refuse a query that names no registry model, an unknown key or a lookup that fails."""
    if not isinstance(spec, dict):
        raise ValidationError(_("The registry query must be a mapping."))
    unknown = set(spec) - KEYS
    if unknown:
        raise ValidationError(
            _("Unknown keys in the registry query: %(keys)s."),
            params={"keys": ", ".join(sorted(unknown))},
        )
    for part in ("filter", "exclude"):
        if not isinstance(spec.get(part, {}), dict):
            raise ValidationError(
                _("%(part)s must be a mapping of lookups."), params={"part": part}
            )
    model = _model(spec)
    try:
        queryset = model._default_manager.filter(**spec.get("filter", {}))
        queryset = queryset.exclude(**spec.get("exclude", {}))
        for part in ("sum", "distinct"):
            if part in spec:
                queryset.values(spec[part])
    except (FieldError, ValueError, TypeError, ValidationError) as error:
        raise ValidationError(
            _("The registry query does not work: %(error)s"), params={"error": error}
        ) from None
