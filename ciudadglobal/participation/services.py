"""Writes of the participation app: responses, comments, council follow-up, registrations.

Integrity without surveillance (see DEVELOPERS.md, "Participation"):

* **One response per person.** A respondent gives an e-mail address; we store only
  ``HMAC-SHA256(consultation.secret, normalized address)``. The secret is the consultation's
  own, so the same address gives unrelated hashes in two consultations and the hash cannot be
  checked against a list of addresses without the database *and* that secret. A unique
  constraint on (consultation, hash) makes a second response impossible, even in a race.
* **Confirmed, never lost.** The response and all its answers are saved in one transaction;
  it counts once the respondent follows the signed link mailed to them. A duplicate attempt
  changes nothing: the first response is kept (and, if still unconfirmed, its link re-sent).
* **Flood and spam.** Per client address, a keyed hash in Django's cache counts submissions in
  a fixed window (``PARTICIPATION_RATE_LIMIT``); a hidden honeypot field and a signed start time
  (``PARTICIPATION_MIN_SECONDS``) turn away robots, with no third-party service.
"""

from __future__ import annotations

import hashlib
import hmac
import time
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ciudadglobal.actors.models import Actor
from ciudadglobal.core.models import Visibility, WorkflowState

from .models import (
    OUTCOMES,
    ActorLink,
    ActorRegistration,
    Answer,
    Comment,
    CommentableDocument,
    Consultation,
    Moderation,
    QuestionKind,
    Recommendation,
    RecommendationUpdate,
    RegistrationStatus,
    Response,
)

RESPONSE_SALT = "participation.response"
REGISTRATION_SALT = "participation.registration"
FORM_SALT = "participation.form-started"
#: How long a confirmation link stays valid.
CONFIRMATION_MAX_AGE = 7 * 24 * 3600


class Refused(ValidationError):
    """A submission turned away (duplicate, flood, robot, closed): its message says why."""


def _setting(name: str, default):
    return getattr(settings, name, default)


# ---------------------------------------------------------------------------------------------
# Integrity helpers


def normalize_email(address: str) -> str:
    return address.strip().lower()


def identity_hash(consultation: Consultation, email: str) -> str:
    """The keyed hash that stands for a respondent in ``consultation``."""
    key = consultation.secret.encode()
    return hmac.new(key, normalize_email(email).encode(), hashlib.sha256).hexdigest()


def _client_key(scope: str, client: str) -> str:
    digest = hmac.new(settings.SECRET_KEY.encode(), client.encode(), hashlib.sha256).hexdigest()
    return f"participation:rate:{scope}:{digest[:32]}"


def rate_limit_check(*, scope: str, client: str) -> None:
    """Count one submission from ``client`` (an IP address, hashed); refuse past the limit.

    A fixed window: at most ``limit`` submissions per ``window`` seconds per client and scope.
    Only the hash is kept, in the cache, for one window."""
    limit, window = _setting("PARTICIPATION_RATE_LIMIT", (10, 3600))
    key = f"{_client_key(scope, client)}:{int(time.time() // window)}"
    cache.add(key, 0, timeout=window)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window)
        count = 1
    if count > limit:
        raise Refused(
            _(
                "Too many submissions have come from your connection in a short time. "
                "Please wait an hour and try again; nothing you sent before is lost."
            ),
            code="rate_limited",
        )


def form_started_token() -> str:
    """A signed time to put in a form, proving later how long it took to fill."""
    return signing.dumps(time.time(), salt=FORM_SALT)


def spam_check(*, honeypot: str, started: str) -> None:
    """Refuse a form whose hidden field is filled or that was sent too fast to be human."""
    minimum = _setting("PARTICIPATION_MIN_SECONDS", 3)
    message = _(
        "Your submission could not be accepted. Please take a moment to check your answers "
        "and send the form again."
    )
    if honeypot:
        raise Refused(message, code="honeypot")
    try:
        started_at = signing.loads(started, salt=FORM_SALT, max_age=24 * 3600)
    except (signing.BadSignature, TypeError):
        raise Refused(message, code="bad_start") from None
    if time.time() - float(started_at) < minimum:
        raise Refused(message, code="too_fast")


# ---------------------------------------------------------------------------------------------
# Consultations


@dataclass(frozen=True)
class Submission:
    """The outcome of a response submission: the response kept and whether it is new."""

    response: Response
    created: bool


def response_token(response: Response) -> str:
    return signing.dumps([response.pk, response.identity_hash[:16]], salt=RESPONSE_SALT)


