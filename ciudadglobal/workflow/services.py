"""Moving a record through review: submit, publish, return for changes.

Each move locks the record's row (``select_for_update``), checks that the caller acts on the
revision they saw (``version``), checks the role (``PermissionDenied``) and the state
(``TransitionError``), saves the new state with a history entry, records a ``Transition`` and
tells the people concerned, in the application and by e-mail (after the commit).

Two reviewers acting on the same record: the first wins; the second gets a TransitionError
("already published" or "changed since you opened it"), and nothing is lost.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mass_mail
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ciudadglobal.core.models import WorkflowState
from ciudadglobal.tenants.models import Role

from . import permissions
from .models import Notification, Transition

logger = logging.getLogger(__name__)

#: The states each move starts from.
SOURCES = {
    WorkflowState.SUBMITTED: permissions.OPEN_STATES,
    WorkflowState.PUBLISHED: frozenset({WorkflowState.SUBMITTED}),
    WorkflowState.RETURNED: frozenset({WorkflowState.SUBMITTED}),
}

WRONG_STATE = {
    WorkflowState.SUBMITTED: _(
        "Only a draft or a returned record can be submitted; this one is %(state)s."
    ),
    WorkflowState.PUBLISHED: _("Only a submitted record can be published; this one is %(state)s."),
    WorkflowState.RETURNED: _("Only a submitted record can be returned; this one is %(state)s."),
}
STALE = _(
    "Someone changed this record since you opened it (it is now %(state)s, revision "
    "%(version)s). Reload it and check again."
)
COMMENT_REQUIRED = _("Say what needs to change: a returned record needs a comment.")
EMAIL_SUBJECT = _("[Ciudad Global] %(summary)s")
EMAIL_BODY = _("%(summary)s.\n\n%(comment)s\nOpen the record: %(url)s\n")


class TransitionError(ValidationError):
    """The record is not in a state that allows this move (or changed meanwhile)."""


def submit(record, *, by, comment: str = "", url: str = ""):
    """A draft or returned record goes to the reviewers."""
    return _move(record, WorkflowState.SUBMITTED, by, comment, permissions.may_submit, url)


def publish(record, *, by, comment: str = "", url: str = ""):
    """A submitted record becomes published (on the portal too, if its visibility is public)."""
    return _move(record, WorkflowState.PUBLISHED, by, comment, permissions.may_publish, url)


def return_for_changes(record, *, by, comment: str, url: str = ""):
    """A submitted record goes back to its department, with what to change."""
    if not (comment or "").strip():
        raise TransitionError({"comment": ValidationError(COMMENT_REQUIRED, code="required")})
    return _move(record, WorkflowState.RETURNED, by, comment, permissions.may_publish, url)


def _move(record, to_state: str, by, comment: str, allowed, url: str) -> Transition:
    model = type(record)
    with transaction.atomic():
        current = model._default_manager.select_for_update().get(pk=record.pk)
        if not allowed(by, current):
            raise PermissionDenied
        if record.version and current.version != record.version:
            raise TransitionError(
                STALE % {"state": current.get_state_display(), "version": current.version},
                code="stale",
            )
        if current.state not in SOURCES[to_state]:
            raise TransitionError(
                WRONG_STATE[to_state] % {"state": current.get_state_display()},
                code="wrong_state",
            )
        from_state = current.state
        current.state = to_state
        current._change_reason = comment.strip() or str(WorkflowState(to_state).label)
        current._history_user = by
        current.save()
        step = Transition.objects.create(
            home_government_id=current.home_government_id,
            content_type=ContentType.objects.get_for_model(model),
            object_id=current.pk,
            record_label=str(current)[:300],
            from_state=from_state,
            to_state=to_state,
            by=by,
            comment=comment.strip(),
        )
        recipients = _recipients(current, step, by)
        Notification.objects.bulk_create(
            Notification(recipient=user, transition=step, emailed=bool(user.email))
            for user in recipients
        )
        transaction.on_commit(lambda: _email(step, [u.email for u in recipients if u.email], url))
    record.state, record.version = current.state, current.version
    return step


def _recipients(record, step: Transition, by) -> list:
    """Who hears of a move: reviewers of the government when a record is submitted; the
    department's liaisons and whoever submitted it when it is published or returned."""
    User = get_user_model()
    members = User.objects.filter(
        is_active=True, staff_memberships__home_government_id=record.home_government_id
    )
    if step.to_state == WorkflowState.SUBMITTED:
        users = members.filter(staff_memberships__role__in=permissions.PUBLISHERS)
    else:
        departments = permissions.departments_of(record)
        submitters = Transition.objects.filter(
            content_type=step.content_type,
            object_id=step.object_id,
            to_state=WorkflowState.SUBMITTED,
        ).values("by")
        users = members.filter(
            staff_memberships__role=Role.LIAISON,
            staff_memberships__department__in=departments,
        ) | members.filter(pk__in=submitters)
    return list(users.exclude(pk=getattr(by, "pk", None)).distinct().order_by("username"))


def _email(step: Transition, addresses: list[str], url: str) -> None:
    if not addresses:
        return
    summary = str(step.summary)
    subject = str(EMAIL_SUBJECT % {"summary": summary})
    body = str(EMAIL_BODY % {"summary": summary, "comment": step.comment, "url": url or "—"})
    messages = [(subject, body, settings.DEFAULT_FROM_EMAIL, [address]) for address in addresses]
    try:
        send_mass_mail(messages, fail_silently=False)
    except Exception:  # the move stands; the inbox has it; the log says the mail failed
        logger.exception("Could not e-mail the review step %s", step.pk)


def mark_read(user, notification_ids=None) -> int:
    """Mark the user's notifications read (all of them, or those named); how many changed."""
    unread = Notification.objects.filter(recipient=user).unread()
    if notification_ids is not None:
        unread = unread.filter(pk__in=notification_ids)
    return unread.update(read_at=timezone.now())
