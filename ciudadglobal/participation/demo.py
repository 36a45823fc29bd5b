"""Demonstration content for ``make run``: an open consultation, a document open for comment
and an advisory council with one recommendation, for a government. Everything is marked as a
demonstration (titles start with "Demo", ``dataset_key`` starts with ``demo-``) and cites no
source: none of it comes from the book. Running it again changes nothing."""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from ciudadglobal.core.models import Visibility, WorkflowState
from ciudadglobal.tenants.models import HomeGovernment

from .models import (
    CommentableDocument,
    Consultation,
    CouncilMember,
    CouncilSector,
    CouncilSession,
    QuestionKind,
    Recommendation,
    RecommendationStatus,
)
from .services import recommendation_follow_up

PUBLISHED = {"visibility": Visibility.PUBLIC, "state": WorkflowState.PUBLISHED}

QUESTIONS = [
    {
        "kind": QuestionKind.SINGLE,
        "text": "¿Ha participado en alguna actividad internacional de la ciudad?",
        "text_en": "Have you taken part in any of the city's international activities?",
        "required": True,
        "options": [("Sí", "Yes"), ("No", "No"), ("No lo sé", "I don't know")],
    },
    {
        "kind": QuestionKind.MULTIPLE,
        "text": "¿En qué temas debería cooperar la ciudad con otras ciudades del mundo?",
        "text_en": "On which topics should the city cooperate with other cities of the world?",
        "help_text": "Puede elegir varias.",
        "help_text_en": "You may choose several.",
        "required": True,
        "options": [
            ("Medio ambiente y clima", "Environment and climate"),
            ("Movilidad", "Mobility"),
            ("Cultura", "Culture"),
            ("Seguridad", "Safety"),
            ("Economía y empleo", "Economy and jobs"),
        ],
    },
    {
        "kind": QuestionKind.SCALE,
        "text": "¿Qué tan informado se siente sobre la acción internacional de la ciudad?",
        "text_en": "How informed do you feel about the city's international action?",
        "scale_min_label": "Nada informado",
        "scale_min_label_en": "Not informed at all",
        "scale_max_label": "Muy informado",
        "scale_max_label_en": "Very well informed",
    },
    {
        "kind": QuestionKind.TEXT,
        "text": "¿Qué propuesta haría a la ciudad para su relación con el mundo?",
        "text_en": "What would you propose to the city for its relations with the world?",
        "help_text": "Las respuestas se publican después de revisarlas.",
        "help_text_en": "Answers are published after review.",
    },
]


def _consultation(government: HomeGovernment) -> Consultation:
    now = timezone.now()
    consultation, created = Consultation.objects.get_or_create(
        home_government=government,
        dataset_key="demo-consulta-abierta",
        defaults={
            "title": "Demo: ¿Cómo debe relacionarse la ciudad con el mundo?",
            "title_en": "Demo: how should the city relate to the world?",
            "slug": "demo-ciudad-y-mundo",
            "purpose": (
                "Consulta de demostración. Queremos saber en qué temas le gustaría que la "
                "ciudad coopere con otras ciudades y qué tan informado se siente."
            ),
            "purpose_en": (
                "A demonstration consultation. We would like to know on which topics you "
                "want the city to cooperate with other cities, and how informed you feel."
            ),
            "opens": now - timedelta(days=1),
            "closes": now + timedelta(days=365),
            **PUBLISHED,
        },
    )
    if created:
        for position, spec in enumerate(QUESTIONS, start=1):
            spec = dict(spec)
            options = spec.pop("options", [])
            question = consultation.questions.create(position=position, **spec)
            for index, (label, label_en) in enumerate(options, start=1):
                question.options.create(position=index, label=label, label_en=label_en)
    return consultation


def _document(government: HomeGovernment) -> CommentableDocument:
    document, _created = CommentableDocument.objects.get_or_create(
        home_government=government,
        dataset_key="demo-documento-comentarios",
        defaults={
            "title": "Demo: borrador de lineamientos de acción internacional",
            "title_en": "Demo: draft guidelines for international action",
            "slug": "demo-borrador-lineamientos",
            "summary": (
                "Documento de demostración abierto a comentarios públicos. Los comentarios "
                "se publican después de revisarlos."
            ),
            "summary_en": (
                "A demonstration document open for public comment. Comments are published "
                "after review."
            ),
            **PUBLISHED,
        },
    )
    return document


def _council(government: HomeGovernment) -> Recommendation:
    members = [
        ("demo-consejo-1", "Integrante de demostración 1", CouncilSector.CIVIL_SOCIETY, True),
        ("demo-consejo-2", "Integrante de demostración 2", CouncilSector.ACADEMIA, None),
        ("demo-consejo-3", "Integrante de demostración 3", CouncilSector.ABROAD, True),
    ]
    created_members = []
    for key, name, sector, woman in members:
        member, _created = CouncilMember.objects.get_or_create(
            home_government=government,
            dataset_key=key,
            defaults={"name": name, "sector": sector, "is_woman": woman, **PUBLISHED},
        )
        created_members.append(member)
    session, created = CouncilSession.objects.get_or_create(
        home_government=government,
        dataset_key="demo-sesion-1",
        defaults={
            "date": timezone.localdate() - timedelta(days=30),
            "title": "Demo: sesión de instalación",
            "title_en": "Demo: inaugural session",
            "minutes": "Minuta de demostración: el consejo se instaló y aprobó una recomendación.",
            "minutes_en": "Demonstration minutes: the council was set up and adopted a "
            "recommendation.",
            **PUBLISHED,
        },
    )
    if created:
        session.attendees.set(created_members)
    recommendation, created = Recommendation.objects.get_or_create(
        home_government=government,
        dataset_key="demo-recomendacion-1",
        defaults={
            "session": session,
            "title": "Demo: publicar un informe semestral en lenguaje sencillo",
            "title_en": "Demo: publish a plain-language semiannual report",
            "text": "Recomendación de demostración.",
            "text_en": "A demonstration recommendation.",
            **PUBLISHED,
        },
    )
    if created:
        recommendation_follow_up(
            recommendation=recommendation,
            status=RecommendationStatus.ACCEPTED,
            note="Demostración: la oficina de coordinación aceptó la recomendación.",
            note_en="Demonstration: the coordinating office accepted the recommendation.",
            by=None,
        )
    return recommendation


def demo_create(government: HomeGovernment) -> Consultation:
    """Create the demonstration content (once) and return the open consultation."""
    with transaction.atomic():
        consultation = _consultation(government)
        _document(government)
        _council(government)
    return consultation
