"""Following a cabinet resolution up until it is closed."""

from __future__ import annotations

from datetime import date

import pytest
from concurrency.exceptions import RecordModifiedError
from django.core.exceptions import ValidationError

from ciudadglobal.coordination.models import CabinetSession, Resolution, ResolutionStatus
from ciudadglobal.coordination.services import resolution_follow_up
from tests import factories as f


@pytest.fixture
def resolution(government):
    session = CabinetSession.objects.create(home_government=government, date=date(2018, 6, 1))
    return Resolution.objects.create(
        session=session,
        text="Informe de avances",
        department=f.DepartmentFactory(home_government=government),
        due=date(2018, 9, 1),
    )


def test_follow_up_until_closed_and_reopened(resolution, staff):
    resolution_follow_up(
        resolution, by=staff, note="Borrador listo", status="in_progress", on=date(2018, 7, 1)
    )
    resolution.refresh_from_db()
    assert (resolution.status, resolution.closed_on) == (ResolutionStatus.IN_PROGRESS, None)

    resolution_follow_up(
        resolution, by=staff, note="Entregado", status="done", on=date(2018, 8, 30)
    )
    resolution.refresh_from_db()
    assert (resolution.status, resolution.closed_on) == (ResolutionStatus.DONE, date(2018, 8, 30))
    assert [(u.note, u.author) for u in resolution.follow_ups.all()] == [
        ("Entregado", staff),
        ("Borrador listo", staff),
    ]

    resolution_follow_up(resolution, by=staff, note="Falta un anexo", status="open")
    resolution.refresh_from_db()
    assert resolution.is_open and resolution.closed_on is None


def test_a_follow_up_needs_a_note_and_a_known_status(resolution, staff):
    with pytest.raises(ValidationError):
        resolution_follow_up(resolution, by=staff, note="", status="done")
    with pytest.raises(ValidationError):
        resolution_follow_up(resolution, by=staff, note="Nota", status="forgotten")
    assert resolution.follow_ups.count() == 0


def test_a_stale_copy_is_refused(resolution, staff):
    stale = Resolution.objects.get(pk=resolution.pk)
    resolution_follow_up(resolution, by=staff, note="Primero", status="in_progress")
    with pytest.raises(RecordModifiedError):
        resolution_follow_up(stale, by=staff, note="Segundo", status="done")
    assert resolution.follow_ups.count() == 1
