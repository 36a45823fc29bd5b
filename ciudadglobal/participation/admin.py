"""Staff side of participation: consultations and their questions, moderation queues for
comments and open answers, the council and its recommendations' follow-up, and the review of
organizations' registrations. Every admin is scoped to the staff member's home government;
moderation, review and follow-up also ask ``rules`` for the person's role."""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from ciudadglobal.core.admin import (
    PROVENANCE_FIELDSET,
    REGISTRY_READONLY,
    ReadOnlyTabularInline,
    StackedInline,
    TabularInline,
    TenantAdmin,
    TenantScoped,
    localized_column,
)

from . import services
from .models import (
    ActorLink,
    ActorRegistration,
    Answer,
    Borough,
    Comment,
    CommentableDocument,
    Consultation,
    CouncilMember,
    CouncilSession,
    DeclaredLink,
    Moderation,
    Option,
    Question,
    QuestionKind,
    Recommendation,
    RecommendationUpdate,
    RegistrationStatus,
)
from .rules import can_follow_up, can_moderate


class ScopedAdmin(TenantScoped, admin.ModelAdmin):
    """For the app's rows that keep no history (boroughs, registrations)."""

    def get_queryset(self, request):
        return super().get_queryset(request).for_government(request.home_government)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.home_government = request.home_government
        super().save_model(request, obj, form, change)


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


@admin.register(Borough)
class BoroughAdmin(ScopedAdmin):
    list_display = ("name", "position")
    search_fields = ("name",)


class QuestionInline(TabularInline):
    model = Question
    fields = ("position", "kind", "text", "text_en", "required")
    show_change_link = True


@admin.register(Consultation)
class ConsultationAdmin(TenantAdmin):
    list_display = ("title_localized", "opens", "closes", "results_mode", "visibility", "responses")
    list_filter = ("results_mode", "visibility")
    search_fields = ("title", "title_en", "purpose")
    readonly_fields = REGISTRY_READONLY
    prepopulated_fields = {"slug": ("title",)}
    filter_horizontal = ("published_facts",)
    inlines = [QuestionInline]
    fieldsets = (
        (None, {"fields": ("title", "title_en", "slug", "purpose", "purpose_en")}),
        (
            _("Period and results"),
            {
                "fields": (
                    ("opens", "closes"),
                    "results_mode",
                    "ask_demographics",
                    "published_facts",
                )
            },
        ),
        PROVENANCE_FIELDSET,
    )
    title_localized = localized_column("title", _("title"))

    def get_queryset(self, request):
        confirmed = Count("responses", filter=Q(responses__confirmed_at__isnull=False))
        return super().get_queryset(request).annotate(confirmed_responses=confirmed)

    @admin.display(description=_("confirmed responses"), ordering="confirmed_responses")
    def responses(self, obj) -> int:
        return obj.confirmed_responses


class OptionInline(TabularInline):
    model = Option
    fields = ("position", "label", "label_en")


@admin.register(Question)
class QuestionAdmin(TenantAdmin):
    list_display = ("text", "consultation", "position", "kind", "required")
    list_filter = ("kind",)
    search_fields = ("text", "text_en")
    autocomplete_fields = ("consultation",)
    filter_horizontal = ("published_figures",)
    inlines = [OptionInline]


@admin.register(Answer)
class OpenAnswerAdmin(TenantAdmin):
    """The moderation queue of open answers: only approved ones are ever public."""

    list_display = ("text", "question", "moderation")
    list_filter = ("moderation",)
    search_fields = ("text",)
    fields = ("question", "text", "moderation")
    readonly_fields = ("question", "text", "moderation")
    actions = ["approve", "reject"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .filter(question__kind=QuestionKind.TEXT, response__confirmed_at__isnull=False)
            .select_related("question")
        )

    def has_add_permission(self, request, *args):
        return False

    def _moderate(self, request, queryset, approve: bool) -> None:
        _require(can_moderate(request.user, request.home_government))
        for answer in queryset:
            services.answer_moderate(answer=answer, approve=approve)
        self.message_user(request, _("%(count)s answers moderated.") % {"count": len(queryset)})

    @admin.action(description=_("Approve: show publicly"), permissions=["change"])
    def approve(self, request, queryset):
        self._moderate(request, queryset, True)

    @admin.action(description=_("Reject: never show"), permissions=["change"])
    def reject(self, request, queryset):
        self._moderate(request, queryset, False)


