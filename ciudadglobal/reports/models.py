"""Article 20 reports: benefit evaluations of agreements per semester, and the reports
themselves (built in the background, reviewed as drafts, frozen when published)."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ciudadglobal.core.currencies import CurrencyField
from ciudadglobal.core.models import TenantChild, TenantOwned, TenantQuerySet, Versioned
from ciudadglobal.core.periods import Half, Semester
from ciudadglobal.core.validators import field_error


class EvaluatorKind(models.TextChoices):
    GOVERNMENT = "government", _("Government")
    CONGRESS = "congress", _("City Congress")


class Rating(models.IntegerChoices):
    """The documented scale of a qualitative assessment of an agreement's benefits."""

    NONE = 1, _("1 · No benefit observed")
    LIMITED = 2, _("2 · Limited benefit")
    MODERATE = 3, _("3 · Moderate benefit")
    SIGNIFICANT = 4, _("4 · Significant benefit")
    OUTSTANDING = 5, _("5 · Outstanding benefit")


RATING_SCALE_HELP = _(
    "1: no benefit observed in the semester; 2: limited (contacts, no concrete results); "
    "3: moderate (some exchanges or training with results); 4: significant (projects, funds "
    "or policies that changed because of it); 5: outstanding (lasting results beyond the "
    "commitments)."
)


class EvaluationStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    FINAL = "final", _("Final")


class BenefitEvaluation(Versioned, TenantChild):
    """The evaluation of an agreement's benefits in one semester, by the government or, kept
    strictly apart, by the City Congress (Article 20). Only final evaluations are reported."""

    tenant_path = "agreement__home_government"

    agreement = models.ForeignKey(
        "agreements.Agreement",
        on_delete=models.PROTECT,
        related_name="benefit_evaluations",
        verbose_name=_("agreement"),
    )
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(1900), MaxValueValidator(2999)]
    )
    half = models.PositiveSmallIntegerField(_("semester"), choices=Half)
    evaluator = models.CharField(_("evaluated by"), max_length=10, choices=EvaluatorKind)
    status = models.CharField(
        _("status"),
        max_length=5,
        choices=EvaluationStatus,
        default=EvaluationStatus.DRAFT,
        help_text=_("Only final evaluations appear in reports."),
    )
    exchanges = models.PositiveIntegerField(
        _("exchanges"), default=0, help_text=_("Visits, missions and exchanges under it.")
    )
    people_trained = models.PositiveIntegerField(_("people trained"), default=0)
    funds_amount = models.DecimalField(
        _("funds mobilized"), max_digits=16, decimal_places=2, null=True, blank=True
    )
    funds_currency = CurrencyField(_("currency of the funds"))
    projects = models.PositiveIntegerField(_("projects"), default=0)
    narrative = models.TextField(_("qualitative assessment"))
    rating = models.PositiveSmallIntegerField(
        _("rating"), choices=Rating, help_text=RATING_SCALE_HELP
    )
    evidence_url = models.URLField(_("evidence URL"), max_length=500, blank=True)
    evidence_notes = models.TextField(_("evidence notes"), blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name=_("last edited by"),
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["agreement", "-year", "-half", "evaluator"]
        verbose_name = _("benefit evaluation")
        verbose_name_plural = _("benefit evaluations")
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "year", "half", "evaluator"],
                name="reports_evaluation_once_per_semester",
                violation_error_message=_(
                    "This agreement already has an evaluation by this evaluator for this semester."
                ),
            )
        ]

    def __str__(self) -> str:
        return f"{self.agreement} · {self.semester} · {self.get_evaluator_display()}"

    @property
    def semester(self) -> Semester:
        return Semester(self.year, self.half)

    def clean(self) -> None:
        if self.funds_amount is not None and not self.funds_currency:
            raise field_error(
                "funds_currency", _("Give the currency of the funds."), "currency_required"
            )


class ReportKind(models.TextChoices):
    SEMIANNUAL = "semiannual", _("Semiannual report (Article 20)")
    ANNUAL_INDICATORS = "annual_indicators", _("Annual indicators report")


class ReportState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


class BuildStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting to be built")
    RUNNING = "running", _("Being built")
    READY = "ready", _("Built")
    FAILED = "failed", _("Build failed")


class PublishedReportError(ValidationError):
    """A published report is a frozen snapshot: it is never changed or deleted."""


