"""Public pages of participation, under ``/<government>/participation/`` in the portal.

Every page reads through ``selectors`` (published records of the government in the address
only) and writes through ``services``. Nothing a citizen sends is shown before moderation.
"""

from __future__ import annotations

import csv

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from ciudadglobal.portal.selectors import portal_government
from ciudadglobal.portal.views.charts import BOM

from . import selectors, services
from .forms import CommentForm, ConsultationForm, LinkFormSet, RegistrationForm
from .models import DIMENSIONS, ActorRegistration, ConsultationStatus, ResultsMode

TOO_MANY = 429


def _client(request: HttpRequest) -> str:
    return request.META.get("REMOTE_ADDR", "")


def _guard(request: HttpRequest, form, scope: str) -> int | None:
    """Spam traps, then the flood limit: on refusal, put the reason on the form and return
    the status to answer with."""
    try:
        form.check_traps()
        services.rate_limit_check(scope=scope, client=_client(request))
    except services.Refused as refusal:
        form.add_error(None, refusal)
        return TOO_MANY if refusal.code == "rate_limited" else 400
    return None


def index(request: HttpRequest, government: str) -> HttpResponse:
    """``participation/index.html``: open and past consultations, documents open for
    comment, the council and the registration of organizations."""
    government = portal_government(government)
    consultations = list(selectors.public_consultations(government))
    context = {
        "government": government,
        "open": [c for c in consultations if c.status() == ConsultationStatus.OPEN],
        "past": [c for c in consultations if c.status() == ConsultationStatus.CLOSED],
        "documents": selectors.public_documents(government),
    }
    return render(request, "participation/index.html", context)


def consultation_detail(request: HttpRequest, government: str, slug: str) -> HttpResponse:
    """``participation/consultation_detail.html``: the consultation and, while it is open, its
    questionnaire; a valid POST saves the response and sends its confirmation link."""
    government = portal_government(government)
    consultation = selectors.public_consultation(government, slug)
    questions = selectors.questionnaire(consultation)
    form, status = None, 200
    if consultation.is_open:
        form = ConsultationForm(
            request.POST or None, consultation=consultation, questions=questions
        )
        if request.method == "POST":
            status = _guard(request, form, "response") or 200
            if status == 200 and form.is_valid():

                def confirm_url(token: str) -> str:
                    return request.build_absolute_uri(
                        reverse(
                            "portal:participation-confirm",
                            kwargs={"government": government.slug, "slug": slug, "token": token},
                        )
                    )

                try:
                    submission = services.response_submit(
                        consultation=consultation,
                        email=form.cleaned_data["email"],
                        answers=form.answers(),
                        demographics=form.demographics(),
                        language=get_language() or "",
                        confirm_url=confirm_url,
                    )
                except services.Refused as refusal:
                    form.add_error(None, refusal)
                    status = 400
                else:
                    url = reverse(
                        "portal:participation-sent",
                        kwargs={"government": government.slug, "slug": slug},
                    )
                    return redirect(url if submission.created else f"{url}?already=1")
            elif status == 200:
                status = 400
    context = {
        "government": government,
        "consultation": consultation,
        "form": form,
        "questions": questions,
    }
    return render(request, "participation/consultation_detail.html", context, status=status)


def consultation_sent(request: HttpRequest, government: str, slug: str) -> HttpResponse:
    """``participation/consultation_sent.html``: check your e-mail (or: you already answered)."""
    government = portal_government(government)
    consultation = selectors.public_consultation(government, slug)
    context = {
        "government": government,
        "consultation": consultation,
        "already": request.GET.get("already") == "1",
    }
    return render(request, "participation/consultation_sent.html", context)


def consultation_confirm(request: HttpRequest, government: str, slug: str, token: str):
    """``participation/consultation_confirm.html``: a button confirming the response (GET
    never changes anything, so that mail scanners opening the link do not confirm it)."""
    government = portal_government(government)
    consultation = selectors.public_consultation(government, slug)
    context = {"government": government, "consultation": consultation}
    try:
        response = services.response_from_token(consultation, token)
    except ValidationError as error:
        context["error"] = error.messages[0]
        return render(request, "participation/consultation_confirm.html", context, status=400)
    context["confirmed"] = response.confirmed_at is not None
    if request.method == "POST" and not context["confirmed"]:
        services.response_confirm(response=response)
        context["confirmed"] = context["just_confirmed"] = True
    return render(request, "participation/consultation_confirm.html", context)


def consultation_results(request: HttpRequest, government: str, slug: str) -> HttpResponse:
    """``participation/consultation_results.html``: the results, with charts, tables and, by
    ``?by=<dimension>``, the cross-tabulations."""
    government = portal_government(government)
    consultation = selectors.public_consultation(government, slug)
    dimension = request.GET.get("by", "")
    crossed = consultation.results_mode == ResultsMode.RESPONSES and consultation.ask_demographics
    context = {
        "government": government,
        "consultation": consultation,
        "results": selectors.consultation_results(consultation),
        "dimensions": list(DIMENSIONS.items()) if crossed else [],
        "dimension": dimension if dimension in DIMENSIONS else "",
    }
    if crossed and context["dimension"]:
        context["cross_tabs"] = selectors.cross_tabs(consultation, dimension)
        context["dimension_label"] = DIMENSIONS[dimension]
    return render(request, "participation/consultation_results.html", context)


