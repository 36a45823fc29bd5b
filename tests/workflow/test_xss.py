"""A script payload in every text field of every registry model comes out escaped in the
back-office (list and form) and on the portal's pages."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.db import models
from django.urls import reverse

from ciudadglobal.actors.models import Actor, Department
from ciudadglobal.core.models import Visibility
from ciudadglobal.portal.links import public_url
from tests import factories as f

from .records import BUILDERS

PAYLOAD = "<script>alert(1)</script>\"'><img src=x onerror=alert(1)>"
RAW = ("<script>alert(1)", "<img src=x onerror")
ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;"


def text_fields(model) -> list[models.Field]:
    """Every free-text column of the model (no choices: those render their labels)."""
    return [
        field
        for field in model._meta.concrete_fields
        if type(field) in (models.CharField, models.TextField) and not field.choices
    ]


def poison(record) -> list[str]:
    names = []
    for field in text_fields(type(record)):
        value = PAYLOAD if not field.max_length else PAYLOAD[: field.max_length]
        setattr(record, field.attname, value)
        names.append(field.name)
    record.save()
    return names


def assert_escaped(html: str, where: str) -> None:
    for fragment in RAW:
        assert fragment not in html, f"{where}: {fragment!r} unescaped"


def test_every_registry_model_has_text_fields_to_poison():
    assert all(text_fields(model) for model in BUILDERS)


@pytest.mark.django_db
@pytest.mark.parametrize("model", list(BUILDERS), ids=lambda m: m.__name__)
def test_text_fields_are_escaped_in_admin_and_portal(model, admin_client, government):
    admin_user = get_user_model().objects.get(is_superuser=True)
    admin_user.staff_memberships.create(home_government=government)
    record = BUILDERS[model](home_government=government, visibility=Visibility.PUBLIC)
    poisoned = poison(record)
    assert poisoned
    info = f"admin:{model._meta.app_label}_{model._meta.model_name}"

    listing = admin_client.get(reverse(f"{info}_changelist"))
    assert listing.status_code == 200
    assert_escaped(listing.content.decode(), "change list")

    form = admin_client.get(reverse(f"{info}_change", args=[record.pk]))
    assert form.status_code == 200
    html = form.content.decode()
    assert_escaped(html, "change form")
    assert ESCAPED in html or "&lt;script&gt;" in html  # the payload is shown, escaped

    url = public_url(record, government.slug)
    if model is Department:
        url = None  # no page of their own: shown on the pages of their records (below)
    if model is Actor:  # a partner has a page through a public relation
        agreement = f.AgreementFactory(home_government=government, visibility=Visibility.PUBLIC)
        f.AgreementPartyFactory(agreement=agreement, actor=record)
    if url is None and model._meta.app_label == "transparency":
        url = reverse("portal:transparency", kwargs={"government": government.slug})
    if url is not None:
        page = _portal_page(admin_client, url, record)
        assert page.status_code == 200, (url, page.content.decode()[:3000])
        assert_escaped(page.content.decode(), "portal")


def _portal_page(client, url, record):
    client.logout()
    if hasattr(record, "department_path") and record.department_path:
        department = f.DepartmentFactory(
            home_government=record.home_government, visibility=Visibility.PUBLIC
        )
        poison(department)
        field = record._meta.get_field(record.department_path)
        if field.many_to_many:
            getattr(record, record.department_path).set([department])
        else:
            setattr(record, record.department_path, department)
            record.save()
    return client.get(url)
