"""Decentralized cooperation projects, their participants and their funding, with what IATI
2.03 needs to publish them (budgets, transactions, sectors, SDG tags, related activities).

Dates. IATI has four activity dates, each a full day; the registry keeps partial dates and never
invents a day. ``start`` and ``end`` are what happened (IATI's *actual* start and end, types 2 and
4); ``planned_start`` and ``planned_end`` hold a plan when one is known (types 1 and 3). A day
from IATI is stored as a day; how a year or a month is written back to IATI is described in
``ciudadglobal.projects.iati.exporter``.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ciudadglobal.core.currencies import CurrencyField
from ciudadglobal.core.models import RegistryRecord, TenantChild, localized
from ciudadglobal.core.partialdates import PartialDateField, period_constraint
from ciudadglobal.core.validators import field_error


class ProjectStatus(models.TextChoices):
    """IATI ActivityStatus codes 1–6."""

    PIPELINE = "1", _("Pipeline or identification")
    IMPLEMENTATION = "2", _("Implementation")
    FINALISATION = "3", _("Finalisation")
    CLOSED = "4", _("Closed")
    CANCELLED = "5", _("Cancelled")
    SUSPENDED = "6", _("Suspended")


class OrganisationRole(models.TextChoices):
    """IATI OrganisationRole codes 1–4."""

    FUNDING = "1", _("Funding")
    ACCOUNTABLE = "2", _("Accountable")
    EXTENDING = "3", _("Extending")
    IMPLEMENTING = "4", _("Implementing")


class OrganisationType(models.TextChoices):
    """IATI OrganisationType codes."""

    GOVERNMENT = "10", _("Government")
    LOCAL_GOVERNMENT = "11", _("Local government")
    OTHER_PUBLIC_SECTOR = "15", _("Other public sector")
    INTERNATIONAL_NGO = "21", _("International NGO")
    NATIONAL_NGO = "22", _("National NGO")
    REGIONAL_NGO = "23", _("Regional NGO")
    PARTNER_COUNTRY_NGO = "24", _("Partner-country-based NGO")
    PUBLIC_PRIVATE_PARTNERSHIP = "30", _("Public-private partnership")
    MULTILATERAL = "40", _("Multilateral")
    FOUNDATION = "60", _("Foundation")
    PRIVATE_SECTOR = "70", _("Private sector")
    PRIVATE_SECTOR_PROVIDER = "71", _("Private sector in provider country")
    PRIVATE_SECTOR_RECIPIENT = "72", _("Private sector in aid recipient country")
    PRIVATE_SECTOR_THIRD = "73", _("Private sector in third country")
    ACADEMIC = "80", _("Academic, training and research")
    OTHER = "90", _("Other")


class TransactionType(models.TextChoices):
    """IATI TransactionType codes 1–13."""

    INCOMING_FUNDS = "1", _("Incoming funds")
    OUTGOING_COMMITMENT = "2", _("Outgoing commitment")
    DISBURSEMENT = "3", _("Disbursement")
    EXPENDITURE = "4", _("Expenditure")
    INTEREST_PAYMENT = "5", _("Interest payment")
    LOAN_REPAYMENT = "6", _("Loan repayment")
    REIMBURSEMENT = "7", _("Reimbursement")
    PURCHASE_OF_EQUITY = "8", _("Purchase of equity")
    SALE_OF_EQUITY = "9", _("Sale of equity")
    CREDIT_GUARANTEE = "10", _("Credit guarantee")
    INCOMING_COMMITMENT = "11", _("Incoming commitment")
    OUTGOING_PLEDGE = "12", _("Outgoing pledge")
    INCOMING_PLEDGE = "13", _("Incoming pledge")


class BudgetType(models.TextChoices):
    """IATI BudgetType codes."""

    ORIGINAL = "1", _("Original")
    REVISED = "2", _("Revised")


class BudgetStatus(models.TextChoices):
    """IATI BudgetStatus codes."""

    INDICATIVE = "1", _("Indicative")
    COMMITTED = "2", _("Committed")


class SectorVocabulary(models.TextChoices):
    """IATI SectorVocabulary codes."""

    DAC = "1", _("OECD DAC CRS purpose codes (5 digits)")
    DAC_3 = "2", _("OECD DAC CRS purpose codes (3 digits)")
    COFOG = "3", _("Classification of the Functions of Government (UN)")
    NACE = "4", _("Statistical classification of economic activities in the European Community")
    NTEE = "5", _("National Taxonomy for Exempt Entities (USA)")
    AIDDATA = "6", _("AidData")
    SDG_GOAL = "7", _("SDG goal")
    SDG_TARGET = "8", _("SDG target")
    SDG_INDICATOR = "9", _("SDG indicator")
    HUMANITARIAN_CLUSTERS = "10", _("Humanitarian global clusters (IASC)")
    NAICS = "11", _("North American Industry Classification System (NAICS)")
    UN_SYSTEM_FUNCTION = "12", _("UN system function")
    REPORTING_ORGANISATION = "99", _("Reporting organization")
    REPORTING_ORGANISATION_2 = "98", _("Reporting organization 2")


class RelatedActivityType(models.TextChoices):
    """IATI RelatedActivityType codes."""

    PARENT = "1", _("Parent")
    CHILD = "2", _("Child")
    SIBLING = "3", _("Sibling")
    CO_FUNDED = "4", _("Co-funded")
    THIRD_PARTY = "5", _("Third party")


def _money(verbose_name) -> models.DecimalField:
    return models.DecimalField(verbose_name, max_digits=16, decimal_places=2)


class Project(RegistryRecord):
    """A cooperation project with foreign counterparts and funders."""

    department_path = "departments"

    title = models.CharField(_("title"), max_length=400)
    title_en = models.CharField(_("title in English"), max_length=400, blank=True)
    description = models.TextField(_("description"), blank=True)
    description_en = models.TextField(_("description in English"), blank=True)
    status = models.CharField(
        _("status"), max_length=1, choices=ProjectStatus, default=ProjectStatus.IMPLEMENTATION
    )
    start = PartialDateField(
        _("start"), help_text=_("When it started; a date still ahead is published as planned.")
    )
    end = PartialDateField(
        _("end"), help_text=_("When it ended; a date still ahead is published as planned.")
    )
    planned_start = PartialDateField(
        _("planned start"), help_text=_("Only when the plan differs from what happened.")
    )
    planned_end = PartialDateField(
        _("planned end"), help_text=_("Only when the plan differs from what happened.")
    )
    places = models.ManyToManyField(
        "places.Place", blank=True, related_name="projects", verbose_name=_("places")
    )
    departments = models.ManyToManyField(
        "actors.Department", blank=True, related_name="projects", verbose_name=_("departments")
    )
    themes = models.ManyToManyField(
        "taxonomy.Theme", blank=True, related_name="projects", verbose_name=_("themes")
    )
    sdg_targets = models.ManyToManyField(
        "taxonomy.SdgTarget", blank=True, related_name="projects", verbose_name=_("SDG targets")
    )
    sdg_goals = models.ManyToManyField(
        "taxonomy.SdgGoal",
        blank=True,
        related_name="projects",
        verbose_name=_("SDGs"),
        help_text=_("Goals the project contributes to as a whole; targets are listed apart."),
    )
    agreements = models.ManyToManyField(
        "agreements.Agreement", blank=True, related_name="projects", verbose_name=_("agreements")
    )
    results = models.TextField(_("results"), blank=True)
    iati_identifier = models.CharField(
        _("IATI identifier"), max_length=150, blank=True, help_text=_("When published to IATI.")
    )
    reporting_org = models.ForeignKey(
        "actors.Actor",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reported_projects",
        verbose_name=_("reporting organization"),
        help_text=_("Who publishes the project to IATI; empty: the home government itself."),
    )
    reporting_org_ref = models.CharField(
        _("reporting organization identifier"),
        max_length=100,
        blank=True,
        help_text=_(
            "The publisher's IATI organization identifier, e.g. XM-DAC-41114. Empty: the one "
            "given when exporting."
        ),
    )

    class Meta(RegistryRecord.Meta):
        ordering = ["-start", "title"]
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        constraints = [
            *RegistryRecord.Meta.constraints,
            period_constraint("start", "end", "projects_project_period"),
            period_constraint("planned_start", "planned_end", "projects_project_planned_period"),
            models.UniqueConstraint(
                fields=["home_government", "iati_identifier"],
                condition=~Q(iati_identifier=""),
                name="projects_project_unique_iati_identifier",
                violation_error_message=_("Another project already has this IATI identifier."),
            ),
        ]

    def __str__(self) -> str:
        return localized(self, "title")

    def get_absolute_url(self) -> str:
        return reverse("admin:projects_project_change", args=[self.pk])


class ProjectParticipant(TenantChild):
    """An organization taking part in a project, in an IATI role."""

    tenant_path = "project__home_government"

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="participants", verbose_name=_("project")
    )
    actor = models.ForeignKey(
        "actors.Actor",
        on_delete=models.PROTECT,
        related_name="project_participations",
        verbose_name=_("organization"),
    )
    role = models.CharField(
        _("role"), max_length=1, choices=OrganisationRole, default=OrganisationRole.IMPLEMENTING
    )
    ref = models.CharField(
        _("IATI identifier"),
        max_length=100,
        blank=True,
        help_text=_("The organization's IATI identifier as published, e.g. XM-DAC-41114."),
    )
    organisation_type = models.CharField(
        _("IATI type"),
        max_length=2,
        choices=OrganisationType,
        blank=True,
        help_text=_("Empty: derived from the kind of organization."),
    )

    class Meta:
        ordering = ["project", "role", "pk"]
        verbose_name = _("participating organization")
        verbose_name_plural = _("participating organizations")
        constraints = [
            models.UniqueConstraint(
                fields=["project", "actor", "role"], name="projects_participant_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.actor} ({self.get_role_display()})"


class Funding(TenantChild):
    """Money a funder commits to a project, in its own currency."""

    tenant_path = "project__home_government"

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="fundings", verbose_name=_("project")
    )
    funder = models.ForeignKey(
        "actors.Actor",
        on_delete=models.PROTECT,
        related_name="fundings",
        verbose_name=_("funder"),
    )
    amount = models.DecimalField(_("amount"), max_digits=16, decimal_places=2)
    currency = CurrencyField(_("currency"), blank=False)
    date = PartialDateField(_("date"))
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        ordering = ["project", "date", "pk"]
        verbose_name = _("funding")
        verbose_name_plural = _("funding")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount__gte=0), name="projects_funding_not_negative"
            )
        ]

    def __str__(self) -> str:
        return f"{self.funder}: {self.amount} {self.currency}"


class ProjectSector(TenantChild):
    """A sector of a project in one IATI sector vocabulary, usually a DAC 5-digit purpose code.

    Within a vocabulary, the percentages of a project's sectors add up to 100 when there are
    several; a single sector may leave it empty (all of the project)."""

    tenant_path = "project__home_government"

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="sectors", verbose_name=_("project")
    )
    vocabulary = models.CharField(
        _("vocabulary"), max_length=2, choices=SectorVocabulary, default=SectorVocabulary.DAC
    )
    code = models.CharField(
        _("code"), max_length=20, help_text=_("A DAC 5-digit purpose code, e.g. 15112.")
    )
    name = models.CharField(
        _("name"),
        max_length=300,
        blank=True,
        help_text=_("Needed for the reporting organization's own vocabularies (98, 99)."),
    )
    percentage = models.DecimalField(
        _("percentage"), max_digits=5, decimal_places=2, null=True, blank=True
    )

    class Meta:
        ordering = ["project", "vocabulary", "-percentage", "code"]
        verbose_name = _("sector")
        verbose_name_plural = _("sectors")
        constraints = [
            models.UniqueConstraint(
                fields=["project", "vocabulary", "code"], name="projects_sector_unique"
            ),
            models.CheckConstraint(
                condition=Q(percentage__isnull=True) | Q(percentage__gte=0, percentage__lte=100),
                name="projects_sector_percentage_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.display_name}".strip()

    @property
    def display_name(self) -> str:
        """The name as published, else the codelist's (English: IATI has no Spanish names)."""
        if self.name:
            return self.name
        from .iati.codelists import sector_name  # here: the iati package imports this module

        return sector_name(self.vocabulary, self.code)

    def clean(self) -> None:
        from .iati.codelists import sector_name  # here: the iati package imports this module

        checked = (SectorVocabulary.DAC, SectorVocabulary.DAC_3)
        if self.vocabulary in checked and self.code and not sector_name(self.vocabulary, self.code):
            raise field_error(
                "code",
                _("%(code)s is not in the IATI list of %(vocabulary)s.")
                % {"code": self.code, "vocabulary": self.get_vocabulary_display()},
                "sector_code",
            )
        own = (SectorVocabulary.REPORTING_ORGANISATION, SectorVocabulary.REPORTING_ORGANISATION_2)
        if self.vocabulary in own and not self.name:
            raise field_error(
                "name", _("Name a sector of the organization's own vocabulary."), "sector_name"
            )


