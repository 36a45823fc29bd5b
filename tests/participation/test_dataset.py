"""The 2018 FICA survey is a closed consultation whose results are the book's published
figures; Mexico City's 16 boroughs come with the dataset."""

from __future__ import annotations

from decimal import Decimal

import pytest

from ciudadglobal.participation import selectors
from ciudadglobal.participation.models import Borough, ConsultationStatus, ResultsMode
from ciudadglobal.transparency.models import PublishedFigure

pytestmark = pytest.mark.django_db


@pytest.fixture
def fica(cdmx):
    return selectors.public_consultation(cdmx, "encuesta-fica-2018")


def test_fica_is_a_closed_consultation_with_published_results(fica):
    assert fica.results_mode == ResultsMode.PUBLISHED
    assert fica.status() == ConsultationStatus.CLOSED and not fica.is_open
    assert fica.source_line == 929
    assert fica.questions.count() == 9
    facts = {f.dataset_key: f.value for f in fica.published_facts.all()}
    assert facts["encuesta-fica-2018-encuestas"] == 110


def test_fica_results_are_the_published_figures(fica):
    results = selectors.consultation_results(fica)
    first, why = results.questions[:2]
    assert [(r.label, r.percent) for r in first.rows] == [("Sí", Decimal("94.0"))]
    assert why.rows[0].label == "La habitan personas de todo el mundo"
    assert why.rows[0].percent == Decimal("57.3")
    assert why.exceeds_hundred  # multiple response, as the book's annex
    linked = {row.key for q in results.questions for row in q.rows}
    figures = set(
        PublishedFigure.objects.filter(dataset_key__startswith="encuesta-fica-2018-")
        .exclude(group__startswith="Encuesta FICA 2018")
        .values_list("dataset_key", flat=True)
    )
    assert linked == figures  # every answer figure of the annex, each once


def test_the_sixteen_boroughs(cdmx):
    assert Borough.objects.for_government(cdmx).count() == 16