def _send_response_confirmation(response: Response, email: str, confirm_url: str) -> None:
    consultation = response.consultation
    send_mail(
        _("Confirm your response: %(title)s") % {"title": consultation},
        _(
            "Thank you for answering “%(title)s”.\n\n"
            "Your response counts once you confirm it here:\n%(url)s\n\n"
            "If you did not answer this consultation, ignore this message; we do not keep "
            "your address."
        )
        % {"title": consultation, "url": confirm_url},
        None,
        [email],
    )


def response_submit(
    *,
    consultation: Consultation,
    email: str,
    answers: list[dict],
    demographics: dict,
    language: str = "",
    confirm_url,
) -> Submission:
    """Save a response and its answers in one transaction and mail its confirmation link.

    ``answers`` are dicts with ``question`` and one of ``option``, ``value``, ``text``;
    ``confirm_url(token)`` builds the absolute link. When the person has already responded,
    nothing is saved: the first response is kept, and its link re-sent if unconfirmed."""
    if not consultation.is_open:
        raise Refused(_("This consultation is not open for responses."), code="closed")
    digest = identity_hash(consultation, email)
    existing = Response.objects.filter(consultation=consultation, identity_hash=digest).first()
    if existing is None:
        try:
            with transaction.atomic():
                response = Response.objects.create(
                    consultation=consultation,
                    identity_hash=digest,
                    language=language,
                    **demographics,
                )
                Answer.objects.bulk_create(Answer(response=response, **a) for a in answers)
        except IntegrityError:  # the same person, a moment earlier, in another request
            existing = Response.objects.get(consultation=consultation, identity_hash=digest)
        else:
            _send_response_confirmation(response, email, confirm_url(response_token(response)))
            return Submission(response, created=True)
    if existing.confirmed_at is None:
        _send_response_confirmation(existing, email, confirm_url(response_token(existing)))
    return Submission(existing, created=False)


def response_from_token(consultation: Consultation, token: str) -> Response:
    """The response a confirmation link stands for; ValidationError if forged or expired."""
    try:
        pk, digest = signing.loads(token, salt=RESPONSE_SALT, max_age=CONFIRMATION_MAX_AGE)
    except (signing.BadSignature, ValueError, TypeError):
        raise ValidationError(
            _("This confirmation link is not valid or has expired."), code="bad_token"
        ) from None
    response = Response.objects.filter(
        pk=pk, consultation=consultation, identity_hash__startswith=digest
    ).first()
    if response is None:
        raise ValidationError(
            _("This confirmation link is not valid or has expired."), code="bad_token"
        )
    return response


def response_confirm(*, response: Response) -> bool:
    """Confirm a response (True), or say it already was (False). Idempotent."""
    updated = Response.objects.filter(pk=response.pk, confirmed_at=None).update(
        confirmed_at=timezone.now()
    )
    response.refresh_from_db(fields=["confirmed_at"])
    return bool(updated)


def answer_moderate(*, answer: Answer, approve: bool) -> Answer:
    if answer.question.kind != QuestionKind.TEXT:
        raise ValidationError(_("Only open answers are moderated."), code="not_text")
    answer.moderation = Moderation.APPROVED if approve else Moderation.REJECTED
    answer.save(update_fields=["moderation"])
    return answer


# ---------------------------------------------------------------------------------------------
# Comments


def comment_submit(*, document: CommentableDocument, author_name: str, text: str) -> Comment:
    """Receive a comment; it waits for moderation and is never public before."""
    if not document.comments_open:
        raise Refused(_("This document is closed for comments."), code="closed")
    comment = Comment(document=document, author_name=author_name.strip(), text=text.strip())
    comment.full_clean()
    comment.save()
    return comment


def comment_moderate(*, comment: Comment, approve: bool, by) -> Comment:
    comment.moderation = Moderation.APPROVED if approve else Moderation.REJECTED
    comment.moderated_at = timezone.now()
    comment.moderated_by = by
    comment.save(update_fields=["moderation", "moderated_at", "moderated_by"])
    return comment


def comment_reply(*, comment: Comment, reply: str, by) -> Comment:
    """Staff answer a comment publicly (shown under it once the comment is approved)."""
    comment.reply = reply.strip()
    comment.replied_at = timezone.now() if comment.reply else None
    comment.save(update_fields=["reply", "replied_at"])
    return comment


# ---------------------------------------------------------------------------------------------
# Advisory council