class ProjectBudget(TenantChild):
    """The money planned for a project over one period (IATI ``budget``)."""

    tenant_path = "project__home_government"

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="budgets", verbose_name=_("project")
    )
    budget_type = models.CharField(
        _("type"), max_length=1, choices=BudgetType, default=BudgetType.ORIGINAL
    )
    status = models.CharField(
        _("status"), max_length=1, choices=BudgetStatus, default=BudgetStatus.INDICATIVE
    )
    period_start = PartialDateField(_("period start"), null=False, blank=False)
    period_end = PartialDateField(_("period end"), null=False, blank=False)
    value = _money(_("value"))
    currency = CurrencyField(_("currency"), blank=False)

    class Meta:
        ordering = ["project", "period_start", "budget_type", "pk"]
        verbose_name = _("budget")
        verbose_name_plural = _("budgets")
        constraints = [
            period_constraint("period_start", "period_end", "projects_budget_period"),
            models.CheckConstraint(condition=Q(value__gte=0), name="projects_budget_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.period_start}–{self.period_end}: {self.value} {self.currency}"


class ProjectTransaction(TenantChild):
    """Money that moved (or was committed) for a project (IATI ``transaction``).

    Each side is an organization of the registry or, when it is not one, a name as published.
    Values may be negative: IATI reports corrections and reimbursements that way."""

    tenant_path = "project__home_government"

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="transactions", verbose_name=_("project")
    )
    ref = models.CharField(
        _("reference"), max_length=100, blank=True, help_text=_("The publisher's own reference.")
    )
    transaction_type = models.CharField(_("type"), max_length=2, choices=TransactionType)
    date = PartialDateField(_("date"), null=False, blank=False)
    value = _money(_("value"))
    currency = CurrencyField(_("currency"), blank=False)
    provider_org = models.ForeignKey(
        "actors.Actor",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="provided_transactions",
        verbose_name=_("provider"),
    )
    provider_org_name = models.CharField(
        _("provider not in the registry"), max_length=300, blank=True
    )
    receiver_org = models.ForeignKey(
        "actors.Actor",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="received_transactions",
        verbose_name=_("receiver"),
    )
    receiver_org_name = models.CharField(
        _("receiver not in the registry"), max_length=300, blank=True
    )
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["project", "date", "pk"]
        verbose_name = _("transaction")
        verbose_name_plural = _("transactions")
        constraints = [
            models.CheckConstraint(
                condition=Q(provider_org__isnull=True) | Q(provider_org_name=""),
                name="projects_transaction_one_provider",
                violation_error_message=_("Choose the provider or type its name, not both."),
            ),
            models.CheckConstraint(
                condition=Q(receiver_org__isnull=True) | Q(receiver_org_name=""),
                name="projects_transaction_one_receiver",
                violation_error_message=_("Choose the receiver or type its name, not both."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_transaction_type_display()} {self.date}: {self.value} {self.currency}"


class RelatedActivity(TenantChild):
    """Another IATI activity this project is linked to (its parent, a child, a co-funder…)."""

    tenant_path = "project__home_government"

    project = models.ForeignKey(
        Project,
        on_delete=models.CASCADE,
        related_name="related_activities",
        verbose_name=_("project"),
    )
    identifier = models.CharField(_("IATI identifier"), max_length=150)
    relation = models.CharField(_("relation"), max_length=1, choices=RelatedActivityType)

    class Meta:
        ordering = ["project", "relation", "identifier"]
        verbose_name = _("related IATI activity")
        verbose_name_plural = _("related IATI activities")
        constraints = [
            models.UniqueConstraint(
                fields=["project", "identifier", "relation"], name="projects_related_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_relation_display()}: {self.identifier}"