class ReportQuerySet(TenantQuerySet):
    def published(self) -> ReportQuerySet:
        return self.filter(state=ReportState.PUBLISHED)

    def update(self, **kwargs) -> int:
        if self.filter(state=ReportState.PUBLISHED).exists():
            raise PublishedReportError(_("A published report cannot be changed."), "frozen")
        return super().update(**kwargs)

    def delete(self):
        if self.filter(state=ReportState.PUBLISHED).exists():
            raise PublishedReportError(_("A published report cannot be deleted."), "frozen")
        return super().delete()


class Report(TenantOwned):
    """One version of a report for a government and period: its build progress and, once
    built, its HTML, PDF and DOCX; once published, a frozen snapshot with its hashes. A
    corrected version supersedes the earlier one, which stays archived."""

    kind = models.CharField(_("kind"), max_length=20, choices=ReportKind)
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(1900), MaxValueValidator(2999)]
    )
    half = models.PositiveSmallIntegerField(_("semester"), choices=Half, null=True, blank=True)
    language = models.CharField(_("language"), max_length=5, choices=settings.LANGUAGES)
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    state = models.CharField(
        _("state"), max_length=10, choices=ReportState, default=ReportState.DRAFT
    )
    change_log = models.TextField(
        _("changes from the previous version"),
        blank=True,
        help_text=_("Required for a corrected version: what was corrected and why."),
    )
    supersedes = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="superseded_by",
        verbose_name=_("corrects"),
    )
    build_status = models.CharField(
        _("build"), max_length=10, choices=BuildStatus, default=BuildStatus.QUEUED
    )
    progress_step = models.PositiveSmallIntegerField(_("step"), default=0)
    progress_total = models.PositiveSmallIntegerField(_("steps"), default=0)
    progress_label = models.CharField(_("current step"), max_length=200, blank=True)
    build_error = models.TextField(_("build error"), blank=True)
    html = models.TextField(_("HTML"), blank=True, editable=False)
    pdf = models.BinaryField(_("PDF"), blank=True, editable=False)
    docx = models.BinaryField(_("DOCX"), blank=True, editable=False)
    pdf_pages = models.PositiveIntegerField(_("PDF pages"), null=True, blank=True, editable=False)
    html_sha256 = models.CharField(_("HTML SHA-256"), max_length=64, blank=True, editable=False)
    pdf_sha256 = models.CharField(_("PDF SHA-256"), max_length=64, blank=True, editable=False)
    docx_sha256 = models.CharField(_("DOCX SHA-256"), max_length=64, blank=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("requested by"),
    )
    built_at = models.DateTimeField(_("built"), null=True, blank=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("published by"),
    )

    objects = ReportQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "-half", "kind", "language", "-version"]
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        constraints = [
            models.UniqueConstraint(
                fields=["home_government", "kind", "year", "half", "language", "version"],
                name="reports_report_unique_version",
                nulls_distinct=False,
            ),
            models.CheckConstraint(
                condition=(models.Q(kind=ReportKind.SEMIANNUAL) & models.Q(half__isnull=False))
                | (models.Q(kind=ReportKind.ANNUAL_INDICATORS) & models.Q(half__isnull=True)),
                name="reports_report_period_fits_kind",
            ),
        ]

    def __str__(self) -> str:
        return _("%(kind)s · %(period)s · version %(version)s") % {
            "kind": self.get_kind_display(),
            "period": self.period_label,
            "version": self.version,
        }

    @property
    def semester(self) -> Semester | None:
        return Semester(self.year, self.half) if self.half else None

    @property
    def period_label(self) -> str:
        return str(self.semester.label) if self.semester else str(self.year)

    @property
    def period_code(self) -> str:
        return self.semester.code if self.semester else str(self.year)

    @property
    def is_published(self) -> bool:
        return self.state == ReportState.PUBLISHED

    @property
    def filename(self) -> str:
        slug = self.home_government.slug
        return f"{slug}-{self.kind}-{self.period_code}-{self.language}-v{self.version}"

    def get_absolute_url(self) -> str:
        return reverse("reports:report-detail", args=[self.pk])

    def save(self, *args, **kwargs) -> None:
        """Refuse to change a report that is published (stored as such): the one guard that
        keeps a snapshot byte-identical, whatever calls save()."""
        if self.pk is not None:
            stored = type(self).objects.filter(pk=self.pk).values_list("state", flat=True).first()
            if stored == ReportState.PUBLISHED:
                raise PublishedReportError(_("A published report cannot be changed."), "frozen")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if self.pk is not None and type(self).objects.filter(pk=self.pk).published().exists():
            raise PublishedReportError(_("A published report cannot be deleted."), "frozen")
        return super().delete(*args, **kwargs)

    history = HistoricalRecords(excluded_fields=["html", "pdf", "docx"])
