"""Every change is kept: who, when, what; and it is visible on the record."""

import pytest

from ciudadglobal.agreements.models import Agreement, AgreementParty
from tests.admin_forms import inline_data, main_form_data
from tests.core.test_admin_pages import url

pytestmark = pytest.mark.django_db


def test_changes_are_recorded_with_author_and_differences(
    staff_client, agreement_factory, government
):
    agreement = agreement_factory(home_government=government, title="Convenio con Seúl")
    change_url = url(Agreement, "change", agreement.pk)
    page = staff_client.get(change_url)
    data = {**main_form_data(page), **inline_data(page), "title": "Convenio con Seúl (2010)"}
    assert staff_client.post(change_url, data).status_code == 302

    latest, first = agreement.history.order_by("-history_date")[:2]
    assert latest.history_user.username == "ana"
    assert latest.history_type == "~"
    assert [
        change.field for change in latest.diff_against(first).changes if change.field != "version"
    ] == ["title"]

    history = staff_client.get(url(Agreement, "history", agreement.pk)).content.decode()
    assert "ana" in history
    assert "Convenio con Seúl (2010)" in history
    assert "Convenio con Seúl" in history

    record = staff_client.get(
        url(Agreement, "change", agreement.pk, language="en")
    ).content.decode()
    assert "Revision 2, saved by ana" in record


def test_inline_rows_keep_their_own_history(
    staff_client, agreement_factory, actor_factory, government
):
    agreement = agreement_factory(home_government=government)
    paris = actor_factory(home_government=government, name="Ciudad de París")
    change_url = url(Agreement, "change", agreement.pk)
    page = staff_client.get(change_url)
    data = {**main_form_data(page), **inline_data(page)}
    data.update(
        {
            "parties-TOTAL_FORMS": "1",
            "parties-0-actor": str(paris.pk),
            "parties-0-role": "counterpart",
        }
    )
    assert staff_client.post(change_url, data).status_code == 302

    party = AgreementParty.objects.get(agreement=agreement)
    assert party.history.get().history_user.username == "ana"


def test_deleted_records_keep_their_history(agreement):
    pk = agreement.pk
    agreement.delete()
    assert Agreement.history.filter(id=pk).values_list("history_type", flat=True).first() == "-"


def test_the_record_history_shows_its_themes_and_its_parts(
    staff_client, agreement_factory, actor_factory, theme_factory, government
):
    agreement = agreement_factory(home_government=government)
    environment = theme_factory(home_government=government, name="Medio ambiente")
    paris = actor_factory(home_government=government, name="Ciudad de París")
    change_url = url(Agreement, "change", agreement.pk, language="en")
    page = staff_client.get(change_url)
    data = {**main_form_data(page), **inline_data(page), "themes": [str(environment.pk)]}
    data.update(
        {
            "parties-TOTAL_FORMS": "1",
            "parties-0-actor": str(paris.pk),
            "parties-0-role": "counterpart",
        }
    )
    assert staff_client.post(change_url, data).status_code == 302

    latest = agreement.history.latest("history_date")
    assert [t.theme_id for t in latest.themes.all()] == [environment.pk]

    history = staff_client.get(url(Agreement, "history", agreement.pk, language="en"))
    page = history.content.decode()
    assert "Medio ambiente" in page
    assert "Changes to its parts" in page
    [entry] = history.context["related_history"]
    assert entry["record"].history_object.actor == paris
    assert entry["record"].history_user.username == "ana"
