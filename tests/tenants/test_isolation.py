"""Nothing of one home government is listed, counted, searched, offered or changed by another."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ciudadglobal.agreements.models import Agreement, AgreementDocument
from ciudadglobal.tenants.selectors import SESSION_KEY
from tests import factories as f
from tests.admin_forms import form_errors, inline_data
from tests.core.test_admin_pages import BUILDERS, PLATFORM_ONLY, url

pytestmark = pytest.mark.django_db

TENANT_MODELS = [model for model in BUILDERS if model not in PLATFORM_ONLY]


@pytest.fixture
def records(government, other_government):
    """One record of every kind in each government: (ours, theirs) per model."""
    return {
        model: (BUILDERS[model](government), BUILDERS[model](other_government))
        for model in TENANT_MODELS
    }


@pytest.mark.parametrize("model", TENANT_MODELS, ids=lambda m: m._meta.label)
def test_lists_and_counts_show_only_the_own_government(model, records, staff_client, government):
    ours, theirs = records[model]
    changelist = staff_client.get(url(model, "changelist")).context["cl"]
    listed = {obj.pk for obj in changelist.result_list}
    assert ours.pk in listed
    assert theirs.pk not in listed
    scoped = model._default_manager.for_government(government).count()
    assert changelist.result_count == changelist.full_result_count == scoped
    assert scoped < model._default_manager.count()


@pytest.mark.parametrize("model", TENANT_MODELS, ids=lambda m: m._meta.label)
def test_another_governments_record_cannot_be_opened_changed_or_deleted(
    model, records, staff_client
):
    _ours, theirs = records[model]
    version = getattr(theirs, "version", None)
    for action in ("change", "delete"):
        response = staff_client.get(url(model, action, theirs.pk))
        assert response.status_code == 302, action
        assert response.url == reverse("admin:index")  # "does not exist", back to the index
    history = staff_client.get(url(model, "history", theirs.pk))
    if hasattr(model, "history"):
        assert history.status_code in {403, 404}
        version_id = theirs.history.latest("history_date").history_id
        past = url(model, "simple_history", theirs.pk, version_id)
        assert staff_client.get(past).status_code in {403, 404}
    else:  # Django's own history page (the admin log) refuses like the change page
        assert history.status_code == 302
        assert history.url == reverse("admin:index")
    assert staff_client.post(url(model, "change", theirs.pk), {"name": "x"}).status_code == 302
    assert staff_client.post(url(model, "delete", theirs.pk), {"post": "yes"}).status_code == 302
    theirs.refresh_from_db()
    assert getattr(theirs, "version", None) == version


def test_search_finds_nothing_of_another_government(government, other_government, staff_client):
    f.AgreementFactory(home_government=other_government, title="Convenio con Lima")
    f.AgreementFactory(home_government=government, title="Convenio con Quito")
    found = staff_client.get(url(Agreement, "changelist"), {"q": "Convenio"}).context["cl"]
    assert [a.title for a in found.result_list] == ["Convenio con Quito"]


def test_autocomplete_offers_only_the_own_government(government, other_government, staff_client):
    ours = f.DepartmentFactory(home_government=government, name="Secretaría de Turismo")
    f.DepartmentFactory(home_government=other_government, name="Secretaría de Turismo de Bogotá")
    response = staff_client.get(
        "/admin/autocomplete/",
        {
            "app_label": "agreements",
            "model_name": "agreement",
            "field_name": "department",
            "term": "Turismo",
        },
    )
    assert [item["id"] for item in response.json()["results"]] == [str(ours.pk)]


def test_filters_do_not_name_another_governments_records(
    government, other_government, staff_client
):
    secret = f.DepartmentFactory(home_government=other_government, name="Secretaría Reservada")
    f.AgreementFactory(home_government=other_government, department=secret)
    f.AgreementFactory(
        home_government=government, department=f.DepartmentFactory(home_government=government)
    )
    page = staff_client.get(url(Agreement, "changelist")).content.decode()
    assert "Secretaría Reservada" not in page


def test_a_record_cannot_point_at_another_governments_records(
    government, other_government, staff_client
):
    theirs = f.DepartmentFactory(home_government=other_government)
    add = staff_client.get(url(Agreement, "add"))
    response = staff_client.post(
        url(Agreement, "add"),
        {
            "kind": "friendship",
            "title": "Convenio",
            "visibility": "internal",
            "department": str(theirs.pk),
            **inline_data(add),
        },
    )
    assert response.status_code == 200
    assert "department" in response.context["adminform"].form.errors, form_errors(response)
    assert not Agreement.objects.exists()


def test_documents_are_served_only_to_their_government(
    agreement_factory, government, other_government, client, staff, other_staff
):
    agreement = agreement_factory(home_government=government)
    document = AgreementDocument.objects.create(
        agreement=agreement,
        title="Texto firmado",
        file=SimpleUploadedFile("convenio.pdf", b"%PDF-1.4 signed text"),
    )
    client.force_login(other_staff)
    assert client.get(document.file.url).status_code == 404
    client.force_login(staff)
    response = client.get(document.file.url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 signed text"
    staff.user_permissions.remove(*staff.user_permissions.filter(codename="view_agreementdocument"))
    assert client.get(document.file.url).status_code == 403
    client.logout()
    assert client.get(document.file.url).status_code == 302  # to the login page


def test_staff_cannot_switch_into_another_government(other_government, staff_client):
    staff_client.post("/tenants/switch/", {"government": other_government.pk, "next": "/admin/"})
    assert staff_client.session.get(SESSION_KEY) is None
    response = staff_client.get("/admin/")
    assert response.wsgi_request.home_government.slug == "cdmx"


def test_platform_admin_switches_between_governments(admin_client, government, other_government):
    f.AgreementFactory(home_government=government, title="De México")
    f.AgreementFactory(home_government=other_government, title="De Bogotá")

    def titles():
        listed = admin_client.get(url(Agreement, "changelist")).context["cl"].result_list
        return [a.title for a in listed]

    admin_client.post("/tenants/switch/", {"government": government.pk, "next": "/admin/"})
    assert titles() == ["De México"]
    admin_client.post("/tenants/switch/", {"government": other_government.pk, "next": "/admin/"})
    assert titles() == ["De Bogotá"]


def test_a_user_without_a_government_sees_no_registry(client, user_factory, agreement):
    user = user_factory()
    client.force_login(user)
    assert client.get(url(Agreement, "changelist")).status_code == 403


def test_the_shared_scope_counts_in_one_place(government, other_government):
    f.AgreementFactory.create_batch(3, home_government=government)
    f.AgreementFactory.create_batch(2, home_government=other_government)
    assert Agreement.objects.for_government(government).count() == 3
    assert Agreement.objects.for_government(other_government).count() == 2
    assert Agreement.objects.for_government(None).count() == 0
