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


#: In an accepted-types map: a text format, which no binary signature may match.
PLAIN_TEXT = None


def validate_upload(upload, types: dict[str, set[str] | None]) -> None:
    """Refuse a file that is too large, whose extension is not in ``types``, or whose content
    belies its extension (an executable renamed ``.pdf``): ``types`` maps each accepted
    extension to the MIME types its content must sniff as, or to ``PLAIN_TEXT``."""
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
    if extension not in types:
        raise ValidationError(
            _("Files of type %(extension)s are not accepted. Accepted: %(accepted)s."),
            code="file_type",
            params={"extension": extension or "?", "accepted": ", ".join(types)},
        )
    if getattr(upload, "_committed", False):
        return  # already stored and checked when it was uploaded
    upload.seek(0)
    head = upload.read(8192)
    upload.seek(0)
    kind = filetype.guess(head)
    accepted = types[extension]
    if accepted is PLAIN_TEXT:
        belied = kind is not None or b"\x00" in head
    else:
        belied = kind is None or kind.mime not in accepted
    if belied:
        raise ValidationError(
            _("The content of this file is not a %(extension)s document."),
            code="file_content",
            params={"extension": extension},
        )


def validate_document(upload) -> None:
    """A document attached to a record (PDF, office files, images)."""
    validate_upload(upload, DOCUMENT_TYPES)


def field_error(field: str, message, code: str) -> ValidationError:
    """A ValidationError attached to one field that keeps its code (a dict alone drops it)."""
    return ValidationError({field: ValidationError(message, code=code)})
