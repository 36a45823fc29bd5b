"""Consultations: questionnaires, responses known only by a keyed hash, answers."""

from __future__ import annotations

import secrets

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ciudadglobal.core.models import (
    RegistryRecord,
    TenantChild,
    TenantOwned,
    TenantQuerySet,
    localized,
)


def new_secret() -> str:
    return secrets.token_hex(32)


# ---------------------------------------------------------------------------------------------
# Demographics


class Borough(TenantOwned):
    """A district of the home government's territory offered in the demographic block
    (Mexico City's 16 alcaldías); each government keeps its own list."""

    name = models.CharField(_("name"), max_length=200)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("borough")
        verbose_name_plural = _("boroughs")
        constraints = [
            models.UniqueConstraint(
                fields=["home_government", "name"], name="participation_borough_unique_name"
            )
        ]

    def __str__(self) -> str:
        return self.name


class AgeRange(models.TextChoices):
    UNDER_18 = "under_18", _("Under 18")
    FROM_18 = "18_29", _("18 to 29")
    FROM_30 = "30_44", _("30 to 44")
    FROM_45 = "45_59", _("45 to 59")
    FROM_60 = "60_plus", _("60 or over")


class Gender(models.TextChoices):
    WOMAN = "woman", _("Woman")
    MAN = "man", _("Man")
    OTHER = "other", _("Another identity")


class Sector(models.TextChoices):
    PUBLIC = "public", _("Public sector")
    PRIVATE = "private", _("Private sector")
    CIVIL_SOCIETY = "civil_society", _("Civil society")
    ACADEMIA = "academia", _("Academia or student")
    OTHER = "other", _("Other")


#: The demographic dimensions results can be crossed by: field name and label.
DIMENSIONS = {
    "age_range": _("Age"),
    "gender": _("Gender"),
    "sector": _("Sector"),
    "residence": _("Where you live"),
}


# ---------------------------------------------------------------------------------------------
# Consultations


class ResultsMode(models.TextChoices):
    RESPONSES = "responses", _("Computed from the responses received here")
    PUBLISHED = "published", _("Published aggregate figures (individual responses not held)")


class ConsultationStatus(models.TextChoices):
    UPCOMING = "upcoming", _("Not open yet")
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class ConsultationQuerySet(TenantQuerySet):
    def open(self, now=None):
        now = now or timezone.now()
        return self.filter(opens__lte=now, closes__gt=now)

    def closed(self, now=None):
        return self.filter(closes__lte=now or timezone.now())


class Consultation(RegistryRecord):
    """A consultation or survey with its questionnaire, open during its period."""

    title = models.CharField(_("title"), max_length=300)
    title_en = models.CharField(_("title in English"), max_length=300, blank=True)
    slug = models.SlugField(_("short name for addresses"), max_length=80)
    purpose = models.TextField(_("purpose"), help_text=_("In plain words: what it is for."))
    purpose_en = models.TextField(_("purpose in English"), blank=True)
    opens = models.DateTimeField(_("opens"))
    closes = models.DateTimeField(_("closes"))
    results_mode = models.CharField(
        _("results"), max_length=10, choices=ResultsMode, default=ResultsMode.RESPONSES
    )
    ask_demographics = models.BooleanField(
        _("ask the optional demographic questions"), default=True
    )
    published_facts = models.ManyToManyField(
        "transparency.PublishedFigure",
        blank=True,
        related_name="+",
        verbose_name=_("published facts about the sample"),
        help_text=_("For published results: sample size, interviews, age, gender…"),
    )
    secret = models.CharField(max_length=64, default=new_secret, editable=False)

    objects = ConsultationQuerySet.as_manager()

    class Meta(RegistryRecord.Meta):
        ordering = ["-opens", "title"]
        verbose_name = _("consultation")
        verbose_name_plural = _("consultations")
        constraints = [
            *RegistryRecord.Meta.constraints,
            models.UniqueConstraint(
                fields=["home_government", "slug"], name="participation_consultation_unique_slug"
            ),
            models.CheckConstraint(
                condition=models.Q(closes__gt=models.F("opens")),
                name="participation_consultation_period",
            ),
        ]

    def __str__(self) -> str:
        return localized(self, "title")

    def clean(self) -> None:
        super().clean()
        if self.opens and self.closes and self.closes <= self.opens:
            raise ValidationError(
                {"closes": _("A consultation closes after it opens.")}, code="period"
            )

    def status(self, now=None) -> ConsultationStatus:
        now = now or timezone.now()
        if now < self.opens:
            return ConsultationStatus.UPCOMING
        if now >= self.closes:
            return ConsultationStatus.CLOSED
        return ConsultationStatus.OPEN

    @property
    def is_open(self) -> bool:
        return (
            self.results_mode == ResultsMode.RESPONSES and self.status() == ConsultationStatus.OPEN
        )

    def get_absolute_url(self) -> str:
        return reverse(
            "portal:participation-consultation",
            kwargs={"government": self.home_government.slug, "slug": self.slug},
        )


class QuestionKind(models.TextChoices):
    SINGLE = "single", _("Single choice")
    MULTIPLE = "multiple", _("Multiple choice")
    SCALE = "scale", _("Scale")
    TEXT = "text", _("Open text")


CHOICE_KINDS = (QuestionKind.SINGLE, QuestionKind.MULTIPLE)


