"""Reads of the participation app: what the public may see, and the results of consultations.

Results count only *confirmed* responses. A question's percentages are over the people who
answered that question, so a multiple-choice question's percentages may add up to more than
100 %. Open answers appear only once approved. Consultations whose individual responses are
not held (``ResultsMode.PUBLISHED``, such as the 2018 FICA survey) show the figures published
for each question instead (``Question.published_figures``).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ciudadglobal.actors.models import Actor
from ciudadglobal.core.models import localized
from ciudadglobal.portal.charts import Chart, ChartData, Row, Series
from ciudadglobal.tenants.models import HomeGovernment

from .models import (
    CHOICE_KINDS,
    DIMENSIONS,
    INCLUSION_FIELDS,
    AgeRange,
    Answer,
    Borough,
    Comment,
    CommentableDocument,
    Consultation,
    CouncilMember,
    CouncilSector,
    CouncilSession,
    Gender,
    Moderation,
    Question,
    QuestionKind,
    Recommendation,
    Response,
    ResultsMode,
    Sector,
)

HUNDRED = Decimal(100)


def public_consultations(government: HomeGovernment) -> QuerySet:
    # With their government: ``get_absolute_url`` names its slug.
    return (
        Consultation.objects.for_government(government)
        .published()
        .select_related("home_government")
    )


def public_consultation(government: HomeGovernment, slug: str) -> Consultation:
    """A published consultation of ``government``; 404 otherwise (drafts, internal, elsewhere)."""
    consultation = public_consultations(government).filter(slug=slug).first()
    if consultation is None:
        raise Http404(_("There is no such consultation."))
    return consultation


def questionnaire(consultation: Consultation) -> list[Question]:
    return list(consultation.questions.prefetch_related("options").order_by("position", "pk"))


def public_documents(government: HomeGovernment) -> QuerySet:
    approved = Count("comments", filter=Q(comments__moderation=Moderation.APPROVED))
    return (
        CommentableDocument.objects.for_government(government)
        .published()
        .select_related("home_government")  # for get_absolute_url
        .annotate(comment_count=approved)
    )


def public_document(government: HomeGovernment, slug: str) -> CommentableDocument:
    document = public_documents(government).filter(slug=slug).first()
    if document is None:
        raise Http404(_("There is no such document."))
    return document


def public_comments(document: CommentableDocument) -> QuerySet:
    """The comments anyone may read: approved ones only, oldest first."""
    return Comment.objects.filter(document=document).approved().order_by("submitted_at", "pk")


# ---------------------------------------------------------------------------------------------
# Results


def percent(part: int | Decimal, whole: int | Decimal) -> Decimal:
    """``part`` as a percentage of ``whole``, to one decimal (0 when ``whole`` is 0)."""
    if not whole:
        return Decimal(0)
    return (Decimal(part) * HUNDRED / Decimal(whole)).quantize(Decimal("0.1"), ROUND_HALF_UP)


@dataclass
class ResultRow:
    key: str
    label: str
    count: int | None  # None for published figures (only the percentage is known)
    percent: Decimal


@dataclass
class QuestionResult:
    question: Question
    respondents: int | None  # None when the source does not say
    rows: list[ResultRow] = field(default_factory=list)
    mean: Decimal | None = None
    texts: list[str] = field(default_factory=list)  # approved open answers only
    pending_texts: int = 0

    @property
    def label(self) -> str:
        return localized(self.question, "text")

    @property
    def total_percent(self) -> Decimal:
        return sum((row.percent for row in self.rows), Decimal(0))

    @property
    def exceeds_hundred(self) -> bool:
        return self.total_percent > HUNDRED

    @property
    def chart(self) -> ChartData | None:
        if not self.rows:
            return None
        chart = Chart(
            slug=f"q{self.question.pk}",
            title=self.label,
            description=gettext_lazy("Percentage of the people who answered the question."),
            row_header=gettext_lazy("Answer"),
            series=(("percent", gettext_lazy("Percentage")),),
            rows=lambda *args, **kwargs: [],
        )
        rows = [Row(row.key, row.label, (float(row.percent),)) for row in self.rows]
        series = [Series("percent", _("Percentage"))]
        return ChartData(chart, series, rows, id_prefix=f"question-{self.question.pk}")


@dataclass
class Results:
    consultation: Consultation
    respondents: int | None
    questions: list[QuestionResult]


def _option_rows(question: Question, counts: Counter, respondents: int) -> list[ResultRow]:
    return [
        ResultRow(
            str(option.pk),
            localized(option, "label"),
            counts[option.pk],
            percent(counts[option.pk], respondents),
        )
        for option in question.options.all()
    ]


def _scale_rows(question: Question, counts: Counter, respondents: int) -> list[ResultRow]:
    rows = []
    for value in question.scale_values():
        label = str(value)
        if value == question.scale_min and question.scale_min_label:
            label = f"{value} ({localized(question, 'scale_min_label')})"
        if value == question.scale_max and question.scale_max_label:
            label = f"{value} ({localized(question, 'scale_max_label')})"
        rows.append(
            ResultRow(str(value), label, counts[value], percent(counts[value], respondents))
        )
    return rows


def _published_results(consultation: Consultation, questions: list[Question]) -> Results:
    results = []
    for question in questions:
        figures = sorted(question.published_figures.all(), key=lambda f: (-f.value, f.pk))
        rows = [
            ResultRow(
                figure.dataset_key or str(figure.pk),
                localized(figure, "label"),
                None,
                Decimal(figure.value).quantize(Decimal("0.1"), ROUND_HALF_UP),
            )
            for figure in figures
        ]
        results.append(QuestionResult(question, None, rows))
    return Results(consultation, None, results)


def consultation_results(consultation: Consultation) -> Results:
    """Every question's results (see the module docstring)."""
    questions = list(
        consultation.questions.prefetch_related("options", "published_figures").order_by(
            "position", "pk"
        )
    )
    if consultation.results_mode == ResultsMode.PUBLISHED:
        return _published_results(consultation, questions)
    responses = Response.objects.filter(consultation=consultation).confirmed()
    answers = Answer.objects.filter(response__in=responses)
    respondents_of: dict[int, set[int]] = defaultdict(set)
    options: dict[int, Counter] = defaultdict(Counter)
    values: dict[int, Counter] = defaultdict(Counter)
    for question_id, response_id, option_id, value in answers.values_list(
        "question_id", "response_id", "option_id", "value"
    ):
        respondents_of[question_id].add(response_id)
        if option_id is not None:
            options[question_id][option_id] += 1
        if value is not None:
            values[question_id][value] += 1
    texts: dict[int, list[str]] = defaultdict(list)
    pending: Counter = Counter()
    for question_id, text, moderation in (
        answers.exclude(text="").order_by("pk").values_list("question_id", "text", "moderation")
    ):
        if moderation == Moderation.APPROVED:
            texts[question_id].append(text)
        elif moderation == Moderation.PENDING:
            pending[question_id] += 1
    results = []
    for question in questions:
        respondents = len(respondents_of[question.pk])
        result = QuestionResult(question, respondents)
        if question.kind in CHOICE_KINDS:
            result.rows = _option_rows(question, options[question.pk], respondents)
        elif question.kind == QuestionKind.SCALE:
            counts = values[question.pk]
            result.rows = _scale_rows(question, counts, respondents)
            if respondents:
                total = sum(value * n for value, n in counts.items())
                result.mean = (Decimal(total) / respondents).quantize(Decimal("0.01"))
        else:
            result.texts = texts[question.pk]
            result.pending_texts = pending[question.pk]
        results.append(result)
    return Results(consultation, responses.count(), results)


