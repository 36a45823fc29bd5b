"""The workspace: liaisons and the coordinating office record, submit, review and follow up.

Every view goes through ``access.workspace_view`` (login and a staff membership) and asks
``ciudadglobal.workflow.permissions`` before showing or changing a record."""

from __future__ import annotations

from datetime import date

from concurrency.exceptions import RecordModifiedError
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ciudadglobal.activities.models import ActivityKind
from ciudadglobal.actors.models import Department
from ciudadglobal.coordination.alerts import alerts_for
from ciudadglobal.coordination.models import CabinetSession, OperatingPlan, Resolution
from ciudadglobal.coordination.plans import plan_execution
from ciudadglobal.coordination.services import resolution_follow_up
from ciudadglobal.core.models import WorkflowState
from ciudadglobal.tenants.models import Role
from ciudadglobal.workflow import selectors
from ciudadglobal.workflow import services as workflow
from ciudadglobal.workflow.permissions import (
    can_change,
    can_publish,
    can_submit,
    visible_records,
)

from . import forms
from .access import (
    RECORD_KINDS,
    department_scope,
    get_record,
    kind_of,
    record_address,
    workspace_view,
)
from .services import record_create


class LoginView(auth_views.LoginView):
    """Template ``workspace/login.html``."""

    template_name = "workspace/login.html"
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    next_page = "workspace:login"


def _as_of(request) -> date:
    try:
        return date.fromisoformat(request.GET.get("on", ""))
    except ValueError:
        return timezone.localdate()


@workspace_view
def dashboard(request):
    """Template ``workspace/dashboard.html``: alerts as of ``?on=`` (default today), unread
    notifications, and how many records wait for review."""
    on = _as_of(request)
    department = department_scope(request)
    return render(
        request,
        "workspace/dashboard.html",
        {
            "on": on,
            "alerts": alerts_for(request.home_government, on, department=department),
            "department": department,
            "notifications": [
                (notification, record_address(notification.transition))
                for notification in selectors.unread_notifications(request.user)[:20]
            ],
            "queue_size": len(selectors.review_queue(request.user, request.home_government)),
        },
    )


@require_POST
@workspace_view
def notifications_read(request):
    """Mark one notification read (``notification``), or all of the user's unread ones; a
    user's notifications are the only ones this can touch."""
    chosen = request.POST.get("notification")
    if chosen is not None and not chosen.isdigit():
        raise Http404
    count = workflow.mark_read(request.user, None if chosen is None else [int(chosen)])
    messages.success(
        request,
        ngettext(
            "%(count)d notification marked read.", "%(count)d notifications marked read.", count
        )
        % {"count": count},
    )
    return redirect("workspace:dashboard")


@workspace_view
def record_list(request):
    """Template ``workspace/record_list.html``: a liaison's department's records, or all of
    the government's for the office, by kind and state."""
    kind = request.GET.get("kind", "activity")
    if kind not in RECORD_KINDS:
        kind = "activity"
    model = RECORD_KINDS[kind]
    records = visible_records(request.user, model.objects.for_government(request.home_government))
    department = department_scope(request)
    if department is not None:
        records = records.filter(**{model.department_path: department})
    state = request.GET.get("state", "")
    if state in WorkflowState.values:
        records = records.filter(state=state)
    page = Paginator(records.order_by("-updated_at", "-pk").distinct(), 50).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "workspace/record_list.html",
        {
            "kind": kind,
            "kinds": [("activity", _("Activities")), ("agreement", _("Agreements"))],
            "states": WorkflowState.choices,
            "state": state,
            "page": page,
            "department": department,
        },
    )


@workspace_view
def review_queue(request):
    """Template ``workspace/review_queue.html``: records submitted and waiting for review."""
    queue = [
        (record, kind_of(record))
        for record in selectors.review_queue(request.user, request.home_government)
    ]
    return render(request, "workspace/review_queue.html", {"queue": queue})


@workspace_view
def record_detail(request, kind, pk):
    """Template ``workspace/record_detail.html``: a record, its history of transitions and
    what the user may do with it."""
    record = get_record(request, kind, pk)
    return render(request, "workspace/record_detail.html", _detail_context(request, kind, record))


