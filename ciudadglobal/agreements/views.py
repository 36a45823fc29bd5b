from django.contrib.admin.views.decorators import staff_member_required
from django.contrib.auth.decorators import permission_required
from django.http import FileResponse, Http404, HttpRequest
from django.shortcuts import get_object_or_404

from ciudadglobal.workflow.permissions import can_view

from .models import AgreementDocument


@staff_member_required
@permission_required("agreements.view_agreementdocument", raise_exception=True)
def document_download(request: HttpRequest, name: str) -> FileResponse:
    """An agreement's document, for staff of the home government that owns it who may see the
    agreement (role, department and review state: workflow.permissions); 404 otherwise."""
    document = get_object_or_404(
        AgreementDocument.objects.for_government(request.home_government), file=name
    )
    if not can_view(request.user, document):
        raise Http404
    return FileResponse(document.file.open("rb"), as_attachment=False)