def recommendation_follow_up(
    *, recommendation: Recommendation, status: str, note: str, by, date=None, note_en: str = ""
) -> RecommendationUpdate:
    """Record a step of a recommendation's follow-up and move it to ``status``.

    A settled recommendation (implemented or declined) takes no further step."""
    with transaction.atomic():
        recommendation = Recommendation.objects.select_for_update().get(pk=recommendation.pk)
        if recommendation.status in OUTCOMES:
            raise ValidationError(
                _("This recommendation has reached its outcome; it takes no further step."),
                code="settled",
            )
        update = RecommendationUpdate(
            recommendation=recommendation,
            status=status,
            note=note,
            note_en=note_en,
            by=by,
            date=date or timezone.localdate(),
        )
        update.full_clean()
        update.save()
        recommendation.status = status
        recommendation._change_reason = ""
        recommendation.save()
    return update


# ---------------------------------------------------------------------------------------------
# Actors of the territory


def registration_token(registration: ActorRegistration) -> str:
    return signing.dumps(registration.pk, salt=REGISTRATION_SALT)


def registration_submit(
    *, registration: ActorRegistration, links: list[dict], confirm_url
) -> ActorRegistration:
    """Save a self-registration and its declared links, and mail the confirmation link."""
    with transaction.atomic():
        registration.full_clean()
        registration.save()
        for link in links:
            registration.links.create(**link)
    send_mail(
        _("Confirm your organization's registration"),
        _(
            "We received the registration of %(name)s.\n\nConfirm your e-mail address here:\n"
            "%(url)s\n\nStaff will then review it before anything is published."
        )
        % {"name": registration.name, "url": confirm_url(registration_token(registration))},
        None,
        [registration.contact_email],
    )
    return registration


def registration_confirm(*, government, token: str) -> ActorRegistration:
    try:
        pk = signing.loads(token, salt=REGISTRATION_SALT, max_age=CONFIRMATION_MAX_AGE)
    except (signing.BadSignature, TypeError):
        raise ValidationError(
            _("This confirmation link is not valid or has expired."), code="bad_token"
        ) from None
    registration = ActorRegistration.objects.for_government(government).filter(pk=pk).first()
    if registration is None:
        raise ValidationError(
            _("This confirmation link is not valid or has expired."), code="bad_token"
        )
    if registration.status == RegistrationStatus.UNCONFIRMED:
        registration.status = RegistrationStatus.CONFIRMED
        registration.confirmed_at = timezone.now()
        registration.save(update_fields=["status", "confirmed_at"])
    return registration


def _published() -> dict:
    return {"visibility": Visibility.PUBLIC, "state": WorkflowState.PUBLISHED}


def registration_approve(*, registration: ActorRegistration, by) -> Actor:
    """Turn a confirmed registration into a public registry actor with its links."""
    if registration.status != RegistrationStatus.CONFIRMED:
        raise ValidationError(
            _("Only registrations whose e-mail is confirmed and not yet reviewed can be approved."),
            code="not_confirmed",
        )
    government = registration.home_government
    with transaction.atomic():
        exists = Actor.objects.for_government(government).filter(
            kind=registration.kind, name=registration.name
        )
        if exists.exists():
            raise ValidationError(
                _("The registry already has an organization of this kind with this name."),
                code="duplicate_actor",
            )
        actor = Actor(
            home_government=government,
            kind=registration.kind,
            name=registration.name,
            website=registration.website,
            description=registration.description,
            country=government.country,
            **_published(),
        )
        actor.full_clean()
        actor.save()
        for link in registration.links.all():
            ActorLink.objects.create(
                home_government=government,
                actor=actor,
                partner=link.partner,
                country=link.country,
                description=link.description,
                **_published(),
            )
        registration.status = RegistrationStatus.APPROVED
        registration.reviewed_at = timezone.now()
        registration.reviewed_by = by
        registration.actor = actor
        registration.save(update_fields=["status", "reviewed_at", "reviewed_by", "actor"])
    return actor


def registration_reject(*, registration: ActorRegistration, by) -> ActorRegistration:
    if registration.status == RegistrationStatus.APPROVED:
        raise PermissionDenied(_("An approved registration is in the registry already."))
    registration.status = RegistrationStatus.REJECTED
    registration.reviewed_at = timezone.now()
    registration.reviewed_by = by
    registration.save(update_fields=["status", "reviewed_at", "reviewed_by"])
    return registration
