"""Two reviewers act on the same record: the first wins, the second is refused cleanly."""

from __future__ import annotations

import threading

import pytest
from django.db import close_old_connections, connection

from ciudadglobal.core.models import WorkflowState
from ciudadglobal.tenants.models import Role
from ciudadglobal.workflow import services
from ciudadglobal.workflow.models import Transition
from tests import factories as f


@pytest.mark.django_db
def test_the_second_reviewer_acting_on_the_same_version_is_refused(government, member):
    agreement = f.AgreementFactory(home_government=government, state=WorkflowState.SUBMITTED)
    first, second = member(Role.REVIEWER), member(Role.REVIEWER)
    # Both opened the record at the same revision.
    seen_by_first = type(agreement).objects.get(pk=agreement.pk)
    seen_by_second = type(agreement).objects.get(pk=agreement.pk)

    services.publish(seen_by_first, by=first)
    with pytest.raises(services.TransitionError) as error:
        services.return_for_changes(seen_by_second, by=second, comment="No, falta algo")
    assert error.value.code == "stale"

    agreement.refresh_from_db()
    assert agreement.state == WorkflowState.PUBLISHED
    assert Transition.objects.count() == 1


@pytest.mark.django_db
def test_an_edit_after_the_reviewer_opened_it_is_not_published_unseen(government, member):
    agreement = f.AgreementFactory(home_government=government, state=WorkflowState.SUBMITTED)
    opened = type(agreement).objects.get(pk=agreement.pk)
    agreement.title = "Convenio corregido"
    agreement.save()
    with pytest.raises(services.TransitionError):
        services.publish(opened, by=member(Role.REVIEWER))
    agreement.refresh_from_db()
    assert agreement.state == WorkflowState.SUBMITTED


@pytest.mark.django_db(transaction=True)
def test_two_reviewers_at_once_in_two_connections(government, member):
    """Real concurrency (PostgreSQL locks the row; SQLite serializes writes): exactly one move."""
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL")
    agreement = f.AgreementFactory(home_government=government, state=WorkflowState.SUBMITTED)
    reviewers = [member(Role.REVIEWER), member(Role.REVIEWER)]
    outcomes = []
    barrier = threading.Barrier(2)

    def act(reviewer):
        try:
            record = type(agreement).objects.get(pk=agreement.pk)
            barrier.wait()
            services.publish(record, by=reviewer)
            outcomes.append("published")
        except services.TransitionError:
            outcomes.append("refused")
        finally:
            close_old_connections()

    threads = [threading.Thread(target=act, args=(r,)) for r in reviewers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["published", "refused"]
    assert Transition.objects.count() == 1