# ---------------------------------------------------------------------------------------------
# Cross-tabulations


@dataclass
class CrossTab:
    """A question's answers (rows) by the groups of a demographic dimension (columns).

    ``cells[row][column]`` is (count, percentage of that group's respondents to the question);
    the "Not said" column holds those who skipped the dimension."""

    question: Question
    dimension: str
    columns: list[tuple[str, str]]
    group_sizes: dict[str, int]
    rows: list[tuple[str, str]]
    cells: dict[str, dict[str, tuple[int, Decimal]]]

    @property
    def sizes(self) -> list[int]:
        return [self.group_sizes[key] for key, _label in self.columns]

    @property
    def lines(self) -> list[tuple[str, list[tuple[int, Decimal]]]]:
        """(answer, [(count, percentage) per column]) in the table's order."""
        return [
            (label, [self.cells[row][key] for key, _l in self.columns]) for row, label in self.rows
        ]

    @property
    def title(self) -> str:
        return _("%(question)s, by %(dimension)s") % {
            "question": localized(self.question, "text"),
            "dimension": str(DIMENSIONS[self.dimension]).lower(),
        }


def dimension_groups(consultation: Consultation, dimension: str) -> list[tuple[str, str]]:
    """The groups (key, label) of a demographic dimension, "" (not said) last."""
    if dimension == "age_range":
        groups = [(c.value, str(c.label)) for c in AgeRange]
    elif dimension == "gender":
        groups = [(c.value, str(c.label)) for c in Gender]
    elif dimension == "sector":
        groups = [(c.value, str(c.label)) for c in Sector]
    elif dimension == "residence":
        boroughs = Borough.objects.for_government(consultation.home_government)
        groups = [(str(b.pk), b.name) for b in boroughs] + [("abroad", _("Living abroad"))]
    else:
        raise ValueError(f"unknown dimension {dimension!r}")
    return [*groups, ("", _("Not said"))]


