"""Read an admin page's forms back into POST data, as a browser would submit them."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db.models import Model
from django.db.models.fields.files import FieldFile

from ciudadglobal.core.partialdates import PartialDate


def _encode(value):
    if value is None or isinstance(value, FieldFile):
        return None
    if isinstance(value, bool):
        return "on" if value else None
    if isinstance(value, Model):
        return str(value.pk)
    if isinstance(value, list | tuple):
        return [_encode(item) for item in value if _encode(item) is not None]
    if isinstance(value, PartialDate | date):
        return value.isoformat()
    if isinstance(value, Decimal | int | float):
        return str(value)
    return str(value)


def _form_data(form) -> dict:
    data = {}
    for bound in form:
        value = _encode(bound.value())
        if value is not None:
            data[bound.html_name] = value
    return data


def main_form_data(response) -> dict:
    return _form_data(response.context["adminform"].form)


def inline_data(response) -> dict:
    data = {}
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        data.update(_form_data(formset.management_form))
        for form in formset.forms:
            data.update(_form_data(form))
    return data


def form_errors(response) -> str:
    """Why an admin form did not save, for assertion messages."""
    if response.context is None or "adminform" not in response.context:
        return f"status {response.status_code}"
    errors = [response.context["adminform"].form.errors.as_text()]
    for inline in response.context["inline_admin_formsets"]:
        errors.append(str(inline.formset.errors))
        errors.append(str(inline.formset.non_form_errors()))
    return " | ".join(e for e in errors if e and e != "[]")