def consultation_results_csv(request: HttpRequest, government: str, slug: str) -> HttpResponse:
    """The results as CSV: one line per answer with its count and percentage; then the
    approved open answers. Unapproved text is never written."""
    government = portal_government(government)
    consultation = selectors.public_consultation(government, slug)
    results = selectors.consultation_results(consultation)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="{government.slug}-{consultation.slug}-results.csv"'
    )
    response.write(BOM)
    writer = csv.writer(response)
    writer.writerow(
        [
            _("Question"),
            _("Answer"),
            _("People"),
            _("Percentage"),
            _("People who answered the question"),
        ]
    )
    for result in results.questions:
        for row in result.rows:
            writer.writerow(
                [
                    result.label,
                    row.label,
                    "" if row.count is None else row.count,
                    row.percent,
                    "" if result.respondents is None else result.respondents,
                ]
            )
        for text in result.texts:
            writer.writerow([result.label, text, "", "", result.respondents])
    return response


def document_detail(request: HttpRequest, government: str, slug: str) -> HttpResponse:
    """``participation/document_detail.html``: the document, its approved comments with staff
    replies, and the comment form while it is open."""
    government = portal_government(government)
    document = selectors.public_document(government, slug)
    form, status = None, 200
    if document.comments_open:
        form = CommentForm(request.POST or None)
        if request.method == "POST":
            status = _guard(request, form, "comment") or 200
            if status == 200 and form.is_valid():
                try:
                    services.comment_submit(
                        document=document,
                        author_name=form.cleaned_data["author_name"],
                        text=form.cleaned_data["text"],
                    )
                except ValidationError as error:
                    form.add_error(None, error)
                    status = 400
                else:
                    return redirect(f"{request.path}?sent=1#comments")
            elif status == 200:
                status = 400
    context = {
        "government": government,
        "document": document,
        "comments": selectors.public_comments(document),
        "form": form,
        "sent": request.GET.get("sent") == "1",
    }
    return render(request, "participation/document_detail.html", context, status=status)


def council(request: HttpRequest, government: str) -> HttpResponse:
    """``participation/council.html``: members by sector, inclusion totals, sessions with
    minutes and recommendations with their follow-up."""
    government = portal_government(government)
    context = {"government": government, "council": selectors.council_overview(government)}
    return render(request, "participation/council.html", context)


def recommendation_detail(request: HttpRequest, government: str, pk: int) -> HttpResponse:
    """``participation/recommendation_detail.html``: a recommendation's timeline."""
    government = portal_government(government)
    recommendation = selectors.public_recommendation(government, pk)
    context = {
        "government": government,
        "recommendation": recommendation,
        "updates": recommendation.updates.all(),
        **selectors.recommendation_context(recommendation),
    }
    return render(request, "participation/recommendation_detail.html", context)


def register(request: HttpRequest, government: str) -> HttpResponse:
    """``participation/register.html``: an organization registers itself and up to three
    international links; staff approve before anything is public."""
    government = portal_government(government)
    instance = ActorRegistration(home_government=government)
    form = RegistrationForm(request.POST or None, instance=instance)
    links = LinkFormSet(request.POST or None, prefix="links")
    status = 200
    if request.method == "POST":
        status = _guard(request, form, "registration") or 200
        if status == 200 and form.is_valid() & links.is_valid():

            def confirm_url(token: str) -> str:
                return request.build_absolute_uri(
                    reverse(
                        "portal:participation-register-confirm",
                        kwargs={"government": government.slug, "token": token},
                    )
                )

            declared = [link for link in links.cleaned_data if link.get("partner")]
            services.registration_submit(
                registration=form.instance, links=declared, confirm_url=confirm_url
            )
            return redirect(
                reverse(
                    "portal:participation-register-sent", kwargs={"government": government.slug}
                )
            )
        if status == 200:
            status = 400
    context = {"government": government, "form": form, "links": links}
    return render(request, "participation/register.html", context, status=status)


def register_sent(request: HttpRequest, government: str) -> HttpResponse:
    government = portal_government(government)
    return render(request, "participation/register_sent.html", {"government": government})


def register_confirm(request: HttpRequest, government: str, token: str) -> HttpResponse:
    """``participation/register_confirm.html``: a button confirming the e-mail address."""
    government = portal_government(government)
    context = {"government": government}
    if request.method == "POST":
        try:
            services.registration_confirm(government=government, token=token)
        except ValidationError as error:
            context["error"] = error.messages[0]
            return render(request, "participation/register_confirm.html", context, status=400)
        context["confirmed"] = True
    return render(request, "participation/register_confirm.html", context)
