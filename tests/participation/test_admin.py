"""The staff side: moderation queues, council follow-up and registration review, scoped to
the staff member's government and refused to others."""

from __future__ import annotations

import pytest
from django.urls import reverse

from ciudadglobal.actors.models import Actor
from ciudadglobal.participation import services
from ciudadglobal.participation.models import (
    ActorRegistration,
    Answer,
    Comment,
    Moderation,
    Recommendation,
    RegistrationStatus,
)
from tests.admin_forms import form_errors, inline_data, main_form_data

from .conftest import PUBLISHED, answer

pytestmark = pytest.mark.django_db


def admin_url(model, action="changelist", *args):
    return reverse(f"admin:participation_{model}_{action}", args=args)


@pytest.fixture
def comment(document):
    return services.comment_submit(document=document, author_name="Ana", text="Pendiente")


@pytest.fixture
def registration(government):
    registration = ActorRegistration.objects.create(
        home_government=government,
        kind="civil_society",
        name="Red Vecinal",
        description="x",
        contact_name="x",
        contact_email="x@example.org",
        status=RegistrationStatus.CONFIRMED,
    )
    registration.links.create(partner="Vecinos de Lyon", country="FR", description="Intercambio")
    return registration


def test_anonymous_is_sent_to_log_in(client, comment):
    for address in (admin_url("comment"), admin_url("comment", "change", comment.pk)):
        response = client.get(address)
        assert response.status_code == 302 and "login" in response["Location"]


def test_staff_of_another_government_cannot_see_or_moderate(
    client, participation_other_staff, comment, registration
):
    client.force_login(participation_other_staff)
    listing = client.get(admin_url("comment"))
    assert listing.status_code == 200 and b"Pendiente" not in listing.content
    assert client.get(admin_url("comment", "change", comment.pk)).status_code == 302
    client.post(admin_url("comment"), {"action": "approve", "_selected_action": [comment.pk]})
    comment.refresh_from_db()
    assert comment.moderation == Moderation.PENDING
    client.post(
        admin_url("actorregistration"), {"action": "approve", "_selected_action": [registration.pk]}
    )
    assert not Actor.objects.filter(name="Red Vecinal").exists()


def test_staff_approve_and_reply_to_a_comment(client, participation_staff, comment):
    client.force_login(participation_staff)
    listing = client.get(admin_url("comment") + "?moderation__exact=pending")
    assert b"Pendiente" in listing.content
    client.post(admin_url("comment"), {"action": "approve", "_selected_action": [comment.pk]})
    response = client.post(admin_url("comment", "change", comment.pk), {"reply": "Gracias"})
    assert response.status_code == 302
    comment.refresh_from_db()
    assert (comment.moderation, comment.moderated_by, comment.reply) == (
        Moderation.APPROVED,
        participation_staff,
        "Gracias",
    )


def test_staff_moderate_open_answers(client, participation_staff, consultation):
    answer(consultation, "a@example.org", single="Sí", multiple=["Clima"], text="Idea")
    item = Answer.objects.get(text="Idea")
    client.force_login(participation_staff)
    assert b"Idea" in client.get(admin_url("answer")).content
    client.post(admin_url("answer"), {"action": "reject", "_selected_action": [item.pk]})
    item.refresh_from_db()
    assert item.moderation == Moderation.REJECTED


def test_staff_approve_a_registration_into_the_registry(client, participation_staff, registration):
    client.force_login(participation_staff)
    assert b"Red Vecinal" in client.get(admin_url("actorregistration")).content
    client.post(
        admin_url("actorregistration"), {"action": "approve", "_selected_action": [registration.pk]}
    )
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.APPROVED
    assert registration.actor.international_links.get().partner == "Vecinos de Lyon"


def test_staff_follow_a_recommendation_to_its_outcome(client, participation_staff, government):
    recommendation = Recommendation.objects.create(
        home_government=government, title="Informe sencillo", text="Publicar", **PUBLISHED
    )
    client.force_login(participation_staff)
    page = admin_url("recommendation", "change", recommendation.pk)
    assert client.get(page).status_code == 200
    for step, status in enumerate(["accepted", "implemented"]):
        shown = client.get(page)
        data = {**main_form_data(shown), **inline_data(shown)}
        data[f"updates-{step}-date"] = f"2026-01-1{step + 1}"
        data[f"updates-{step}-status"] = status
        data[f"updates-{step}-note"] = f"Paso {status}"
        response = client.post(page, data)
        assert response.status_code == 302, form_errors(response)
    recommendation.refresh_from_db()
    assert recommendation.status == "implemented"
    assert [u.status for u in recommendation.updates.all()] == ["accepted", "implemented"]
    assert recommendation.updates.last().by == participation_staff
    public = client.get(
        reverse(
            "portal:participation-recommendation",
            kwargs={"government": "cdmx", "pk": recommendation.pk},
        )
    )
    assert b"Paso implemented" in public.content


def test_comment_counts_per_document_in_the_admin(client, participation_staff, document, comment):
    client.force_login(participation_staff)
    html = client.get(admin_url("commentabledocument")).content.decode()
    assert 'class="field-pending">1<' in html and 'class="field-approved">0<' in html
    assert Comment.objects.count() == 1
