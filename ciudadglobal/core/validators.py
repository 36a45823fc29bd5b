"""Validation shared by every app."""

from __future__ import annotations

from pathlib import Path

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

#: Accepted upload extensions and the MIME types their content must sniff as.
DOCUMENT_TYPES = {
    ".pdf": {"application/pdf"},
    ".docx": {"application/vnd.openxmlformats-officedocument.wordprocessingml.document"},
    ".xlsx": {"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
    ".odt": {"application/vnd.oasis.opendocument.text"},
    ".ods": {"application/vnd.oasis.opendocument.spreadsheet"},
    ".png": {"image/png"},
    ".jpg": {"image/jpeg"},
    ".jpeg": {"image/jpeg"},
}


def validate_document(upload) -> None:
    """Refuse files that are too large, of an unaccepted kind, or whose content belies their
    extension (an executable renamed ``.pdf``)."""
    if upload.size > settings.UPLOAD_MAX_BYTES:
        raise ValidationError(
            _("The file is %(size)s; the limit is %(limit)s."),
            code="file_too_large",
            params={
                "size": filesizeformat(upload.size),
                "limit": filesizeformat(settings.UPLOAD_MAX_BYTES),
            },
        )
    extension = Path(upload.name).suffix.lower()
    if extension not in DOCUMENT_TYPES:
        raise ValidationError(
            _("Files of type %(extension)s are not accepted. Accepted: %(accepted)s."),
            code="file_type",
            params={"extension": extension or "?", "accepted": ", ".join(DOCUMENT_TYPES)},
        )
    if getattr(upload, "_committed", False):
        return  # already stored and checked when it was uploaded
    upload.seek(0)
    head = upload.read(8192)
    upload.seek(0)
    kind = filetype.guess(head)
    if kind is None or kind.mime not in DOCUMENT_TYPES[extension]:
        raise ValidationError(
            _("The content of this file is not a %(extension)s document."),
            code="file_content",
            params={"extension": extension},
        )


def field_error(field: str, message, code: str) -> ValidationError:
    """A ValidationError attached to one field that keeps its code (a dict alone drops it)."""
    return ValidationError({field: ValidationError(message, code=code)})
