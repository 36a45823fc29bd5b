"""The government's and the Congress evaluator's evaluations are kept apart: each is written
only by its own evaluator, never by another government, and both appear in the report."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from ciudadglobal.reports.models import BenefitEvaluation, Semester
from ciudadglobal.reports.semiannual import build_semiannual
from ciudadglobal.reports.services import evaluation_save
from tests import factories as f

pytestmark = pytest.mark.django_db


def evaluation(agreement, evaluator, **extra) -> BenefitEvaluation:
    fields = {
        "year": 2018,
        "half": 1,
        "rating": 3,
        "narrative": f"Evaluación de {evaluator}.",
        "exchanges": 2,
        "people_trained": 30,
        "status": "final",
    }
    return BenefitEvaluation(agreement=agreement, evaluator=evaluator, **{**fields, **extra})


def url(agreement, evaluator: str) -> str:
    return reverse("reports:evaluation-edit", args=[agreement.pk, 2018, 1, evaluator])


def test_office_staff_write_only_the_governments_evaluation(registry, staff):
    agreement = registry.agreements["new"]
    evaluation_save(evaluation(agreement, "government"), by=staff)
    with pytest.raises(PermissionDenied):
        evaluation_save(evaluation(agreement, "congress"), by=staff)


def test_the_congress_evaluator_writes_only_the_congress_evaluation(registry, congress_user):
    agreement = registry.agreements["new"]
    evaluation_save(evaluation(agreement, "congress"), by=congress_user)
    with pytest.raises(PermissionDenied):
        evaluation_save(evaluation(agreement, "government"), by=congress_user)


def test_no_one_changes_the_others_evaluation_by_switching_its_evaluator(
    registry, staff, congress_user
):
    saved = evaluation_save(evaluation(registry.agreements["new"], "congress"), by=congress_user)
    saved.evaluator = "government"
    with pytest.raises(PermissionDenied):
        evaluation_save(saved, by=staff)


def test_another_government_never_writes_either(registry, other_staff, other_government):
    agreement = registry.agreements["new"]
    congress_elsewhere = f.UserFactory(username="otro-congreso")
    f.StaffMembershipFactory(
        user=congress_elsewhere, home_government=other_government, role="congress"
    )
    for user in (other_staff, congress_elsewhere):
        for evaluator in ("government", "congress"):
            with pytest.raises(PermissionDenied):
                evaluation_save(evaluation(agreement, evaluator), by=user)


def test_the_pages_refuse_the_other_evaluator_and_other_governments(
    registry, client, staff, congress_user, other_staff
):
    agreement = registry.agreements["new"]
    client.force_login(staff)
    assert client.get(url(agreement, "government")).status_code == 200
    assert client.get(url(agreement, "congress")).status_code == 403
    client.force_login(congress_user)
    assert client.get(url(agreement, "congress")).status_code == 200
    assert client.get(url(agreement, "government")).status_code == 403
    client.force_login(other_staff)
    assert client.get(url(agreement, "government")).status_code in (403, 404)
    # an agreement of another government is not found, even for its own role
    elsewhere = f.AgreementFactory(
        home_government=other_staff.staff_memberships.get().home_government
    )
    client.force_login(staff)
    assert client.get(url(elsewhere, "government")).status_code == 404


def test_the_form_saves_the_evaluation_and_both_appear_in_the_report(
    registry, client, staff, congress_user
):
    agreement = registry.agreements["active"]
    data = {
        "exchanges": "4",
        "people_trained": "120",
        "projects": "1",
        "funds_amount": "50000",
        "funds_currency": "EUR",
        "narrative": "Capacitación en movilidad.",
        "rating": "4",
        "evidence_url": "https://example.org/informe",
        "evidence_notes": "",
        "status": "final",
    }
    client.force_login(staff)
    response = client.post(url(agreement, "government"), data)
    assert response.status_code == 302
    client.force_login(congress_user)
    response = client.post(
        url(agreement, "congress"), {**data, "rating": "2", "narrative": "Beneficio limitado."}
    )
    assert response.status_code == 302
    saved = BenefitEvaluation.objects.get(agreement=agreement, evaluator="congress")
    assert saved.updated_by == congress_user and saved.rating == 2
    report = build_semiannual(registry.government, Semester(2018, 1))
    table = next(t for s in report.sections for t in s.tables if t.id == "table-evaluations")
    row = next(r for r in table.rows if r[0].text == str(agreement))
    assert "Capacitación en movilidad." in row[1].text and row[1].text.startswith("4 ·")
    assert "Beneficio limitado." in row[2].text and row[2].text.startswith("2 ·")


def test_funds_need_a_currency(registry, staff):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as error:
        evaluation_save(
            evaluation(registry.agreements["new"], "government", funds_amount=100), by=staff
        )
    assert error.value.error_dict["funds_currency"][0].code == "currency_required"
