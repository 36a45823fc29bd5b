"""International agreements: parties, lifecycle, status, commitments, renewals, documents."""

from __future__ import annotations

from datetime import date

from django.db import models
from django.db.models import Case, Exists, OuterRef, Q, Value, When
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ciudadglobal.core.models import (
    RegistryRecord,
    TenantChild,
    TenantOwned,
    TenantQuerySet,
    Versioned,
    localized,
)
from ciudadglobal.core.partialdates import (
    PartialDateField,
    begun_q,
    ended_q,
    period_constraint,
)
from ciudadglobal.core.validators import field_error, validate_document


class AgreementKind(models.TextChoices):
    TWINNING = "twinning", _("Twinning agreement")
    FRIENDSHIP = "friendship", _("Friendship agreement")
    SPECIFIC_COOPERATION = "specific_cooperation", _("Specific cooperation agreement")
    FRAMEWORK = "framework", _("Framework agreement with an international organization")
    MEMORANDUM = "memorandum", _("Memorandum of understanding")
    COLLABORATION = "collaboration", _("Collaboration agreement")
    LETTER_OF_INTENT = "letter_of_intent", _("Letter of intent")


class AgreementStatus(models.TextChoices):
    NEGOTIATION = "negotiation", _("In negotiation")
    NATIONAL_REVIEW = "national_review", _("In national review")
    SIGNED = "signed", _("Signed, not yet in force")
    REGISTERED = "registered", _("Registered, not yet in force")
    IN_FORCE = "in_force", _("In force")
    EXPIRED = "expired", _("Expired")
    TERMINATED = "terminated", _("Terminated")
    RENEWED = "renewed", _("Renewed or replaced")


class RenewalKind(models.TextChoices):
    RENEWAL = "renewal", _("Renews it")
    REPLACEMENT = "replacement", _("Replaces it")


class LifecyclePhase(models.TextChoices):
    NATIONAL_REVIEW = "national_review", _("National review, before signature")
    REGISTRATION = "registration", _("Registration, after signature")


