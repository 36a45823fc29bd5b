"""Results arithmetic on fixed data: confirmed responses only, percentages per question
(multiple choice above 100 %), scale means, moderated open answers and cross-tabs."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.utils import translation

from ciudadglobal.participation import selectors, services
from ciudadglobal.participation.models import Answer, ResultsMode
from ciudadglobal.transparency.models import FigureUnit, PublishedFigure

from .conftest import PUBLISHED, answer, make_consultation, questions_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def answered(consultation, boroughs):
    coyoacan, tlalpan = boroughs
    answer(
        consultation,
        "a@example.org",
        single="Sí",
        multiple=["Clima", "Cultura"],
        scale=5,
        text="Más ciclovías",
        gender="woman",
        borough=coyoacan,
    )
    answer(
        consultation,
        "b@example.org",
        single="Sí",
        multiple=["Clima"],
        scale=4,
        text="Texto ofensivo",
        gender="woman",
        borough=tlalpan,
    )
    answer(
        consultation,
        "c@example.org",
        single="No",
        multiple=["Clima", "Cultura", "Movilidad"],
        scale=1,
        gender="man",
        lives_abroad=True,
    )
    answer(consultation, "d@example.org", single="No", multiple=["Movilidad"])  # nothing said
    # Not confirmed: never counted.
    answer(
        consultation,
        "e@example.org",
        single="Sí",
        multiple=["Clima"],
        scale=5,
        gender="man",
        confirm=False,
    )
    texts = Answer.objects.exclude(text="")
    services.answer_moderate(answer=texts.get(text="Más ciclovías"), approve=True)
    services.answer_moderate(answer=texts.get(text="Texto ofensivo"), approve=False)
    return consultation


def _rows(result):
    return {row.label: (row.count, row.percent) for row in result.rows}


def test_percentages_per_question(answered):
    results = selectors.consultation_results(answered)
    single = results.questions[0]
    assert results.respondents == 4
    assert single.respondents == 4
    assert _rows(single) == {"Sí": (2, Decimal("50.0")), "No": (2, Decimal("50.0"))}
    assert not single.exceeds_hundred


def test_multiple_choice_totals_exceed_a_hundred(answered):
    multiple = selectors.consultation_results(answered).questions[1]
    assert _rows(multiple) == {
        "Clima": (3, Decimal("75.0")),
        "Cultura": (2, Decimal("50.0")),
        "Movilidad": (2, Decimal("50.0")),
    }
    assert multiple.total_percent == Decimal("175.0")
    assert multiple.exceeds_hundred


def test_scale_counts_and_mean_over_those_who_answered(answered):
    scale = selectors.consultation_results(answered).questions[2]
    assert scale.respondents == 3
    counts = {row.key: row.count for row in scale.rows}
    assert counts == {"1": 1, "2": 0, "3": 0, "4": 1, "5": 1}
    assert scale.mean == Decimal("3.33")
    assert scale.rows[0].label == "1 (Nada)" and scale.rows[-1].label == "5 (Mucho)"


def test_open_answers_only_after_approval(answered):
    text = selectors.consultation_results(answered).questions[3]
    assert text.texts == ["Más ciclovías"]
    assert text.pending_texts == 0


def test_pending_open_answer_is_counted_not_shown(consultation):
    answer(consultation, "x@example.org", single="Sí", multiple=["Clima"], text="Pendiente")
    text = selectors.consultation_results(consultation).questions[3]
    assert text.texts == [] and text.pending_texts == 1


def test_cross_tab_by_gender(answered):
    _single, multiple, _scale, _text = questions_of(answered)
    tab = selectors.cross_tab(answered, multiple, "gender")
    assert [key for key, _label in tab.columns] == ["woman", "man", "other", ""]
    assert tab.sizes == [2, 1, 0, 1]
    lines = dict(tab.lines)
    assert lines["Clima"] == [
        (2, Decimal("100.0")),
        (1, Decimal("100.0")),
        (0, Decimal(0)),
        (0, Decimal(0)),
    ]
    assert lines["Movilidad"] == [
        (0, Decimal(0)),
        (1, Decimal("100.0")),
        (0, Decimal(0)),
        (1, Decimal("100.0")),
    ]


def test_cross_tab_by_residence_has_boroughs_and_abroad(answered, boroughs):
    single = questions_of(answered)[0]
    with translation.override("en"):
        tab = selectors.cross_tab(answered, single, "residence")
    assert [label for _key, label in tab.columns] == [
        "Coyoacán",
        "Tlalpan",
        "Living abroad",
        "Not said",
    ]
    assert tab.sizes == [1, 1, 1, 1]
    assert dict(tab.lines)["No"] == [
        (0, Decimal(0)),
        (0, Decimal(0)),
        (1, Decimal("100.0")),
        (1, Decimal("100.0")),
    ]


def test_cross_tab_refuses_an_unknown_dimension(answered):
    with pytest.raises(ValueError):
        selectors.cross_tab(answered, questions_of(answered)[0], "email")


def test_no_response_gives_zeros_not_errors(consultation):
    results = selectors.consultation_results(consultation)
    assert results.respondents == 0
    assert all(row.percent == 0 for q in results.questions for row in q.rows)


def test_published_results_come_from_the_published_figures(government):
    consultation = make_consultation(
        government, slug="publicada", results_mode=ResultsMode.PUBLISHED
    )
    multiple = questions_of(consultation)[1]
    for key, label, value in [
        ("a", "Cultura", "57.3"),
        ("b", "Economía", "60.0"),
        ("c", "Turismo", "29.1"),
    ]:
        figure = PublishedFigure.objects.create(
            home_government=government,
            dataset_key=key,
            group="¿Para qué?",
            label=label,
            value=Decimal(value),
            unit=FigureUnit.PERCENT,
            **PUBLISHED,
        )
        multiple.published_figures.add(figure)
    result = selectors.consultation_results(consultation).questions[1]
    assert [(row.label, row.count, row.percent) for row in result.rows] == [
        ("Economía", None, Decimal("60.0")),
        ("Cultura", None, Decimal("57.3")),
        ("Turismo", None, Decimal("29.1")),
    ]
    assert result.respondents is None
    assert result.total_percent == Decimal("146.4") and result.exceeds_hundred


def test_results_query_count_does_not_grow_with_responses(
    consultation, django_assert_max_num_queries
):
    for n in range(12):
        answer(
            consultation, f"p{n}@example.org", single="Sí", multiple=["Clima", "Cultura"], scale=3
        )
    with django_assert_max_num_queries(8):
        selectors.consultation_results(consultation)
