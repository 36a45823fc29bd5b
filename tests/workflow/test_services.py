"""Submit, publish, return: the moves, the refusals, the trail and who is told."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied

from ciudadglobal.core.models import Visibility, WorkflowState
from ciudadglobal.tenants.models import Role
from ciudadglobal.workflow import permissions, selectors, services
from ciudadglobal.workflow.models import Notification, Transition
from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def trip(government, environment):
    record = f.ActivityFactory(
        home_government=government,
        state=WorkflowState.DRAFT,
        visibility=Visibility.PUBLIC,
        title="Gira a Bonn",
    )
    record.departments.set([environment])
    return record


@pytest.fixture
def people(member, tourism):
    return {
        "liaison": member(Role.LIAISON, email="enlace@example.org"),
        "tourism": member(Role.LIAISON, department=tourism, email="turismo@example.org"),
        "reviewer": member(Role.REVIEWER, email="revisora@example.org"),
        "office": member(Role.OFFICE),
        "congress": member(Role.CONGRESS),
    }


def test_a_liaisons_trip_goes_from_draft_to_published(
    trip, people, government, django_capture_on_commit_callbacks
):
    liaison, reviewer = people["liaison"], people["reviewer"]
    activity_model = type(trip)
    assert not activity_model.objects.for_government(government).published().filter(pk=trip.pk)

    with django_capture_on_commit_callbacks(execute=True):
        services.submit(trip, by=liaison, comment="Lista para revisión")
    assert trip.state == WorkflowState.SUBMITTED
    assert [n.recipient for n in selectors.unread_notifications(reviewer)] == [reviewer]
    assert [m.to for m in mail.outbox] == [["revisora@example.org"]]
    assert selectors.review_queue(reviewer) == [trip]
    assert selectors.review_queue(liaison) == []

    with django_capture_on_commit_callbacks(execute=True):
        services.publish(trip, by=reviewer)
    trip.refresh_from_db()
    assert trip.state == WorkflowState.PUBLISHED
    assert activity_model.objects.for_government(government).published().filter(pk=trip.pk)
    # The liaison who submitted it (the department's liaison) hears of it; Tourism does not.
    assert [m.to for m in mail.outbox[1:]] == [["enlace@example.org"]]
    assert selectors.unread_notifications(people["tourism"]).count() == 0
    steps = list(selectors.transitions_of(trip))
    assert [(s.from_state, s.to_state, s.by) for s in steps] == [
        (WorkflowState.SUBMITTED, WorkflowState.PUBLISHED, reviewer),
        (WorkflowState.DRAFT, WorkflowState.SUBMITTED, liaison),
    ]
    assert steps[1].comment == "Lista para revisión"
    assert trip in selectors.department_records(liaison)
    assert trip not in selectors.department_records(people["tourism"])
    # The history says who moved it.
    assert trip.history.first().history_user == reviewer


def test_returned_with_a_comment_then_resubmitted(trip, people):
    services.submit(trip, by=people["liaison"])
    services.return_for_changes(trip, by=people["reviewer"], comment="Falta la fecha")
    assert trip.state == WorkflowState.RETURNED
    notice = selectors.unread_notifications(people["liaison"]).get()
    assert notice.transition.comment == "Falta la fecha"
    assert permissions.can_change(people["liaison"], trip)
    services.submit(trip, by=people["liaison"])
    assert trip.state == WorkflowState.SUBMITTED
    assert services.mark_read(people["liaison"]) == 1
    assert not selectors.unread_notifications(people["liaison"]).exists()


@pytest.mark.parametrize(
    ("who", "move", "state", "error"),
    [
        ("liaison", "publish", WorkflowState.SUBMITTED, PermissionDenied),
        ("office", "publish", WorkflowState.SUBMITTED, PermissionDenied),
        ("congress", "submit", WorkflowState.DRAFT, PermissionDenied),
        ("tourism", "submit", WorkflowState.DRAFT, PermissionDenied),
        ("reviewer", "submit", WorkflowState.DRAFT, PermissionDenied),
        ("reviewer", "publish", WorkflowState.DRAFT, services.TransitionError),
        ("reviewer", "publish", WorkflowState.PUBLISHED, services.TransitionError),
        ("reviewer", "return", WorkflowState.RETURNED, services.TransitionError),
        ("office", "submit", WorkflowState.SUBMITTED, services.TransitionError),
        ("office", "submit", WorkflowState.PUBLISHED, services.TransitionError),
    ],
)
def test_refused_moves_change_nothing(trip, people, who, move, state, error):
    type(trip).objects.filter(pk=trip.pk).update(state=state)
    trip.refresh_from_db()
    service = {
        "submit": services.submit,
        "publish": services.publish,
        "return": services.return_for_changes,
    }[move]
    with pytest.raises(error):
        service(trip, by=people[who], comment="Revisar")
    trip.refresh_from_db()
    assert trip.state == state
    assert not Transition.objects.exists()
    assert not Notification.objects.exists()


@pytest.mark.parametrize("comment", ["", "   "])
def test_returning_needs_a_comment(trip, people, comment):
    services.submit(trip, by=people["liaison"])
    with pytest.raises(services.TransitionError) as error:
        services.return_for_changes(trip, by=people["reviewer"], comment=comment)
    assert "comment" in error.value.message_dict
    trip.refresh_from_db()
    assert trip.state == WorkflowState.SUBMITTED


def test_another_governments_reviewer_is_refused(trip, people, other_government):
    from .conftest import make_member

    services.submit(trip, by=people["liaison"])
    stranger = make_member(other_government, Role.REVIEWER)
    with pytest.raises(PermissionDenied):
        services.publish(trip, by=stranger)


def test_liaisons_see_their_department_and_what_is_published(trip, people, government, tourism):
    theirs = f.AgreementFactory(home_government=government, state=WorkflowState.DRAFT)
    theirs.department = tourism
    theirs.save()
    published = f.AgreementFactory(home_government=government, department=tourism)
    liaison = people["liaison"]
    agreements = type(theirs).objects.all()
    assert list(permissions.visible_records(liaison, agreements)) == [published]
    assert list(permissions.editable_records(liaison, agreements)) == []
    assert permissions.can_view(liaison, trip) and permissions.can_change(liaison, trip)
    assert not permissions.can_view(liaison, theirs)
    assert permissions.can_view(people["tourism"], theirs)
    assert permissions.can_create(liaison, type(trip), government, trip.departments.get())
    assert not permissions.can_create(liaison, type(trip), government, tourism)
    assert not permissions.can_create(people["congress"], type(trip), government)
    assert permissions.roles_of(people["reviewer"], government) == {Role.REVIEWER}
    assert permissions.has_role(people["office"], government, Role.OFFICE, Role.ADMIN)


def test_the_rules_backend_answers_has_perm(trip, people):
    services.submit(trip, by=people["liaison"])
    assert people["reviewer"].has_perm("workflow.publish_record", trip)
    assert not people["liaison"].has_perm("workflow.publish_record", trip)
    assert not people["liaison"].has_perm("workflow.change_record", trip)
