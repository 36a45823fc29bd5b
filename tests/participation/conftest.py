"""Participation fixtures: an open consultation with one question of each kind, boroughs,
and helpers that answer and confirm through the services, as a citizen would."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission
from django.core.cache import cache
from django.utils import timezone

from ciudadglobal.core.models import Visibility, WorkflowState
from ciudadglobal.participation import services
from ciudadglobal.participation.models import (
    Borough,
    CommentableDocument,
    Consultation,
    QuestionKind,
)
from tests.datasets.conftest import cdmx  # noqa: F401  (Mexico City's dataset)

PUBLISHED = {"visibility": Visibility.PUBLIC, "state": WorkflowState.PUBLISHED}


@pytest.fixture(autouse=True)
def _participation_settings(settings):
    """No minimum fill time unless a test asks for one; a clean flood counter each test."""
    settings.PARTICIPATION_MIN_SECONDS = 0
    settings.PARTICIPATION_RATE_LIMIT = (50, 3600)
    cache.clear()
    yield
    cache.clear()


def make_consultation(government, slug="consulta", **kwargs) -> Consultation:
    now = timezone.now()
    values = {
        "title": "Consulta de prueba",
        "title_en": "Test consultation",
        "purpose": "Saber qué opina la gente.",
        "purpose_en": "To learn what people think.",
        "opens": now - timedelta(days=1),
        "closes": now + timedelta(days=30),
        **PUBLISHED,
        **kwargs,
    }
    consultation = Consultation.objects.create(home_government=government, slug=slug, **values)
    single = consultation.questions.create(
        position=1,
        kind=QuestionKind.SINGLE,
        text="¿Le interesa?",
        text_en="Are you interested?",
        required=True,
    )
    for i, (label, label_en) in enumerate([("Sí", "Yes"), ("No", "No")], 1):
        single.options.create(position=i, label=label, label_en=label_en)
    multiple = consultation.questions.create(
        position=2,
        kind=QuestionKind.MULTIPLE,
        text="¿Qué temas?",
        text_en="Which topics?",
        required=True,
    )
    for i, (label, label_en) in enumerate(
        [("Clima", "Climate"), ("Cultura", "Culture"), ("Movilidad", "Mobility")], 1
    ):
        multiple.options.create(position=i, label=label, label_en=label_en)
    consultation.questions.create(
        position=3,
        kind=QuestionKind.SCALE,
        text="¿Qué tan informado está?",
        text_en="How informed are you?",
        scale_min=1,
        scale_max=5,
        scale_min_label="Nada",
        scale_min_label_en="Not at all",
        scale_max_label="Mucho",
        scale_max_label_en="Very",
    )
    consultation.questions.create(
        position=4, kind=QuestionKind.TEXT, text="¿Alguna propuesta?", text_en="Any proposal?"
    )
    return consultation


def questions_of(consultation):
    """(single, multiple, scale, text) questions."""
    return tuple(consultation.questions.order_by("position"))


def answer(
    consultation,
    email,
    *,
    single=None,
    multiple=(),
    scale=None,
    text="",
    confirm=True,
    **demographics,
):
    """Answer through ``services.response_submit`` (labels name the options) and confirm."""
    q_single, q_multiple, q_scale, q_text = questions_of(consultation)
    answers = []
    if single:
        answers.append({"question": q_single, "option": q_single.options.get(label=single)})
    for label in multiple:
        answers.append({"question": q_multiple, "option": q_multiple.options.get(label=label)})
    if scale is not None:
        answers.append({"question": q_scale, "value": scale})
    if text:
        answers.append({"question": q_text, "text": text})
    submission = services.response_submit(
        consultation=consultation,
        email=email,
        answers=answers,
        demographics=demographics,
        confirm_url=lambda token: f"http://testserver/confirm/{token}/",
    )
    if confirm:
        services.response_confirm(response=submission.response)
    return submission


@pytest.fixture
def consultation(government):
    return make_consultation(government)


@pytest.fixture
def boroughs(government):
    return [
        Borough.objects.create(home_government=government, name=name, position=i)
        for i, name in enumerate(["Coyoacán", "Tlalpan"], 1)
    ]


@pytest.fixture
def document(government):
    return CommentableDocument.objects.create(
        home_government=government,
        title="Borrador de ley",
        title_en="Draft law",
        slug="borrador-ley",
        summary="Un borrador.",
        **PUBLISHED,
    )


def grant_participation(user) -> None:
    user.user_permissions.add(
        *Permission.objects.filter(content_type__app_label__in=["participation", "actors"])
    )


@pytest.fixture
def participation_staff(staff):
    grant_participation(staff)
    return staff


@pytest.fixture
def participation_other_staff(other_staff):
    grant_participation(other_staff)
    return other_staff
