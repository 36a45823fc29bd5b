"""What waits for whom: the review queue, a department's records, unread notifications."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db.models import QuerySet

from ciudadglobal.tenants.models import Role

from . import permissions
from .models import Notification, Transition


def _newest_first(records: list) -> list:
    return sorted(records, key=lambda record: record.updated_at, reverse=True)


def review_queue(user, government=None) -> list:
    """Submitted records ``user`` may publish or return (of ``government`` when given)."""
    records = []
    for model in permissions.registry_models():
        queryset = model._default_manager.all()
        if government is not None:
            queryset = queryset.for_government(government)
        records.extend(permissions.publishable_records(user, queryset))
    return _newest_first(records)


def department_records(user, government=None, states=None) -> list:
    """The records of the user's department(s) in every registry model, newest first: for a
    liaison, their own work; empty for members with no department."""
    records = []
    for government_id, membership in permissions.memberships(user).items():
        if membership.department_id is None:
            continue
        if government is not None and government_id != getattr(government, "pk", government):
            continue
        for model in permissions.registry_models():
            if not model.department_path:
                continue
            queryset = model._default_manager.for_government(government_id).filter(
                **{model.department_path: membership.department_id}
            )
            if states:
                queryset = queryset.filter(state__in=states)
            records.extend(permissions.visible_records(user, queryset).distinct())
    return _newest_first(records)


def unread_notifications(user) -> QuerySet[Notification]:
    return (
        Notification.objects.filter(recipient=user)
        .unread()
        .select_related("transition__by", "transition__content_type")
    )


def transitions_of(record) -> QuerySet[Transition]:
    """A record's review steps, newest first."""
    return Transition.objects.filter(
        content_type=ContentType.objects.get_for_model(type(record)), object_id=record.pk
    ).select_related("by")


def reviewers_of(government) -> QuerySet:
    return get_user_model().objects.filter(
        is_active=True,
        staff_memberships__home_government=government,
        staff_memberships__role__in=[Role.REVIEWER, Role.ADMIN],
    )
