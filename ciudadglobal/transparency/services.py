"""Changing the state of data-quality flags."""

from __future__ import annotations

from django.utils import timezone

from .models import FlagStatus, QualityFlag


def flag_record_resolution(flag: QualityFlag, *, user, was_resolved: bool) -> None:
    """Stamp who resolved a flag and when, or clear the stamp when it is reopened."""
    if flag.status == FlagStatus.RESOLVED and not was_resolved:
        flag.resolved_at, flag.resolved_by = timezone.now(), user
    elif flag.status == FlagStatus.OPEN:
        flag.resolved_at, flag.resolved_by = None, None
