"""What needs the coordinating office's attention on a given day.

Pure reads: every function takes a home government and a date and returns rows of that
government only, so the dashboard, the e-mail digest and the tests all see the same thing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Exists, OuterRef

from ciudadglobal.activities.models import Activity
from ciudadglobal.actors.models import Department
from ciudadglobal.agreements.models import Agreement, Commitment, CommitmentStatus
from ciudadglobal.core.partialdates import PartialDate, ended_q, overlaps_q
from ciudadglobal.core.periods import Semester

from .models import OPEN_RESOLUTION_STATES, Resolution

EXPIRY_WINDOW = timedelta(days=90)
OPEN_COMMITMENT_STATES = (CommitmentStatus.PENDING, CommitmentStatus.IN_PROGRESS)


def year_before(on: date) -> date:
    """The day twelve months before ``on`` (28 February for 29 February)."""
    try:
        return on.replace(year=on.year - 1)
    except ValueError:
        return on.replace(year=on.year - 1, day=28)


@dataclass(frozen=True)
class Expiring:
    agreement: Agreement
    expires_on: date

    def days_left(self, on: date) -> int:
        return (self.expires_on - on).days


def expiring_agreements(government, on: date, department=None) -> list[Expiring]:
    """Agreements in force on ``on`` whose expiry's last day falls within the next 90 days.

    A partial expiry counts by its last day: "2018" expires on 31 December 2018."""
    horizon = on + EXPIRY_WINDOW
    candidates = (
        _agreements(government, department)
        .in_force(on)
        .filter(overlaps_q("expires", PartialDate.from_date(on), PartialDate.from_date(horizon)))
    )
    found = [
        Expiring(agreement, agreement.expires.last_day)
        for agreement in candidates
        if on <= agreement.expires.last_day <= horizon
    ]
    return sorted(found, key=lambda item: (item.expires_on, item.agreement.title))


def dormant_agreements(government, on: date, department=None) -> list[Agreement]:
    """Agreements in force on ``on`` with no activity recorded in the twelve months before.

    An agreement signed or entered into force within those twelve months is young, not
    dormant, and is left out."""
    since = year_before(on)
    window = (PartialDate.from_date(since), PartialDate.from_date(on))
    recent = Activity.objects.filter(agreements=OuterRef("pk")).filter(overlaps_q("start", *window))
    return list(
        _agreements(government, department)
        .in_force(on)
        .exclude(overlaps_q("signed", *window) | overlaps_q("in_force_from", *window))
        .exclude(Exists(recent))
        .order_by("signed", "title")
    )


def overdue_commitments(government, on: date, department=None) -> list[Commitment]:
    """Commitments still pending or in progress whose due date has entirely passed."""
    commitments = Commitment.objects.for_government(government).filter(
        ended_q("due", on), status__in=OPEN_COMMITMENT_STATES
    )
    if department is not None:
        commitments = commitments.filter(department=department)
    return list(commitments.select_related("agreement", "department").order_by("due", "pk"))


def overdue_resolutions(government, on: date, department=None) -> list[Resolution]:
    """Cabinet resolutions still open or in progress after their due date."""
    resolutions = Resolution.objects.for_government(government).filter(
        due__lt=on, status__in=OPEN_RESOLUTION_STATES
    )
    if department is not None:
        resolutions = resolutions.filter(department=department)
    return list(resolutions.select_related("session", "department").order_by("due", "pk"))


def quiet_departments(government, on: date) -> list[Department]:
    """Departments with no activity and no agreement dated in the semester up to ``on``.

    A record dated only by its year or month counts in every semester it overlaps."""
    window = (PartialDate.from_date(Semester.containing(on).start), PartialDate.from_date(on))
    activities = Activity.objects.filter(departments=OuterRef("pk")).filter(
        overlaps_q("start", *window)
    )
    agreements = Agreement.objects.filter(department=OuterRef("pk")).filter(
        overlaps_q("signed", *window)
    )
    return list(
        Department.objects.for_government(government)
        .exclude(Exists(activities))
        .exclude(Exists(agreements))
        .order_by("name")
    )


@dataclass(frozen=True)
class Alerts:
    on: date
    expiring: list[Expiring] = field(default_factory=list)
    dormant: list[Agreement] = field(default_factory=list)
    overdue_commitments: list[Commitment] = field(default_factory=list)
    overdue_resolutions: list[Resolution] = field(default_factory=list)
    quiet_departments: list[Department] = field(default_factory=list)

    @property
    def semester_start(self) -> date:
        return Semester.containing(self.on).start

    @property
    def total(self) -> int:
        return (
            len(self.expiring)
            + len(self.dormant)
            + len(self.overdue_commitments)
            + len(self.overdue_resolutions)
            + len(self.quiet_departments)
        )

    def counts(self) -> dict[str, int]:
        return {
            "expiring": len(self.expiring),
            "dormant": len(self.dormant),
            "overdue_commitments": len(self.overdue_commitments),
            "overdue_resolutions": len(self.overdue_resolutions),
            "quiet_departments": len(self.quiet_departments),
        }


def alerts_for(government, on: date, *, department=None) -> Alerts:
    """Every alert of ``government`` on ``on``; with ``department``, only that department's
    (a department's own quietness is then the only one listed)."""
    quiet = quiet_departments(government, on)
    if department is not None:
        quiet = [item for item in quiet if item.pk == department.pk]
    return Alerts(
        on=on,
        expiring=expiring_agreements(government, on, department),
        dormant=dormant_agreements(government, on, department),
        overdue_commitments=overdue_commitments(government, on, department),
        overdue_resolutions=overdue_resolutions(government, on, department),
        quiet_departments=quiet,
    )


def _agreements(government, department):
    agreements = Agreement.objects.for_government(government)
    if department is not None:
        agreements = agreements.filter(department=department)
    return agreements.select_related("department")


__all__ = [
    "Alerts",
    "Expiring",
    "alerts_for",
    "dormant_agreements",
    "expiring_agreements",
    "overdue_commitments",
    "overdue_resolutions",
    "quiet_departments",
]