def _detail_context(request, kind, record, review_form=None):
    return {
        "kind": kind,
        "record": record,
        "transitions": selectors.transitions_of(record),
        "may_change": can_change(request.user, record),
        "may_submit": can_submit(request.user, record),
        "may_review": can_publish(request.user, record),
        "review_form": review_form or forms.ReviewForm(initial={"version": record.version}),
        "public_url": _public_url(record),
    }


def _public_url(record) -> str | None:
    from ciudadglobal.portal.links import public_url

    if record.state != WorkflowState.PUBLISHED:
        return None
    return public_url(record, record.home_government.slug)


ENTRY_KINDS = {
    "trip": (forms.ActivityEntryForm, ActivityKind.OFFICIAL_TRIP),
    "visit": (forms.ActivityEntryForm, ActivityKind.INCOMING_VISIT),
    "agreement": (forms.AgreementEntryForm, None),
}
ENTRY_TITLES = {
    "trip": gettext_lazy("Record a trip abroad"),
    "visit": gettext_lazy("Record a visit or a distinguished guest"),
    "agreement": gettext_lazy("Record an agreement"),
}


@workspace_view
def record_create_view(request, entry):
    """Template ``workspace/record_form.html``: a quick entry form saved as a draft of the
    user's department, optionally submitted at once."""
    if entry not in ENTRY_KINDS:
        raise Http404
    form_class, activity_kind = ENTRY_KINDS[entry]
    department = _entry_department(request)
    form = form_class(request.POST or None, government=request.home_government)
    if request.method == "POST" and form.is_valid():
        submit = request.POST.get("action") == forms.SAVE_AND_SUBMIT
        try:
            record = record_create(
                form,
                by=request.user,
                government=request.home_government,
                department=department,
                kind=activity_kind,
                submit=submit,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, _("Submitted for review.") if submit else _("Saved as a draft.")
            )
            return redirect("workspace:record-detail", kind=kind_of(record), pk=record.pk)
    return render(
        request,
        "workspace/record_form.html",
        {"form": form, "title": ENTRY_TITLES[entry], "department": department, "creating": True},
    )


def _entry_department(request) -> Department | None:
    department = request.membership.department if request.membership else None
    if department is None and request.GET.get("department"):
        department = (
            Department.objects.for_government(request.home_government)
            .filter(pk=request.GET["department"])
            .first()
        )
    return department


@workspace_view
def record_edit(request, kind, pk):
    """Template ``workspace/record_form.html``: edit a draft or returned record."""
    record = get_record(request, kind, pk)
    if not can_change(request.user, record):
        raise PermissionDenied
    form_class = forms.ActivityEntryForm if kind == "activity" else forms.AgreementEntryForm
    form = form_class(request.POST or None, instance=record, government=request.home_government)
    if request.method == "POST" and form.is_valid():
        form.save()
        if request.POST.get("action") == forms.SAVE_AND_SUBMIT:
            try:
                workflow.submit(record, by=request.user)
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                messages.success(request, _("Submitted for review."))
        else:
            messages.success(request, _("Saved."))
        return redirect("workspace:record-detail", kind=kind, pk=record.pk)
    return render(
        request,
        "workspace/record_form.html",
        {"form": form, "title": str(record), "record": record, "kind": kind},
    )


TRANSITIONS = {
    "submit": (workflow.submit, gettext_lazy("Submitted for review.")),
    "publish": (workflow.publish, gettext_lazy("Published.")),
    "return": (workflow.return_for_changes, gettext_lazy("Returned with your comments.")),
}


@require_POST
@workspace_view
def record_transition(request, kind, pk, action):
    """Submit, publish or return a record (POST only). The revision the user saw travels with
    the form: when someone changed or reviewed the record meanwhile, nothing is done and the
    page says so (status 409)."""
    record = get_record(request, kind, pk)
    if action not in TRANSITIONS:
        raise Http404
    form = forms.ReviewForm(request.POST)
    if not form.is_valid():
        return _refused(request, kind, record, form, form.errors.as_text())
    service, done = TRANSITIONS[action]
    record.version = form.cleaned_data["version"]
    try:
        service(
            record,
            by=request.user,
            comment=form.cleaned_data["comment"],
            url=request.build_absolute_uri(),
        )
    except ValidationError as error:
        record.refresh_from_db()
        return _refused(request, kind, record, form, " ".join(error.messages))
    messages.success(request, done)
    if action == "submit":
        return redirect("workspace:record-detail", kind=kind, pk=pk)
    return redirect("workspace:review-queue")


