"""Writes on coordination records, in plain sight."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone

from .models import OPEN_RESOLUTION_STATES, Resolution, ResolutionFollowUp


@transaction.atomic
def resolution_follow_up(
    resolution: Resolution, *, by, note: str, status: str, on: date | None = None
) -> ResolutionFollowUp:
    """Record how a resolution is going and move it to ``status``.

    Done or cancelled closes it on ``on``; open or in progress reopens it. The resolution's
    revision guards against two people following it up at once (a stale copy raises
    ``concurrency.exceptions.RecordModifiedError``)."""
    on = on or timezone.localdate()
    follow_up = ResolutionFollowUp(resolution=resolution, date=on, note=note, status=status)
    follow_up.author = by if getattr(by, "pk", None) else None
    follow_up.full_clean()
    follow_up.save()
    resolution.status = status
    resolution.closed_on = None if status in OPEN_RESOLUTION_STATES else on
    resolution.full_clean(exclude=["session", "department"])
    resolution.save()
    return follow_up
