"""The reports' back-office: each evaluator writes only its own evaluations, of its own
government's agreements; reports are read there, never added or changed, and a published one
cannot be deleted."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from ciudadglobal.reports.models import BenefitEvaluation, Report
from tests import factories as f
from tests.admin_forms import form_errors, main_form_data

pytestmark = pytest.mark.django_db


def admin_url(model, action, *args):
    return reverse(f"admin:reports_{model._meta.model_name}_{action}", args=args)


def evaluation_data(agreement, evaluator, **extra) -> dict:
    return {
        "agreement": str(agreement.pk),
        "year": "2018",
        "half": "1",
        "evaluator": evaluator,
        "exchanges": "2",
        "people_trained": "30",
        "projects": "1",
        "funds_currency": "MXN",
        "narrative": "Intercambio de técnicos del agua.",
        "rating": "4",
        "status": "final",
        **extra,
    }


def test_office_staff_add_and_change_the_governments_evaluation(client, registry, staff):
    agreement = registry.agreements["new"]
    client.force_login(staff)
    add = client.get(admin_url(BenefitEvaluation, "add"))
    assert add.status_code == 200
    offered = {value for value, _label in add.context["adminform"].form["evaluator"].field.choices}
    assert offered - {""} == {"government"}  # the Congress's evaluation is not theirs to write

    response = client.post(
        admin_url(BenefitEvaluation, "add"), evaluation_data(agreement, "government")
    )
    assert response.status_code == 302, form_errors(response)
    saved = BenefitEvaluation.objects.get()
    assert (saved.evaluator, saved.updated_by) == ("government", staff)

    change = admin_url(BenefitEvaluation, "change", saved.pk)
    data = {**main_form_data(client.get(change)), "rating": "5"}
    response = client.post(change, data)
    assert response.status_code == 302, form_errors(response)
    saved.refresh_from_db()
    assert saved.rating == 5


def test_a_posted_congress_evaluation_is_refused_to_office_staff(client, registry, staff):
    client.force_login(staff)
    response = client.post(
        admin_url(BenefitEvaluation, "add"),
        evaluation_data(registry.agreements["new"], "congress"),
    )
    assert response.status_code == 200  # the form comes back with the error
    assert "evaluator" in response.context["adminform"].form.errors
    assert not BenefitEvaluation.objects.exists()


def test_another_governments_agreement_is_not_offered(client, registry, other_staff):
    client.force_login(other_staff)
    response = client.post(
        admin_url(BenefitEvaluation, "add"),
        evaluation_data(registry.agreements["new"], "government"),
    )
    assert response.status_code == 200
    assert "agreement" in response.context["adminform"].form.errors
    assert not BenefitEvaluation.objects.exists()


def test_a_liaison_has_no_evaluations_to_write(client, registry, liaison):
    client.force_login(liaison)
    assert client.get(admin_url(BenefitEvaluation, "add")).status_code == 403


def report(government, **extra) -> Report:
    values = {"kind": "semiannual", "year": 2018, "half": 1, "language": "es"}
    return Report.objects.create(home_government=government, **values | extra)


def test_reports_are_read_not_written_in_the_admin(client, registry, staff):
    draft = report(registry.government)
    client.force_login(staff)
    listing = client.get(admin_url(Report, "changelist"))
    assert listing.status_code == 200
    assert [row.pk for row in listing.context["cl"].result_list] == [draft.pk]
    assert client.get(admin_url(Report, "change", draft.pk)).status_code == 200
    assert client.get(admin_url(Report, "add")).status_code == 403
    response = client.post(admin_url(Report, "change", draft.pk), {"year": "2019"})
    assert response.status_code == 403
    draft.refresh_from_db()
    assert draft.year == 2018


def test_only_unpublished_reports_are_deleted(client, registry, staff):
    published = report(registry.government, state="published", published_at=timezone.now())
    draft = report(registry.government, year=2017)
    client.force_login(staff)
    assert (
        client.post(admin_url(Report, "delete", published.pk), {"post": "yes"}).status_code == 403
    )
    assert client.post(admin_url(Report, "delete", draft.pk), {"post": "yes"}).status_code == 302
    assert list(Report.objects.values_list("pk", flat=True)) == [published.pk]


def test_another_governments_reports_are_not_listed_or_opened(client, registry, other_staff):
    theirs = report(registry.government)
    client.force_login(other_staff)
    listing = client.get(admin_url(Report, "changelist"))
    assert list(listing.context["cl"].result_list) == []
    response = client.get(admin_url(Report, "change", theirs.pk))
    assert response.status_code == 302  # "does not exist", back to the index
    assert client.post(admin_url(Report, "delete", theirs.pk), {"post": "yes"}).status_code == 403
    assert Report.objects.filter(pk=theirs.pk).exists()


def test_a_council_member_does_not_see_the_reports_admin(client, registry):
    member = f.UserFactory(username="consejera", is_staff=True)
    f.StaffMembershipFactory(user=member, home_government=registry.government, role="council")
    client.force_login(member)
    assert client.get(admin_url(Report, "changelist")).status_code == 403