class LifecycleStep(TenantOwned, Versioned):
    """A national step an agreement goes through in this home government's country.

    Mexico: the foreign ministry's (SRE) opinion before signature, and registration in its
    register of inter-institutional agreements after. Other countries configure their own.
    """

    phase = models.CharField(_("phase"), max_length=20, choices=LifecyclePhase)
    name = models.CharField(_("name"), max_length=200)
    name_en = models.CharField(_("name in English"), max_length=200, blank=True)
    authority = models.CharField(
        _("authority"), max_length=200, blank=True, help_text=_("Who performs this step.")
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("lifecycle step")
        verbose_name_plural = _("lifecycle steps")
        constraints = [
            models.UniqueConstraint(
                fields=["home_government", "name"], name="agreements_step_unique_name"
            )
        ]

    def __str__(self) -> str:
        return localized(self, "name")


class AgreementQuerySet(TenantQuerySet):
    def with_status(self, on: date | None = None, *, public: bool = False) -> AgreementQuerySet:
        """Annotate ``status``, derived from the dates and lifecycle steps as of ``on``.

        With ``public``, only published renewals count: the public never learns, even through
        a status, of an internal record.

        The first rule that holds wins:

        1. terminated — a termination date has begun;
        2. renewed — a later agreement that renews or replaces it has been signed;
        3. expired — its expiry date has entirely passed;
        4. in force — its entry into force (or, without one, its signature) has begun; an
           agreement signed on an unknown date with no entry into force counts as signed
           before any day asked about;
        5. registered — a registration step is recorded;
        6. signed — its signature has begun (or it is signed on an unknown date);
        7. national review — a national-review step is recorded;
        8. negotiation — otherwise.

        Partial dates count by their bounds: an agreement expiring "2016" is expired only from
        1 January 2017; one entering into force "2014" is in force from 1 January 2014.
        """
        on = on or timezone.localdate()
        steps = AgreementStep.objects.filter(agreement=OuterRef("pk"))
        renewed = Agreement.objects.filter(renews=OuterRef("pk"))
        if public:
            renewed = renewed.published()
        signed = begun_q("signed", on)
        return self.annotate(
            status=Case(
                When(begun_q("terminated", on), then=Value(AgreementStatus.TERMINATED)),
                When(
                    Exists(renewed.filter(begun_q("signed", on))),
                    then=Value(AgreementStatus.RENEWED),
                ),
                When(ended_q("expires", on), then=Value(AgreementStatus.EXPIRED)),
                When(
                    begun_q("in_force_from", on)
                    | (Q(in_force_from__isnull=True) & (signed | Q(signed_date_unknown=True))),
                    then=Value(AgreementStatus.IN_FORCE),
                ),
                When(
                    Exists(steps.filter(step__phase=LifecyclePhase.REGISTRATION)),
                    then=Value(AgreementStatus.REGISTERED),
                ),
                When(signed | Q(signed_date_unknown=True), then=Value(AgreementStatus.SIGNED)),
                When(
                    Exists(steps.filter(step__phase=LifecyclePhase.NATIONAL_REVIEW)),
                    then=Value(AgreementStatus.NATIONAL_REVIEW),
                ),
                default=Value(AgreementStatus.NEGOTIATION),
                output_field=models.CharField(choices=AgreementStatus),
            )
        )

    def in_force(self, on: date | None = None, *, public: bool = False) -> AgreementQuerySet:
        return self.with_status(on, public=public).filter(status=AgreementStatus.IN_FORCE)


class Agreement(RegistryRecord):
    """An agreement of the home government with foreign cities, countries or organizations."""

    department_path = "department"

    kind = models.CharField(_("kind"), max_length=24, choices=AgreementKind)
    title = models.CharField(_("title"), max_length=400)
    title_en = models.CharField(_("title in English"), max_length=400, blank=True)
    description = models.TextField(_("description"), blank=True)
    description_en = models.TextField(_("description in English"), blank=True)
    department = models.ForeignKey(
        "actors.Department",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="agreements",
        verbose_name=_("responsible department"),
    )
    home_signatory = models.ForeignKey(
        "actors.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="agreements_signed",
        verbose_name=_("signed by"),
    )
    home_signatory_post = models.ForeignKey(
        "actors.Post",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="agreements_signed",
        verbose_name=_("signed as"),
        help_text=_("The post of the home-side signatory: Head of Government…"),
    )
    signed = PartialDateField(_("signed"))
    signed_date_unknown = models.BooleanField(
        _("signed, date unknown"),
        default=False,
        help_text=_("The agreement is known to have been signed, but not when."),
    )
    in_force_from = PartialDateField(
        _("in force from"), help_text=_("Leave empty when it took effect on signature.")
    )
    expires = PartialDateField(_("expires"))
    terminated = PartialDateField(_("terminated"))
    renews = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="renewed_by",
        verbose_name=_("renews or replaces"),
    )
    renewal_kind = models.CharField(
        _("relation to the earlier agreement"), max_length=12, choices=RenewalKind, blank=True
    )
    themes = models.ManyToManyField(
        "taxonomy.Theme", blank=True, related_name="agreements", verbose_name=_("themes")
    )
    sdg_targets = models.ManyToManyField(
        "taxonomy.SdgTarget", blank=True, related_name="agreements", verbose_name=_("SDG targets")
    )

    objects = AgreementQuerySet.as_manager()

    class Meta(RegistryRecord.Meta):
        ordering = ["-signed", "title"]
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")
        indexes = [models.Index(fields=["home_government", "kind", "signed"])]
        constraints = [
            *RegistryRecord.Meta.constraints,
            period_constraint("signed", "expires", "agreements_expires_after_signed"),
            period_constraint("signed", "terminated", "agreements_terminated_after_signed"),
            models.CheckConstraint(
                condition=Q(signed__isnull=True) | Q(signed_date_unknown=False),
                name="agreements_signed_date_known_or_not",
                violation_error_message=_(
                    "Either give the date of signature or mark it as unknown, not both."
                ),
            ),
            models.CheckConstraint(
                condition=Q(renews__isnull=True, renewal_kind="")
                | (Q(renews__isnull=False) & ~Q(renewal_kind="")),
                name="agreements_renewal_kind_with_renews",
                violation_error_message=_(
                    "Say whether it renews or replaces the earlier agreement, and which one."
                ),
            ),
        ]

    def __str__(self) -> str:
        title = localized(self, "title")
        return f"{title} ({self.signed.year})" if self.signed else title

    def get_absolute_url(self) -> str:
        return reverse("admin:agreements_agreement_change", args=[self.pk])

    def clean(self) -> None:
        if self.renews_id is None:
            return
        earlier = self.renews
        while earlier is not None:
            if self.pk is not None and earlier.pk == self.pk:
                raise field_error(
                    "renews",
                    _("An agreement cannot renew itself or a later renewal of itself."),
                    "renewal_cycle",
                )
            earlier = earlier.renews
        if self.signed and self.renews.signed and self.signed < self.renews.signed:
            raise field_error(
                "signed",
                _("A renewal cannot be signed before the agreement it renews."),
                "renewal_before_original",
            )


class PartyRole(models.TextChoices):
    COUNTERPART = "counterpart", _("Counterpart")
    CO_SIGNATORY = "co_signatory", _("Co-signatory")
    WITNESS = "witness", _("Witness of honour")


class AgreementParty(TenantChild):
    """A foreign party to an agreement, and who signed for it."""

    tenant_path = "agreement__home_government"

    agreement = models.ForeignKey(
        Agreement, on_delete=models.CASCADE, related_name="parties", verbose_name=_("agreement")
    )
    actor = models.ForeignKey(
        "actors.Actor",
        on_delete=models.PROTECT,
        related_name="agreement_parties",
        verbose_name=_("party"),
    )
    role = models.CharField(
        _("role"), max_length=12, choices=PartyRole, default=PartyRole.COUNTERPART
    )
    signatory = models.ForeignKey(
        "actors.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="agreements_signed_for_party",
        verbose_name=_("signed by"),
    )

    class Meta:
        ordering = ["agreement", "pk"]
        verbose_name = _("party")
        verbose_name_plural = _("parties")
        constraints = [
            models.UniqueConstraint(fields=["agreement", "actor"], name="agreements_party_unique")
        ]

    def __str__(self) -> str:
        return str(self.actor)


