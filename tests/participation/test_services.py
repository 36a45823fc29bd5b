"""Integrity without surveillance, comments, council follow-up and registrations."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest
from django.core import mail, signing
from django.core.exceptions import ValidationError
from django.utils import timezone

from ciudadglobal.actors.models import Actor, ActorKind
from ciudadglobal.participation import selectors, services
from ciudadglobal.participation.models import (
    ActorLink,
    ActorRegistration,
    Answer,
    Moderation,
    Recommendation,
    RecommendationStatus,
    RegistrationStatus,
    Response,
)

from .conftest import PUBLISHED, answer, make_consultation

pytestmark = pytest.mark.django_db


# Identity -----------------------------------------------------------------------------------


def test_identity_is_a_keyed_hash_never_the_address(consultation, government):
    other = make_consultation(government, slug="otra")
    digest = services.identity_hash(consultation, "Ana@Example.org ")
    assert digest == services.identity_hash(consultation, "ana@example.org")
    assert digest != services.identity_hash(other, "ana@example.org")
    assert "ana" not in digest and len(digest) == 64
    answer(consultation, "ana@example.org", single="Sí", multiple=["Clima"])
    stored = Response.objects.get()
    assert stored.identity_hash == digest
    assert not any("example.org" in str(value) for value in vars(stored).values())


def test_a_response_and_its_answers_are_saved_and_its_link_mailed(consultation):
    submission = answer(
        consultation,
        "ana@example.org",
        single="Sí",
        multiple=["Clima", "Cultura"],
        scale=4,
        text="Una idea",
        confirm=False,
    )
    assert submission.created
    assert Answer.objects.filter(response=submission.response).count() == 5
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["ana@example.org"]
    token = mail.outbox[0].body.split("/confirm/")[1].split("/")[0]
    assert services.response_from_token(consultation, token) == submission.response
    assert submission.response.confirmed_at is None
    assert services.response_confirm(response=submission.response) is True
    assert services.response_confirm(response=submission.response) is False  # idempotent
    assert Response.objects.confirmed().count() == 1


def test_a_second_response_from_the_same_person_keeps_the_first(consultation):
    answer(consultation, "ana@example.org", single="Sí", multiple=["Clima"])
    again = answer(consultation, "ANA@example.org", single="No", multiple=["Movilidad"])
    assert not again.created
    assert Response.objects.count() == 1
    single = selectors.consultation_results(consultation).questions[0]
    assert {row.label: row.count for row in single.rows} == {"Sí": 1, "No": 0}
    assert len(mail.outbox) == 1  # confirmed already: no new link


def test_an_unconfirmed_duplicate_gets_its_link_again(consultation):
    answer(consultation, "ana@example.org", single="Sí", multiple=["Clima"], confirm=False)
    again = answer(consultation, "ana@example.org", single="No", multiple=["Clima"], confirm=False)
    assert not again.created and len(mail.outbox) == 2
    assert Answer.objects.filter(option__label="No").count() == 0


def test_a_forged_or_foreign_token_is_refused(consultation, government):
    submission = answer(consultation, "ana@example.org", single="Sí", multiple=["Clima"])
    other = make_consultation(government, slug="otra")
    token = services.response_token(submission.response)
    with pytest.raises(ValidationError):
        services.response_from_token(other, token)
    with pytest.raises(ValidationError):
        services.response_from_token(consultation, token + "x")


@pytest.mark.parametrize(
    "period",
    [(timedelta(days=-10), timedelta(days=-1)), (timedelta(days=1), timedelta(days=10))],
    ids=["closed", "upcoming"],
)
def test_no_response_outside_the_period(government, period):
    now = timezone.now()
    consultation = make_consultation(government, opens=now + period[0], closes=now + period[1])
    with pytest.raises(services.Refused) as refusal:
        answer(consultation, "ana@example.org", single="Sí", multiple=["Clima"])
    assert refusal.value.code == "closed"
    assert Response.objects.count() == 0


# Flood and spam -----------------------------------------------------------------------------


def test_rate_limit_counts_per_client_within_its_window(settings):
    settings.PARTICIPATION_RATE_LIMIT = (3, 3600)
    for _ in range(3):
        services.rate_limit_check(scope="response", client="10.0.0.1")
    with pytest.raises(services.Refused) as refusal:
        services.rate_limit_check(scope="response", client="10.0.0.1")
    assert refusal.value.code == "rate_limited"
    services.rate_limit_check(scope="response", client="10.0.0.2")  # another client
    services.rate_limit_check(scope="comment", client="10.0.0.1")  # another form


def test_rate_limit_keys_hold_no_address():
    key = services._client_key("response", "192.168.1.20")
    assert "192.168" not in key


def test_honeypot_and_speed_traps(settings):
    settings.PARTICIPATION_MIN_SECONDS = 3
    fresh = services.form_started_token()
    for honeypot, started, code in [
        ("http://spam", fresh, "honeypot"),
        ("", fresh, "too_fast"),
        ("", "forged", "bad_start"),
        ("", "", "bad_start"),
    ]:
        with pytest.raises(services.Refused) as refusal:
            services.spam_check(honeypot=honeypot, started=started)
        assert refusal.value.code == code
    old = signing.dumps(time.time() - 10, salt=services.FORM_SALT)
    services.spam_check(honeypot="", started=old)


# Comments -----------------------------------------------------------------------------------


def test_comments_wait_for_moderation_and_replies_show(document, staff):
    comment = services.comment_submit(document=document, author_name=" Ana ", text=" Bien ")
    assert comment.moderation == Moderation.PENDING and comment.author_name == "Ana"
    assert list(selectors.public_comments(document)) == []
    services.comment_moderate(comment=comment, approve=True, by=staff)
    services.comment_reply(comment=comment, reply="Gracias", by=staff)
    shown = list(selectors.public_comments(document))
    assert shown == [comment] and shown[0].reply == "Gracias" and shown[0].replied_at
    assert selectors.public_documents(document.home_government).get().comment_count == 1


def test_a_closed_document_takes_no_comment(document):
    document.comments_open = False
    document.save()
    with pytest.raises(services.Refused):
        services.comment_submit(document=document, author_name="", text="Tarde")


# Council ------------------------------------------------------------------------------------


def test_a_recommendation_is_followed_to_its_outcome(government, staff):
    recommendation = Recommendation.objects.create(
        home_government=government, title="Informe sencillo", text="Publicar", **PUBLISHED
    )
    for status in ("accepted", "in_progress", "implemented"):
        services.recommendation_follow_up(
            recommendation=recommendation, status=status, note=f"Paso {status}", by=staff
        )
    recommendation.refresh_from_db()
    assert recommendation.status == RecommendationStatus.IMPLEMENTED
    assert [u.status for u in recommendation.updates.all()] == [
        "accepted",
        "in_progress",
        "implemented",
    ]
    with pytest.raises(ValidationError) as error:
        services.recommendation_follow_up(
            recommendation=recommendation, status="declined", note="Tarde", by=staff
        )
    assert error.value.code == "settled"


# Registrations ------------------------------------------------------------------------------


def _register(government, name="Colectivo Puentes"):
    registration = ActorRegistration(
        home_government=government,
        kind=ActorKind.CIVIL_SOCIETY,
        name=name,
        description="Intercambios culturales",
        contact_name="Luz",
        contact_email="luz@example.org",
    )
    return services.registration_submit(
        registration=registration,
        links=[{"partner": "Asociación Madrid", "country": "ES", "description": "Festivales"}],
        confirm_url=lambda token: f"http://testserver/c/{token}/",
    )


def test_registration_confirmed_then_approved_becomes_a_public_actor(government, staff):
    registration = _register(government)
    token = mail.outbox[0].body.split("/c/")[1].split("/")[0]
    with pytest.raises(ValidationError):
        services.registration_approve(registration=registration, by=staff)  # not confirmed
    services.registration_confirm(government=government, token=token)
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CONFIRMED
    actor = services.registration_approve(registration=registration, by=staff)
    assert actor.kind == ActorKind.CIVIL_SOCIETY and actor.country == "MX"
    assert Actor.objects.for_government(government).published().filter(pk=actor.pk).exists()
    link = ActorLink.objects.get(actor=actor)
    assert (link.partner, link.country.code) == ("Asociación Madrid", "ES")
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.APPROVED and registration.actor == actor
    with pytest.raises(ValidationError):
        services.registration_approve(registration=registration, by=staff)  # once only


def test_a_registration_token_works_only_for_its_government(government, other_government):
    registration = _register(government)
    token = services.registration_token(registration)
    with pytest.raises(ValidationError):
        services.registration_confirm(government=other_government, token=token)


def test_rejected_registrations_never_reach_the_registry(government, staff):
    registration = _register(government)
    services.registration_reject(registration=registration, by=staff)
    assert not Actor.objects.filter(name="Colectivo Puentes").exists()