def _refused(request, kind, record, form, text):
    messages.error(request, text)
    context = _detail_context(request, kind, record, review_form=form)
    return render(request, "workspace/record_detail.html", context, status=409)


@workspace_view
def plan_list(request):
    """Template ``workspace/plan_list.html``: operating plans with their execution."""
    plans = OperatingPlan.objects.for_government(request.home_government).select_related(
        "department"
    )
    department = department_scope(request)
    if department is not None:
        plans = plans.filter(department=department)
    rows = [(plan, plan_execution(plan)) for plan in plans]
    return render(request, "workspace/plan_list.html", {"rows": rows})


@workspace_view
def plan_detail(request, pk):
    """Template ``workspace/plan_detail.html``: a plan's actions and what was carried out."""
    plans = OperatingPlan.objects.for_government(request.home_government)
    department = department_scope(request)
    if department is not None:
        plans = plans.filter(department=department)
    plan = plans.select_related("department").filter(pk=pk).first()
    if plan is None:
        raise Http404
    actions = plan.actions.select_related("theme").prefetch_related("activities")
    return render(
        request,
        "workspace/plan_detail.html",
        {"plan": plan, "actions": actions, "execution": plan_execution(plan)},
    )


@workspace_view
def session_list(request):
    """Template ``workspace/session_list.html``."""
    sessions = CabinetSession.objects.for_government(request.home_government).prefetch_related(
        "resolutions"
    )
    return render(request, "workspace/session_list.html", {"sessions": sessions})


def _may_follow_up(request, resolution: Resolution) -> bool:
    if request.roles & {Role.OFFICE, Role.ADMIN} or request.user.is_superuser:
        return True
    department = department_scope(request)
    return department is not None and department.pk == resolution.department_id


@workspace_view
def session_detail(request, pk):
    """Template ``workspace/session_detail.html``: agenda, resolutions and their follow-up;
    a POST adds a follow-up to one resolution."""
    session = (
        CabinetSession.objects.for_government(request.home_government)
        .prefetch_related("departments", "attendees", "agenda_items")
        .filter(pk=pk)
        .first()
    )
    if session is None:
        raise Http404
    resolutions = list(
        session.resolutions.select_related("department").prefetch_related("follow_ups__author")
    )
    follow_up_forms = {}
    for resolution in resolutions:
        if _may_follow_up(request, resolution):
            data = request.POST if request.POST.get("resolution") == str(resolution.pk) else None
            follow_up_forms[resolution.pk] = forms.FollowUpForm(data, resolution=resolution)
    if request.method == "POST":
        form = follow_up_forms.get(_int(request.POST.get("resolution")))
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            resolution = form.resolution
            resolution.version = form.cleaned_data["version"]
            try:
                resolution_follow_up(
                    resolution,
                    by=request.user,
                    note=form.cleaned_data["note"],
                    status=form.cleaned_data["status"],
                )
            except RecordModifiedError:
                messages.error(
                    request,
                    _(
                        "Someone followed this resolution up while you were writing. "
                        "Your note was not saved: read the latest and try again."
                    ),
                )
            else:
                messages.success(request, _("Follow-up recorded."))
                return redirect("workspace:session-detail", pk=pk)
    rows = [(resolution, follow_up_forms.get(resolution.pk)) for resolution in resolutions]
    return render(
        request, "workspace/session_detail.html", {"session": session, "resolutions": rows}
    )


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


@workspace_view
def guide(request):
    """Template ``workspace/guide/<language>.html``: how to record, submit, review, publish."""
    language = "en" if (get_language() or "").startswith("en") else "es"
    return render(request, f"workspace/guide/{language}.html")


GUIDE_IMAGES = settings.BASE_DIR / "docs" / "guide"


@workspace_view
def guide_image(request, name):
    """A screenshot of the guide, from docs/guide/ (written by tests/browser/test_workspace.py)."""
    path = GUIDE_IMAGES / f"{name}.png"
    if not path.is_file():
        raise Http404
    return FileResponse(path.open("rb"), content_type="image/png")
