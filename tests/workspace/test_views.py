"""The workspace: who may open, change, submit and review what, and what they see."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from ciudadglobal.activities.models import Activity, ActivityKind
from ciudadglobal.coordination.models import (
    CabinetSession,
    OperatingPlan,
    PlannedAction,
    Resolution,
    ResolutionStatus,
)
from ciudadglobal.core.models import WorkflowState
from ciudadglobal.tenants.models import Role
from ciudadglobal.workflow import services as workflow
from ciudadglobal.workflow.models import Notification
from tests import factories as f

from .conftest import draft, member


def detail(record, action=None):
    if action:
        return reverse(
            "workspace:record-transition",
            kwargs={"kind": "activity", "pk": record.pk, "action": action},
        )
    return reverse("workspace:record-detail", kwargs={"kind": "activity", "pk": record.pk})


def edit(record):
    return reverse("workspace:record-edit", kwargs={"kind": "activity", "pk": record.pk})


PAGES = [
    "workspace:dashboard",
    "workspace:record-list",
    "workspace:review-queue",
    "workspace:plan-list",
    "workspace:session-list",
    "workspace:guide",
]


@pytest.mark.parametrize("name", PAGES)
def test_anonymous_people_are_sent_to_log_in(client, name, db):
    url = reverse(name)
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("workspace:login"))


def test_the_login_page_logs_in(client, people):
    response = client.post(
        reverse("workspace:login"), {"username": "enlace-sedema", "password": "pass-1234"}
    )
    assert response.status_code == 302
    assert client.get(reverse("workspace:dashboard")).status_code == 200


def test_someone_without_a_membership_is_refused(client, db):
    client.force_login(f.UserFactory(username="nadie"))
    assert client.get(reverse("workspace:dashboard")).status_code == 403


@pytest.mark.parametrize("name", PAGES)
def test_every_page_opens_for_a_liaison(client, people, name):
    client.force_login(people["environment"])
    assert client.get(reverse(name)).status_code == 200


def test_a_liaison_cannot_open_or_change_another_departments_record(
    client, people, environment_draft, tourism_draft
):
    client.force_login(people["tourism"])
    assert client.get(detail(tourism_draft)).status_code == 200
    assert client.get(detail(environment_draft)).status_code == 404
    assert client.get(edit(environment_draft)).status_code == 404
    response = client.post(
        edit(environment_draft), {"title": "Cambiado", "version": environment_draft.version}
    )
    assert response.status_code == 404
    for action in ("submit", "publish", "return"):
        response = client.post(
            detail(environment_draft, action),
            {"version": environment_draft.version, "comment": "x"},
        )
        assert response.status_code == 404
    environment_draft.refresh_from_db()
    assert (environment_draft.title, environment_draft.state) == ("Gira a Medellín", "draft")


def test_another_government_never_sees_the_record(client, people, environment_draft):
    client.force_login(people["foreign"])
    assert client.get(detail(environment_draft)).status_code == 404
    response = client.post(
        detail(environment_draft, "publish"), {"version": environment_draft.version}
    )
    assert response.status_code == 404


def test_transitions_are_post_only(client, people, environment_draft):
    client.force_login(people["environment"])
    assert client.get(detail(environment_draft, "submit")).status_code == 405


def test_a_liaison_records_a_trip_and_submits_it(client, people, environment, government):
    client.force_login(people["environment"])
    response = client.post(
        reverse("workspace:record-create", kwargs={"entry": "trip"}),
        {
            "title": "Gira a Vancouver",
            "start": "2018-05",
            "visibility": "public",
            "cost": "1500.00",
            "cost_currency": "CAD",
            "action": "submit",
        },
    )
    trip = Activity.objects.get(title="Gira a Vancouver")
    assert response.status_code == 302
    assert response["Location"] == detail(trip)
    assert trip.home_government == government
    assert trip.kind == ActivityKind.OFFICIAL_TRIP
    assert list(trip.departments.all()) == [environment]
    assert trip.state == WorkflowState.SUBMITTED
    # Submitted, it is no longer the liaison's to change.
    assert client.get(edit(trip)).status_code == 403


def test_a_quick_entry_shows_its_errors_and_saves_nothing(client, people):
    client.force_login(people["environment"])
    response = client.post(
        reverse("workspace:record-create", kwargs={"entry": "visit"}),
        {"title": "", "start": "mayo", "cost": "10", "action": "save"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors.keys() >= {"title", "start"}
    assert not Activity.objects.exists()


def test_a_draft_agreement_is_saved_for_the_department(client, people, tourism):
    client.force_login(people["tourism"])
    client.post(
        reverse("workspace:record-create", kwargs={"entry": "agreement"}),
        {
            "kind": "memorandum",
            "title": "Memorándum con Lisboa",
            "visibility": "internal",
            "action": "save",
        },
    )
    agreement = tourism.agreements.get()
    assert (agreement.title, agreement.state) == ("Memorándum con Lisboa", WorkflowState.DRAFT)


def test_a_reviewer_publishes_and_a_stale_review_is_refused(client, people, environment_draft):
    client.force_login(people["environment"])
    client.post(detail(environment_draft, "submit"), {"version": environment_draft.version})
    environment_draft.refresh_from_db()
    assert environment_draft.state == WorkflowState.SUBMITTED
    seen = environment_draft.version

    client.force_login(people["reviewer"])
    queue = client.get(reverse("workspace:review-queue"))
    assert environment_draft.title in queue.content.decode()
    assert client.post(detail(environment_draft, "publish"), {"version": seen}).status_code == 302
    environment_draft.refresh_from_db()
    assert environment_draft.state == WorkflowState.PUBLISHED

    # A second reviewer who opened the same page before: refused, nothing done.
    response = client.post(
        detail(environment_draft, "return"), {"version": seen, "comment": "Falta el costo"}
    )
    assert response.status_code == 409
    assert list(response.context["messages"])
    environment_draft.refresh_from_db()
    assert environment_draft.state == WorkflowState.PUBLISHED


def test_returning_needs_a_comment(client, people, environment_draft):
    client.force_login(people["environment"])
    client.post(detail(environment_draft, "submit"), {"version": environment_draft.version})
    environment_draft.refresh_from_db()
    client.force_login(people["reviewer"])
    response = client.post(
        detail(environment_draft, "return"), {"version": environment_draft.version}
    )
    assert response.status_code == 409
    environment_draft.refresh_from_db()
    assert environment_draft.state == WorkflowState.SUBMITTED


def test_a_liaison_cannot_publish(client, people, environment_draft):
    client.force_login(people["environment"])
    client.post(detail(environment_draft, "submit"), {"version": environment_draft.version})
    environment_draft.refresh_from_db()
    response = client.post(
        detail(environment_draft, "publish"), {"version": environment_draft.version}
    )
    assert response.status_code == 403
    environment_draft.refresh_from_db()
    assert environment_draft.state == WorkflowState.SUBMITTED


def test_user_input_is_escaped(client, people, government, environment):
    payload = '<script>alert("x")</script>'
    record = f.ActivityFactory(
        home_government=government, title=payload, description=payload, state="draft"
    )
    record.departments.add(environment)
    client.force_login(people["office"])
    page = client.get(detail(record)).content.decode()
    assert payload not in page
    assert "&lt;script&gt;" in page


def test_records_of_a_liaison_are_their_departments(
    client, people, environment_draft, tourism_draft
):
    client.force_login(people["environment"])
    page = client.get(reverse("workspace:record-list")).content.decode()
    assert environment_draft.title in page and tourism_draft.title not in page
    client.force_login(people["office"])
    page = client.get(reverse("workspace:record-list")).content.decode()
    assert environment_draft.title in page and tourism_draft.title in page


def test_dashboard_alerts_as_of_a_date(client, people, government, environment):
    f.AgreementFactory(
        home_government=government,
        title="Convenio con Lyon",
        signed="2014",
        expires="2018-11",
        department=environment,
    )
    client.force_login(people["office"])
    response = client.get(reverse("workspace:dashboard"), {"on": "2018-10-01"})
    assert response.context["on"] == date(2018, 10, 1)
    assert [item.agreement.title for item in response.context["alerts"].expiring] == [
        "Convenio con Lyon"
    ]
    assert client.get(reverse("workspace:dashboard"), {"on": "nonsense"}).status_code == 200


def test_plans_of_other_departments_are_hidden_from_a_liaison(
    client, people, government, environment, tourism
):
    mine = OperatingPlan.objects.create(
        home_government=government, department=environment, year=2018
    )
    PlannedAction.objects.create(plan=mine, title="Foro de calidad del aire")
    theirs = OperatingPlan.objects.create(home_government=government, department=tourism, year=2018)
    client.force_login(people["environment"])
    assert (
        "Foro de calidad del aire"
        in client.get(reverse("workspace:plan-detail", args=[mine.pk])).content.decode()
    )
    assert client.get(reverse("workspace:plan-detail", args=[theirs.pk])).status_code == 404
    client.force_login(people["foreign"])
    assert client.get(reverse("workspace:plan-detail", args=[mine.pk])).status_code == 404


def test_resolution_follow_up_by_the_responsible_department_only(
    client, people, government, environment
):
    session = CabinetSession.objects.create(home_government=government, date=date(2018, 6, 1))
    resolution = Resolution.objects.create(
        session=session, text="Informe de calidad del aire", department=environment
    )
    url = reverse("workspace:session-detail", args=[session.pk])
    data = {
        "resolution": resolution.pk,
        f"resolution-{resolution.pk}-note": "Entregado",
        f"resolution-{resolution.pk}-status": "done",
        f"resolution-{resolution.pk}-version": resolution.version,
    }

    client.force_login(people["tourism"])
    assert client.post(url, data).status_code == 403
    client.force_login(people["foreign"])
    assert client.post(url, data).status_code == 404
    client.force_login(people["environment"])
    assert client.post(url, data).status_code == 302
    resolution.refresh_from_db()
    assert resolution.status == ResolutionStatus.DONE and resolution.closed_on is not None
    # The same form sent again is stale: refused, nothing added.
    response = client.post(url, data)
    assert response.status_code == 200 and resolution.follow_ups.count() == 1


def test_notifications_link_to_their_record_and_are_marked_read(
    client, people, environment_draft, government
):
    colleague = member(government, "revisor", Role.REVIEWER)
    workflow.submit(environment_draft, by=people["environment"], comment="Lista para revisar")
    unread = Notification.objects.filter(recipient=people["reviewer"]).unread()
    assert unread.count() == 1
    client.force_login(people["reviewer"])
    page = client.get(reverse("workspace:dashboard")).content.decode()
    record = reverse("workspace:record-detail", args=["activity", environment_draft.pk])
    assert f'href="{record}"' in page and "Lista para revisar" in page

    # Someone else's notification is not theirs to mark; their own is.
    theirs = Notification.objects.filter(recipient=colleague).get()
    address = reverse("workspace:notifications-read")
    client.post(address, {"notification": theirs.pk})
    theirs.refresh_from_db()
    assert theirs.read_at is None
    assert client.get(address).status_code == 405
    response = client.post(address, {"notification": unread.get().pk}, follow=True)
    assert "1 notificación marcada como leída" in response.content.decode()
    assert not unread.exists()
    assert "No hay notificaciones sin leer" in response.content.decode()


def test_all_notifications_are_marked_read_at_once(
    client, people, environment_draft, tourism, government
):
    colleague = member(government, "revisor", Role.REVIEWER)
    workflow.submit(environment_draft, by=people["environment"])
    workflow.submit(draft(environment_draft.home_government, tourism), by=people["tourism"])
    client.force_login(people["reviewer"])
    client.post(reverse("workspace:notifications-read"))
    assert not Notification.objects.filter(recipient=people["reviewer"]).unread().exists()
    assert Notification.objects.filter(recipient=colleague).unread().count() == 2
