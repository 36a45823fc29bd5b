"""Two people editing the same record: the second save is refused, clearly, and nothing is lost."""

import pytest
from concurrency.exceptions import RecordModifiedError
from django.db import transaction
from django.test import Client

from ciudadglobal.agreements.admin import AgreementAdmin
from ciudadglobal.agreements.models import Agreement
from tests.admin_forms import inline_data, main_form_data
from tests.conftest import make_staff
from tests.core.test_admin_pages import url

pytestmark = pytest.mark.django_db


@pytest.fixture
def colleague_client(government):
    other = Client()
    other.force_login(make_staff(government, username="carlos"))
    return other


def page_data(response):
    return {**main_form_data(response), **inline_data(response)}


def test_a_stale_edit_is_refused_with_who_and_what(
    staff_client, colleague_client, agreement_factory, government
):
    agreement = agreement_factory(
        home_government=government, title="Convenio con París", description="Original"
    )
    change_url = url(Agreement, "change", agreement.pk, language="en")

    mine = page_data(staff_client.get(change_url))
    theirs = page_data(colleague_client.get(change_url))

    theirs["title"] = "Convenio de cooperación con París"
    assert colleague_client.post(change_url, theirs).status_code == 302

    mine["description"] = "Mi descripción, escrita con cuidado"
    refused = staff_client.post(change_url, mine)

    assert refused.status_code == 200
    form = refused.context["adminform"].form
    [message] = form.non_field_errors()
    assert "Someone else saved this record" in message
    assert "carlos" in message
    assert "Title" in message
    # Nothing is lost: the other edit stands, and what I typed is still in the form.
    agreement.refresh_from_db()
    assert agreement.title == "Convenio de cooperación con París"
    assert agreement.description == "Original"
    assert "Mi descripción, escrita con cuidado" in refused.content.decode()

    # Saving again, having seen the warning, is a deliberate choice and goes through.
    again = staff_client.post(change_url, page_data(refused))
    assert again.status_code == 302
    agreement.refresh_from_db()
    assert agreement.description == "Mi descripción, escrita con cuidado"


def test_a_race_lost_after_validation_gets_a_conflict_page(
    staff_client, agreement_factory, government, monkeypatch
):
    # The middleware reports the exception (for logs) before answering 409; don't re-raise it.
    staff_client.raise_request_exception = False
    agreement = agreement_factory(home_government=government, title="Antes")
    change_url = url(Agreement, "change", agreement.pk, language="en")
    data = page_data(staff_client.get(change_url))
    data["title"] = "Después"

    original_save_model = AgreementAdmin.save_model

    def someone_saves_first(self, request, obj, form, change):
        Agreement.objects.filter(pk=obj.pk).update(version=obj.version + 1000)
        return original_save_model(self, request, obj, form, change)

    monkeypatch.setattr(AgreementAdmin, "save_model", someone_saves_first)
    response = staff_client.post(change_url, data)

    assert response.status_code == 409
    assert "Someone else saved this record first" in response.content.decode()
    agreement.refresh_from_db()
    assert agreement.title == "Antes"


def test_saving_a_stale_copy_in_code_raises(agreement):
    stale = Agreement.objects.get(pk=agreement.pk)
    fresh = Agreement.objects.get(pk=agreement.pk)
    fresh.title = "Primero"
    fresh.save()
    stale.title = "Segundo"
    with pytest.raises(RecordModifiedError), transaction.atomic():
        stale.save()
    agreement.refresh_from_db()
    assert agreement.title == "Primero"