class AgreementStep(TenantChild):
    """A lifecycle step an agreement went through, with its date and reference."""

    tenant_path = "agreement__home_government"

    agreement = models.ForeignKey(
        Agreement, on_delete=models.CASCADE, related_name="steps", verbose_name=_("agreement")
    )
    step = models.ForeignKey(
        LifecycleStep, on_delete=models.PROTECT, related_name="+", verbose_name=_("step")
    )
    date = PartialDateField(_("date"))
    reference = models.CharField(
        _("reference"), max_length=100, blank=True, help_text=_("Opinion or registration number.")
    )
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["agreement", "step__order"]
        verbose_name = _("lifecycle step taken")
        verbose_name_plural = _("lifecycle steps taken")
        constraints = [
            models.UniqueConstraint(fields=["agreement", "step"], name="agreements_step_once")
        ]

    def __str__(self) -> str:
        return f"{self.step} {self.date.format() if self.date else ''}".strip()


class CommitmentStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    IN_PROGRESS = "in_progress", _("In progress")
    FULFILLED = "fulfilled", _("Fulfilled")
    CANCELLED = "cancelled", _("Cancelled")


class Commitment(Versioned, TenantChild):
    """Something an agreement commits the home government to, owned by one department."""

    tenant_path = "agreement__home_government"

    agreement = models.ForeignKey(
        Agreement,
        on_delete=models.CASCADE,
        related_name="commitments",
        verbose_name=_("agreement"),
    )
    description = models.TextField(_("commitment"))
    description_en = models.TextField(_("commitment in English"), blank=True)
    department = models.ForeignKey(
        "actors.Department",
        on_delete=models.PROTECT,
        related_name="commitments",
        verbose_name=_("responsible department"),
    )
    due = PartialDateField(_("due"))
    status = models.CharField(
        _("status"), max_length=12, choices=CommitmentStatus, default=CommitmentStatus.PENDING
    )

    class Meta:
        ordering = ["agreement", "due", "pk"]
        verbose_name = _("commitment")
        verbose_name_plural = _("commitments")

    def __str__(self) -> str:
        text = localized(self, "description")
        return text if len(text) <= 80 else f"{text[:79]}…"

    def get_absolute_url(self) -> str:
        return reverse("admin:agreements_commitment_change", args=[self.pk])


class CommitmentFollowUp(TenantChild):
    """A dated note on how a commitment is going."""

    tenant_path = "commitment__agreement__home_government"

    commitment = models.ForeignKey(
        Commitment,
        on_delete=models.CASCADE,
        related_name="follow_ups",
        verbose_name=_("commitment"),
    )
    date = models.DateField(_("date"), default=timezone.localdate)
    note = models.TextField(_("note"))
    status = models.CharField(
        _("status after this"), max_length=12, choices=CommitmentStatus, blank=True
    )

    class Meta:
        ordering = ["commitment", "-date", "-pk"]
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} · {self.commitment}"


class DocumentKind(models.TextChoices):
    SIGNED_TEXT = "signed_text", _("Signed text")
    NATIONAL_OPINION = "national_opinion", _("National review opinion")
    REGISTRATION = "registration", _("Registration certificate")
    REPORT = "report", _("Report")
    OTHER = "other", _("Other")


class DocumentLanguage(models.TextChoices):
    SPANISH = "es", _("Spanish")
    ENGLISH = "en", _("English")
    FRENCH = "fr", _("French")
    PORTUGUESE = "pt", _("Portuguese")
    OTHER = "other", _("Other")


def document_path(document: AgreementDocument, filename: str) -> str:
    return f"agreements/{document.agreement_id}/{filename}"


class AgreementDocument(TenantChild):
    """A file that belongs to an agreement: its signed text, an opinion, a certificate."""

    tenant_path = "agreement__home_government"

    agreement = models.ForeignKey(
        Agreement, on_delete=models.CASCADE, related_name="documents", verbose_name=_("agreement")
    )
    kind = models.CharField(
        _("kind"), max_length=20, choices=DocumentKind, default=DocumentKind.SIGNED_TEXT
    )
    title = models.CharField(_("title"), max_length=300)
    file = models.FileField(
        _("file"),
        upload_to=document_path,
        max_length=300,
        validators=[validate_document],
        help_text=_("PDF, Word, OpenDocument, Excel, PNG or JPEG."),
    )
    language = models.CharField(_("language"), max_length=5, choices=DocumentLanguage, blank=True)
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        ordering = ["agreement", "kind", "title"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")

    def __str__(self) -> str:
        return self.title
