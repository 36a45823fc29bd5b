"""Back-office pages of bulk import: upload, preview, confirm, follow progress, templates.

Every view needs a logged-in user working for a home government with the right to add and
change the records imported (``rules.can_import``); jobs are reached only by their uploader.
"""

from __future__ import annotations

from django.contrib import admin, messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from . import selectors, services
from .blanks import template_csv, template_xlsx
from .entities import ENTITIES
from .forms import UploadForm
from .models import JobStatus
from .rows import CREATE, UNCHANGED, UPDATE
from .rules import can_import, importable_entities

#: Rows listed per action in the preview; the counts are always complete.
PREVIEW_LIMIT = 500

login = login_required(login_url="admin:login")


def _context(request, **context) -> dict:
    return {**admin.site.each_context(request), **context}


@login
def job_list(request):
    """Upload form, templates and recent imports. Template: imports/importjob_list.html."""
    government = request.home_government
    entities = importable_entities(request.user, government)
    if not entities:
        raise PermissionDenied
    form = UploadForm(request.POST or None, request.FILES or None, entities=entities)
    if request.method == "POST" and form.is_valid():
        try:
            job = services.job_create(
                user=request.user,
                government=government,
                entity=form.cleaned_data["entity"],
                upload=form.cleaned_data["file"],
                language=get_language(),
            )
        except ValidationError as error:
            form.add_error("file", error)
        else:
            return redirect(job)
    jobs = selectors.jobs_of(request.user, government)[:20]
    templates = [(name, ENTITIES[name].verbose_name_plural) for name in entities]
    return render(
        request,
        "imports/importjob_list.html",
        _context(request, title=_("Import records"), form=form, jobs=jobs, templates=templates),
    )


@login
@require_GET
def job_detail(request, pk):
    """Progress, preview or result of one job. Template: imports/importjob_detail.html."""
    job = selectors.job_for(request.user, request.home_government, pk)
    rows = {CREATE: [], UPDATE: [], UNCHANGED: []}
    for row in job.preview:
        rows[row["action"]].append(row)
    entity = ENTITIES[job.entity]
    return render(
        request,
        "imports/importjob_detail.html",
        _context(
            request,
            title=_("Import of %(file)s") % {"file": job.original_name},
            job=job,
            entity=entity,
            progress=selectors.job_progress(job),
            to_create=rows[CREATE][:PREVIEW_LIMIT],
            to_update=rows[UPDATE][:PREVIEW_LIMIT],
            unchanged=rows[UNCHANGED][:PREVIEW_LIMIT],
            limit=PREVIEW_LIMIT,
            counts=job.counts,
            can_confirm=job.status == JobStatus.PREVIEWED,
        ),
    )


@login
@require_POST
def job_confirm(request, pk):
    job = selectors.job_for(request.user, request.home_government, pk)
    try:
        services.job_confirm(job, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(job)


@login
@require_GET
def job_progress(request, pk):
    """Rows done of the total, as JSON, for the progress script of the job page."""
    job = selectors.job_for(request.user, request.home_government, pk)
    return JsonResponse(selectors.job_progress(job))


@login
@require_GET
def template_download(request, entity, fmt):
    """A blank file for ``entity``: CSV or XLSX."""
    if entity not in ENTITIES or fmt not in ("csv", "xlsx"):
        raise Http404
    if not can_import(request.user, entity, request.home_government):
        raise PermissionDenied
    if fmt == "csv":
        content, mime = template_csv(ENTITIES[entity]), "text/csv; charset=utf-8"
    else:
        content = template_xlsx(ENTITIES[entity])
        mime = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    response = HttpResponse(content, content_type=mime)
    response["Content-Disposition"] = f'attachment; filename="{entity}.{fmt}"'
    return response