class CommentInline(ReadOnlyTabularInline):
    model = Comment
    fields = ("submitted_at", "author_name", "text", "moderation")
    show_change_link = True


@admin.register(CommentableDocument)
class CommentableDocumentAdmin(TenantAdmin):
    list_display = ("title_localized", "comments_open", "visibility", "approved", "pending")
    list_filter = ("comments_open", "visibility")
    search_fields = ("title", "title_en", "summary")
    readonly_fields = REGISTRY_READONLY
    prepopulated_fields = {"slug": ("title",)}
    inlines = [CommentInline]
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "title",
                    "title_en",
                    "slug",
                    "summary",
                    "summary_en",
                    "file",
                    "url",
                    "comments_open",
                )
            },
        ),
        PROVENANCE_FIELDSET,
    )
    title_localized = localized_column("title", _("title"))

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                approved_count=Count(
                    "comments", filter=Q(comments__moderation=Moderation.APPROVED)
                ),
                pending_count=Count("comments", filter=Q(comments__moderation=Moderation.PENDING)),
            )
        )

    @admin.display(description=_("approved comments"), ordering="approved_count")
    def approved(self, obj) -> int:
        return obj.approved_count

    @admin.display(description=_("awaiting moderation"), ordering="pending_count")
    def pending(self, obj) -> int:
        return obj.pending_count


@admin.register(Comment)
class CommentAdmin(TenantAdmin):
    """The moderation queue of comments; a reply is shown publicly under an approved comment."""

    list_display = ("text", "document", "author_name", "submitted_at", "moderation", "replied")
    list_filter = ("moderation", "document")
    search_fields = ("text", "author_name")
    fields = (
        "document",
        "author_name",
        "text",
        "submitted_at",
        "moderation",
        "moderated_by",
        "reply",
    )
    readonly_fields = (
        "document",
        "author_name",
        "text",
        "submitted_at",
        "moderation",
        "moderated_by",
    )
    actions = ["approve", "reject"]

    def has_add_permission(self, request, *args):
        return False

    @admin.display(description=_("replied"), boolean=True)
    def replied(self, obj) -> bool:
        return bool(obj.reply)

    def save_model(self, request, obj, form, change):
        _require(can_moderate(request.user, request.home_government))
        services.comment_reply(comment=obj, reply=obj.reply, by=request.user)

    def _moderate(self, request, queryset, approve: bool) -> None:
        _require(can_moderate(request.user, request.home_government))
        for comment in queryset:
            services.comment_moderate(comment=comment, approve=approve, by=request.user)
        self.message_user(
            request,
            ngettext("%(count)s comment moderated.", "%(count)s comments moderated.", len(queryset))
            % {"count": len(queryset)},
        )

    @admin.action(description=_("Approve: show publicly"), permissions=["change"])
    def approve(self, request, queryset):
        self._moderate(request, queryset, True)

    @admin.action(description=_("Reject: never show"), permissions=["change"])
    def reject(self, request, queryset):
        self._moderate(request, queryset, False)


@admin.register(CouncilMember)
class CouncilMemberAdmin(TenantAdmin):
    list_display = ("name", "sector", "organization", "since", "until", "visibility")
    list_filter = ("sector", "visibility")
    search_fields = ("name", "organization")
    readonly_fields = REGISTRY_READONLY
    fieldsets = (
        (None, {"fields": ("name", "sector", "organization", ("since", "until"), "user")}),
        (
            _("Inclusion (optional, self-declared, published only as totals)"),
            {"fields": ("is_woman", "is_young", "is_indigenous", "has_disability")},
        ),
        PROVENANCE_FIELDSET,
    )


@admin.register(CouncilSession)
class CouncilSessionAdmin(TenantAdmin):
    list_display = ("date", "title_localized", "visibility")
    search_fields = ("title", "minutes")
    readonly_fields = REGISTRY_READONLY
    filter_horizontal = ("attendees",)
    fieldsets = (
        (None, {"fields": ("date", "title", "title_en", "minutes", "minutes_en", "attendees")}),
        PROVENANCE_FIELDSET,
    )
    title_localized = localized_column("title", _("title"))


