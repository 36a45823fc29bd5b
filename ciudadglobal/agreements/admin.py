from django.contrib import admin
from django.db.models import Prefetch
from django.urls import reverse
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _

from ciudadglobal.core.admin import (
    PROVENANCE_FIELDSET,
    REGISTRY_READONLY,
    RELATED,
    StackedInline,
    TabularInline,
    TenantAdmin,
    country_filter,
    localized_column,
    partial_date_display,
    region_filter,
    year_filter,
)

from .models import (
    Agreement,
    AgreementDocument,
    AgreementParty,
    AgreementStatus,
    AgreementStep,
    Commitment,
    CommitmentFollowUp,
    LifecycleStep,
)
from .selectors import agreement_chain


class PartyInline(TabularInline):
    model = AgreementParty
    fields = ("actor", "role", "signatory")
    autocomplete_fields = ("actor", "signatory")
    min_num = 0


class StepInline(TabularInline):
    model = AgreementStep
    fields = ("step", "date", "reference", "note")


class CommitmentInline(StackedInline):
    model = Commitment
    fields = (("department", "due", "status"), "description", "description_en", "version")
    autocomplete_fields = ("department",)
    show_change_link = True


class DocumentInline(TabularInline):
    model = AgreementDocument
    fields = ("kind", "title", "file", "language")


class StatusFilter(admin.SimpleListFilter):
    title = _("status")
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return AgreementStatus.choices

    def queryset(self, request, queryset):
        if self.value() in AgreementStatus.values:
            return queryset.filter(status=self.value())
        return queryset


@admin.register(Agreement)
class AgreementAdmin(TenantAdmin):
    title_localized = localized_column("title", _("title"))
    list_display = (
        "title_localized",
        "kind",
        "partners",
        "signed_display",
        "status_display",
        "department",
    )
    list_filter = (
        "kind",
        StatusFilter,
        region_filter("parties__actor__country"),
        country_filter("parties__actor__country"),
        ("themes", RELATED),
        year_filter("signed", _("year signed")),
        ("department", RELATED),
        "visibility",
    )
    search_fields = ("title", "title_en", "parties__actor__name", "parties__actor__name_en")
    autocomplete_fields = (
        "department",
        "home_signatory",
        "home_signatory_post",
        "renews",
        "themes",
        "sdg_targets",
        "source",
    )
    readonly_fields = ("status_display", "chain_display", *REGISTRY_READONLY)
    inlines = [PartyInline, StepInline, CommitmentInline, DocumentInline]
    fieldsets = (
        (None, {"fields": ("kind", "title", "title_en", "department", "status_display")}),
        (
            _("Signature and validity"),
            {
                "fields": (
                    ("home_signatory", "home_signatory_post"),
                    ("signed", "signed_date_unknown", "in_force_from"),
                    ("expires", "terminated"),
                    ("renews", "renewal_kind"),
                    "chain_display",
                )
            },
        ),
        (_("Themes"), {"fields": ("themes", "sdg_targets")}),
        (_("Description"), {"fields": ("description", "description_en")}),
        PROVENANCE_FIELDSET,
    )
    signed_display = partial_date_display("signed", _("signed"))

    def get_queryset(self, request):
        parties = AgreementParty.objects.select_related("actor")
        return (
            super()
            .get_queryset(request)
            .with_status()
            .select_related("department")
            .prefetch_related(Prefetch("parties", queryset=parties))
        )

    @admin.display(description=_("parties"))
    def partners(self, obj) -> str:
        return ", ".join(str(party.actor) for party in obj.parties.all()) or "—"

    @admin.display(description=_("renewal chain"))
    def chain_display(self, obj) -> str:
        chain = agreement_chain(obj) if obj and obj.pk else []
        if len(chain) < 2:
            return "—"
        return format_html_join(
            " → ",
            '<a href="{}">{}</a>',
            ((reverse("admin:agreements_agreement_change", args=[a.pk]), a) for a in chain),
        )

    @admin.display(description=_("status"), ordering="status")
    def status_display(self, obj) -> str:
        status = getattr(obj, "status", None)
        return AgreementStatus(status).label if status else "—"


class FollowUpInline(TabularInline):
    model = CommitmentFollowUp
    fields = ("date", "note", "status")


@admin.register(Commitment)
class CommitmentAdmin(TenantAdmin):
    list_display = ("__str__", "agreement", "department", "due_display", "status")
    list_select_related = ("agreement", "department")
    list_filter = ("status", ("department", RELATED), year_filter("due", _("year due")))
    search_fields = ("description", "description_en", "agreement__title")
    autocomplete_fields = ("agreement", "department")
    readonly_fields = REGISTRY_READONLY
    inlines = [FollowUpInline]
    fields = (
        "agreement",
        "description",
        "description_en",
        ("department", "due", "status"),
        "revision",
        "version",
    )
    due_display = partial_date_display("due", _("due"))


@admin.register(LifecycleStep)
class LifecycleStepAdmin(TenantAdmin):
    list_display = ("name", "phase", "authority", "order")
    search_fields = ("name", "name_en", "authority")
    readonly_fields = REGISTRY_READONLY
    fields = ("phase", "name", "name_en", "authority", "order", "revision", "version")
