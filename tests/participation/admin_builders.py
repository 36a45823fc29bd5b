"""Builders for tests/core/test_admin_pages.py: one record of each participation admin that
staff create by hand. The moderation queues (``QUEUES``) take no new rows in the admin; their
pages are tested in tests/participation/test_admin.py. Registry builders also take field
values (``state``, for the permission matrix in tests/workflow/test_matrix.py)."""

from __future__ import annotations

import itertools
from datetime import date

from ciudadglobal.participation.models import (
    ActorLink,
    ActorRegistration,
    Answer,
    Borough,
    Comment,
    CommentableDocument,
    Consultation,
    CouncilMember,
    CouncilSession,
    Question,
    Recommendation,
)
from tests import factories as f

from .conftest import PUBLISHED, make_consultation

#: Unique names and slugs, so that a builder can run many times (tests/core/test_queries.py).
_serial = itertools.count(1)


def _recommendation(government, **values):
    recommendation = Recommendation.objects.create(
        home_government=government, title="Recomendación", text="Texto", **PUBLISHED | values
    )
    recommendation.updates.create(status="accepted", note="Aceptada", date=date(2026, 3, 1))
    return recommendation


BUILDERS = {
    Borough: lambda g: Borough.objects.create(home_government=g, name=f"Coyoacán {next(_serial)}"),
    Consultation: lambda g, **values: make_consultation(
        g, slug=f"admin-pages-{next(_serial)}", **values
    ),
    Question: lambda g: make_consultation(g, slug=f"admin-pages-{next(_serial)}").questions.get(
        position=1
    ),
    CommentableDocument: lambda g, **values: CommentableDocument.objects.create(
        home_government=g,
        title="Borrador",
        slug=f"borrador-{next(_serial)}",
        summary="Resumen",
        **PUBLISHED | values,
    ),
    CouncilMember: lambda g, **values: CouncilMember.objects.create(
        home_government=g, name="Integrante", sector="academia", since=date(2026, 1, 1), **values
    ),
    CouncilSession: lambda g, **values: CouncilSession.objects.create(
        home_government=g, date=date(2026, 2, 1), title="Sesión", minutes="Minuta", **values
    ),
    Recommendation: _recommendation,
    ActorLink: lambda g, **values: ActorLink.objects.create(
        home_government=g,
        actor=f.ActorFactory(home_government=g, kind="civil_society", place=None, country="MX"),
        partner="Asociación de Lyon",
        country="FR",
        description="Intercambios",
        **values,
    ),
}
QUEUES = {Comment, Answer, ActorRegistration}