class UpdateInline(StackedInline):
    """The follow-up timeline: past steps are kept as they were; a new step moves the status."""

    model = RecommendationUpdate
    fields = ("date", "status", "note", "note_en", "by")
    readonly_fields = ("by",)
    can_delete = False
    extra = 1
    max_num = None

    def has_change_permission(self, request, obj=None):
        return False if obj is not None and obj.pk else super().has_change_permission(request, obj)

    def has_add_permission(self, request, obj=None):
        return can_follow_up(request.user, request.home_government) and super().has_add_permission(
            request, obj
        )


@admin.register(Recommendation)
class RecommendationAdmin(TenantAdmin):
    list_display = ("title_localized", "session", "addressed_to", "status", "visibility")
    list_filter = ("status", "visibility")
    search_fields = ("title", "text")
    readonly_fields = (*REGISTRY_READONLY, "status")
    autocomplete_fields = ("addressed_to",)
    inlines = [UpdateInline]
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "session",
                    "title",
                    "title_en",
                    "text",
                    "text_en",
                    "addressed_to",
                    "status",
                )
            },
        ),
        PROVENANCE_FIELDSET,
    )
    title_localized = localized_column("title", _("title"))

    def save_formset(self, request, form, formset, change):
        """New follow-up steps go through ``services.recommendation_follow_up``."""
        if formset.model is not RecommendationUpdate:
            return super().save_formset(request, form, formset, change)
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        for inline_form in formset.extra_forms:
            if not inline_form.has_changed():
                continue
            data = inline_form.cleaned_data
            try:
                update = services.recommendation_follow_up(
                    recommendation=form.instance,
                    status=data["status"],
                    note=data["note"],
                    note_en=data.get("note_en", ""),
                    date=data.get("date"),
                    by=request.user,
                )
            except ValidationError as error:
                self.message_user(request, " ".join(error.messages), messages.ERROR)
            else:
                formset.new_objects.append(update)
        return formset.new_objects


@admin.register(ActorLink)
class ActorLinkAdmin(TenantAdmin):
    list_display = ("actor", "partner", "country", "visibility")
    search_fields = ("actor__name", "partner")
    autocomplete_fields = ("actor",)
    readonly_fields = REGISTRY_READONLY
    fieldsets = (
        (None, {"fields": ("actor", "partner", "country", "description")}),
        PROVENANCE_FIELDSET,
    )


class DeclaredLinkInline(ReadOnlyTabularInline):
    model = DeclaredLink
    fields = ("partner", "country", "description")


@admin.register(ActorRegistration)
class ActorRegistrationAdmin(ScopedAdmin):
    """The review queue of organizations' self-registrations."""

    list_display = ("name", "kind", "contact_name", "submitted_at", "status")
    list_filter = ("status", "kind")
    search_fields = ("name", "contact_name")
    readonly_fields = (
        "kind",
        "name",
        "website",
        "description",
        "contact_name",
        "contact_email",
        "status",
        "submitted_at",
        "confirmed_at",
        "reviewed_at",
        "reviewed_by",
        "actor",
    )
    fields = readonly_fields
    inlines = [DeclaredLinkInline]
    actions = ["approve", "reject"]

    def has_add_permission(self, request, *args):
        return False

    @admin.action(description=_("Approve: add to the public registry"), permissions=["change"])
    def approve(self, request, queryset):
        _require(can_moderate(request.user, request.home_government))
        done = 0
        for registration in queryset:
            try:
                services.registration_approve(registration=registration, by=request.user)
                done += 1
            except ValidationError as error:
                self.message_user(
                    request, f"{registration}: {' '.join(error.messages)}", messages.ERROR
                )
        if done:
            self.message_user(
                request, _("%(count)s organizations added to the registry.") % {"count": done}
            )

    @admin.action(description=_("Reject"), permissions=["change"])
    def reject(self, request, queryset):
        _require(can_moderate(request.user, request.home_government))
        for registration in queryset.exclude(status=RegistrationStatus.APPROVED):
            services.registration_reject(registration=registration, by=request.user)