def _group_of(response: dict, dimension: str) -> str:
    if dimension == "residence":
        if response["lives_abroad"]:
            return "abroad"
        return str(response["borough_id"]) if response["borough_id"] else ""
    return response[dimension]


def cross_tab(consultation: Consultation, question: Question, dimension: str) -> CrossTab:
    """Cross-tabulate a choice or scale question of ``consultation`` by ``dimension``."""
    if dimension not in DIMENSIONS:
        raise ValueError(f"unknown dimension {dimension!r}")
    responses = Response.objects.filter(consultation=consultation).confirmed()
    group = {
        r["pk"]: _group_of(r, dimension)
        for r in responses.values(
            "pk", "age_range", "gender", "sector", "borough_id", "lives_abroad"
        )
    }
    answered: dict[str, set[int]] = defaultdict(set)
    counts: dict[str, Counter] = defaultdict(Counter)
    for response_id, option_id, value in Answer.objects.filter(
        question=question, response__in=responses
    ).values_list("response_id", "option_id", "value"):
        column = group[response_id]
        answered[column].add(response_id)
        row = str(option_id) if option_id is not None else str(value)
        counts[row][column] += 1
    columns = dimension_groups(consultation, dimension)
    if question.kind == QuestionKind.SCALE:
        rows = [(str(v), str(v)) for v in question.scale_values()]
    else:
        rows = [(str(o.pk), localized(o, "label")) for o in question.options.all()]
    sizes = {key: len(answered[key]) for key, _label in columns}
    cells = {
        row: {key: (counts[row][key], percent(counts[row][key], sizes[key])) for key, _l in columns}
        for row, _label in rows
    }
    return CrossTab(question, dimension, columns, sizes, rows, cells)


def cross_tabs(consultation: Consultation, dimension: str) -> list[CrossTab]:
    questions = consultation.questions.filter(
        kind__in=[*CHOICE_KINDS, QuestionKind.SCALE]
    ).prefetch_related("options")
    return [cross_tab(consultation, question, dimension) for question in questions]


# ---------------------------------------------------------------------------------------------
# Advisory council


@dataclass
class CouncilOverview:
    members_by_sector: list[tuple[str, list[CouncilMember]]]
    inclusion: list[tuple[str, int]]  # (label, number of members who declared it)
    total: int
    sessions: list[CouncilSession]
    recommendations: list[Recommendation]


def council_overview(government: HomeGovernment) -> CouncilOverview:
    """The public face of the council: members by sector, inclusion as totals only, sessions
    with their minutes, recommendations with their follow-up."""
    members = list(CouncilMember.objects.for_government(government).published())
    by_sector = defaultdict(list)
    for member in members:
        by_sector[member.sector].append(member)
    sectors = [
        (str(sector.label), by_sector[sector.value])
        for sector in CouncilSector
        if by_sector[sector]
    ]
    inclusion = [
        (str(label), sum(1 for m in members if getattr(m, name)))
        for name, label in INCLUSION_FIELDS.items()
    ]
    sessions = list(CouncilSession.objects.for_government(government).published())
    recommendations = list(
        Recommendation.objects.for_government(government)
        .published()
        .select_related("session", "addressed_to")
        .prefetch_related(Prefetch("updates"))
    )
    return CouncilOverview(sectors, inclusion, len(members), sessions, recommendations)


def public_recommendation(government: HomeGovernment, pk: int) -> Recommendation:
    recommendation = (
        Recommendation.objects.for_government(government).published().filter(pk=pk).first()
    )
    if recommendation is None:
        raise Http404(_("There is no such recommendation."))
    return recommendation


def recommendation_context(recommendation: Recommendation) -> dict:
    """The session and the actor a public recommendation names, each only if itself public."""
    government = recommendation.home_government
    sessions = CouncilSession.objects.for_government(government).published()
    actors = Actor.objects.for_government(government).published()
    return {
        "session": sessions.filter(pk=recommendation.session_id).first(),
        "addressed_to": actors.filter(pk=recommendation.addressed_to_id).first(),
    }
