"""A citizen answers the demonstration consultation start to finish, in Spanish and in English:
errors first, then a valid response, its confirmation from the e-mail, the results and the
cross-tabs; a second try and a flood are refused with clear messages while the real response
is kept. axe-core checks every step."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from ciudadglobal.participation.demo import demo_create
from ciudadglobal.participation.models import Comment, Moderation, Response
from tests.factories import HomeGovernmentFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture
def demo(settings):
    settings.PARTICIPATION_MIN_SECONDS = 0
    settings.PARTICIPATION_RATE_LIMIT = (3, 3600)  # every POST counts, invalid ones too
    from django.core.cache import cache

    cache.clear()
    government = HomeGovernmentFactory(name="Ciudad de México", slug="cdmx")
    return demo_create(government)


def _answer(page, email: str, *, labels: dict[str, str]) -> None:
    page.get_by_label(labels["yes"], exact=True).check()
    page.get_by_label(labels["climate"]).check()
    page.get_by_label(labels["culture"]).check()
    page.get_by_label(re.compile(r"^4$")).check()
    page.get_by_label(labels["proposal"]).fill(labels["proposal_text"])
    page.get_by_label(labels["woman"], exact=True).check()
    page.get_by_label(labels["email"]).fill(email)
    page.get_by_role("button", name=labels["send"]).click()


LANGUAGES = {
    "es": {
        "prefix": "",
        "yes": "Sí",
        "climate": "Medio ambiente y clima",
        "culture": "Cultura",
        "proposal": "¿Qué propuesta haría a la ciudad para su relación con el mundo?",
        "proposal_text": "Más intercambios escolares",
        "woman": None,
        "email": None,
        "send": None,
    },
    "en": {
        "prefix": "/en",
        "yes": "Yes",
        "climate": "Environment and climate",
        "culture": "Culture",
        "proposal": "What would you propose to the city for its relations with the world?",
        "proposal_text": "More school exchanges",
        "woman": "Woman",
        "email": "Your e-mail address",
        "send": "Send my response",
    },
}


def _labels(page, language: str) -> dict[str, str]:
    """Spanish interface words come from the catalogue: read them from the page itself."""
    labels = dict(LANGUAGES[language])
    if language == "es":
        labels["woman"] = page.locator("input[name=gender][value=woman] + label").inner_text()
        labels["email"] = page.locator("label[for=id_email]").inner_text().split(" (")[0]
        labels["send"] = page.locator("form.questionnaire button[type=submit]").inner_text()
    return labels


@pytest.mark.parametrize("language", ["es", "en"])
def test_answer_a_consultation_start_to_finish(page, demo, axe, screenshot, language):
    prefix = LANGUAGES[language]["prefix"]
    page.goto(f"{prefix}/cdmx/participation/")
    expect(page.locator("html")).to_have_attribute("lang", language)
    axe(page)
    page.get_by_role("link", name=re.compile("Demo")).first.click()
    expect(page).to_have_url(re.compile(r"/participation/consultations/demo-ciudad-y-mundo/$"))
    axe(page)
    labels = _labels(page, language)

    # Sent empty: an error summary, linked to the first missing answer.
    page.locator("form.questionnaire button[type=submit]").click()
    summary = page.locator(".error-summary")
    expect(summary).to_be_visible()
    assert summary.locator("a").count() >= 3
    axe(page)
    screenshot(f"{language}-errors")
    summary.locator("a").first.click()
    expect(page.locator("input[type=radio]").first).to_be_focused()

    _answer(page, "ana@example.org", labels=labels)
    expect(page).to_have_url(re.compile(r"/sent/(#.*)?$"))
    expect(page.locator(".notice")).to_be_visible()
    axe(page)
    assert Response.objects.count() == 1 and not Response.objects.confirmed().exists()

    link = re.search(r"https?://\S+/confirm/\S+/", mail.outbox[-1].body).group(0)
    page.goto(link)
    axe(page)
    page.locator("main form button[type=submit]").click()
    expect(page.locator(".notice[role=status]")).to_be_visible()
    axe(page)
    assert Response.objects.confirmed().count() == 1

    page.locator("main a[href$='/results/']").click()
    expect(page.locator("svg.chart-svg").first).to_be_visible()
    # One response: every option chosen shows 100 %, and the topics add up to 200 %.
    expect(page.locator("main")).to_contain_text(re.compile(r"200[.,]0"))
    axe(page)
    page.select_option("#id_by", "gender")
    page.locator("#id_by").locator("xpath=ancestor::form").locator("button").click()
    expect(page.locator("table.crosstab").first).to_be_visible()
    axe(page)
    screenshot(f"{language}-results")

    # The same person again: refused, the first response kept.
    page.goto(f"{prefix}/cdmx/participation/consultations/demo-ciudad-y-mundo/")
    labels["yes"] = "No"
    _answer(page, "ANA@example.org", labels=labels)
    expect(page).to_have_url(re.compile(r"/sent/\?already=1(#.*)?$"))
    axe(page)
    assert Response.objects.count() == 1

    # A flood from the same connection: the fourth submission in the window is refused.
    page.goto(f"{prefix}/cdmx/participation/consultations/demo-ciudad-y-mundo/")
    _answer(page, "otra@example.org", labels=labels)
    expect(page.locator(".error-summary")).to_be_visible()
    axe(page)
    screenshot(f"{language}-flood")
    assert Response.objects.count() == 1
    if language == "en":
        expect(page.locator(".error-summary")).to_contain_text("Too many submissions")
        expect(page.locator("main")).to_contain_text("More school exchanges")  # nothing lost


def test_comment_council_and_registration_pages(page, demo, axe):
    page.goto("/en/cdmx/participation/")
    page.get_by_role("link", name=re.compile("Demo: draft guidelines")).click()
    axe(page)
    page.locator("#id_text").fill("A comment waiting for review")
    page.get_by_role("button", name="Send my comment").click()
    expect(page.locator(".notice[role=status]")).to_contain_text("once it has been reviewed")
    expect(page.locator("main")).not_to_contain_text("A comment waiting for review")
    axe(page)
    assert Comment.objects.get().moderation == Moderation.PENDING

    page.goto("/en/cdmx/participation/council/")
    axe(page)
    page.get_by_role("link", name=re.compile("plain-language semiannual report")).click()
    expect(page.locator(".timeline li")).to_have_count(2)
    axe(page)

    page.goto("/en/cdmx/participation/register/")
    axe(page)
    page.get_by_role("button", name="Send the registration").click()
    expect(page.locator(".error-summary")).to_be_visible()
    axe(page)