class Question(TenantChild):
    """A question of a consultation's questionnaire, in its order."""

    tenant_path = "consultation__home_government"

    consultation = models.ForeignKey(
        Consultation,
        on_delete=models.CASCADE,
        related_name="questions",
        verbose_name=_("consultation"),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    kind = models.CharField(_("kind"), max_length=10, choices=QuestionKind)
    text = models.CharField(_("question"), max_length=400)
    text_en = models.CharField(_("question in English"), max_length=400, blank=True)
    help_text = models.CharField(_("help"), max_length=400, blank=True)
    help_text_en = models.CharField(_("help in English"), max_length=400, blank=True)
    required = models.BooleanField(_("an answer is required"), default=False)
    scale_min = models.SmallIntegerField(_("scale from"), default=1)
    scale_max = models.SmallIntegerField(_("scale to"), default=5)
    scale_min_label = models.CharField(_("meaning of the lowest value"), max_length=100, blank=True)
    scale_min_label_en = models.CharField(
        _("meaning of the lowest value, in English"), max_length=100, blank=True
    )
    scale_max_label = models.CharField(
        _("meaning of the highest value"), max_length=100, blank=True
    )
    scale_max_label_en = models.CharField(
        _("meaning of the highest value, in English"), max_length=100, blank=True
    )
    published_figures = models.ManyToManyField(
        "transparency.PublishedFigure",
        blank=True,
        related_name="+",
        verbose_name=_("published results"),
        help_text=_("For consultations with published results: the figure of each answer."),
    )

    class Meta:
        ordering = ["consultation", "position", "pk"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        constraints = [
            models.UniqueConstraint(
                fields=["consultation", "position"], name="participation_question_unique_position"
            ),
            models.CheckConstraint(
                condition=models.Q(scale_max__gt=models.F("scale_min")),
                name="participation_question_scale",
            ),
        ]

    def __str__(self) -> str:
        return localized(self, "text")

    def clean(self) -> None:
        if self.scale_max is not None and self.scale_min is not None:
            if self.scale_max <= self.scale_min:
                raise ValidationError({"scale_max": _("The scale must go upwards.")}, code="scale")
            if self.scale_max - self.scale_min > 10:
                raise ValidationError(
                    {"scale_max": _("A scale has at most 11 points.")}, code="scale_size"
                )

    @property
    def is_choice(self) -> bool:
        return self.kind in CHOICE_KINDS

    def scale_values(self) -> list[int]:
        return list(range(self.scale_min, self.scale_max + 1))


class Option(TenantChild):
    """One answer offered by a single- or multiple-choice question."""

    tenant_path = "question__consultation__home_government"

    question = models.ForeignKey(
        Question, on_delete=models.CASCADE, related_name="options", verbose_name=_("question")
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    label = models.CharField(_("answer"), max_length=300)
    label_en = models.CharField(_("answer in English"), max_length=300, blank=True)

    class Meta:
        ordering = ["question", "position", "pk"]
        verbose_name = _("answer option")
        verbose_name_plural = _("answer options")

    def __str__(self) -> str:
        return localized(self, "label")


class ResponseQuerySet(TenantQuerySet):
    def confirmed(self):
        return self.exclude(confirmed_at=None)


class Response(TenantChild):
    """One person's response. It counts once its respondent has confirmed it from the link
    sent to their address; the address itself is never stored, only its keyed hash."""

    tenant_path = "consultation__home_government"

    consultation = models.ForeignKey(
        Consultation,
        on_delete=models.PROTECT,
        related_name="responses",
        verbose_name=_("consultation"),
    )
    identity_hash = models.CharField(_("respondent's keyed hash"), max_length=64, editable=False)
    submitted_at = models.DateTimeField(_("submitted"), default=timezone.now)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    language = models.CharField(_("language"), max_length=10, blank=True)
    age_range = models.CharField(_("age"), max_length=10, choices=AgeRange, blank=True)
    gender = models.CharField(_("gender"), max_length=10, choices=Gender, blank=True)
    sector = models.CharField(_("sector"), max_length=20, choices=Sector, blank=True)
    borough = models.ForeignKey(
        Borough,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("borough"),
    )
    lives_abroad = models.BooleanField(_("lives abroad"), default=False)

    objects = ResponseQuerySet.as_manager()

    class Meta:
        ordering = ["consultation", "submitted_at"]
        verbose_name = _("response")
        verbose_name_plural = _("responses")
        constraints = [
            models.UniqueConstraint(
                fields=["consultation", "identity_hash"], name="participation_one_response_each"
            )
        ]

    def __str__(self) -> str:
        return _("Response %(number)s") % {"number": self.pk}

    @property
    def residence(self) -> str:
        """The borough's id, "abroad", or "" when not said (the cross-tab dimension)."""
        if self.lives_abroad:
            return "abroad"
        return str(self.borough_id) if self.borough_id else ""


class Moderation(models.TextChoices):
    PENDING = "pending", _("Awaiting moderation")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


class Answer(TenantChild):
    """An answer to one question: an option chosen (one row per option for multiple choice),
    a value on the scale, or a text, which is public only once approved."""

    tenant_path = "response__consultation__home_government"

    response = models.ForeignKey(
        Response, on_delete=models.CASCADE, related_name="answers", verbose_name=_("response")
    )
    question = models.ForeignKey(
        Question, on_delete=models.PROTECT, related_name="answers", verbose_name=_("question")
    )
    option = models.ForeignKey(
        Option,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="answers",
        verbose_name=_("option"),
    )
    value = models.SmallIntegerField(_("value on the scale"), null=True, blank=True)
    text = models.TextField(_("text"), blank=True)
    moderation = models.CharField(
        _("moderation"), max_length=10, choices=Moderation, default=Moderation.PENDING
    )

    class Meta:
        ordering = ["response", "question", "option"]
        verbose_name = _("answer")
        verbose_name_plural = _("answers")

    def __str__(self) -> str:
        return str(self.option or self.value or self.text[:60])
