"""One error body for every refusal of the API: 400, 401, 403 and 404 alike.

``{"status": 400, "code": "invalid", "message": "…", "errors": [{"location": "query",
"field": "limit", "message": "…"}]}`` — ``errors`` lists each bad parameter or field."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, AuthorizationError, HttpError, ValidationError


class FieldError(Schema):
    location: str
    field: str
    message: str


class Error(Schema):
    status: int
    code: str
    message: str
    errors: list[FieldError] = []


class BadRequest(Exception):
    """A request the API refuses with 400; ``errors`` as in ``Error.errors``."""

    def __init__(self, message, errors: list[dict] | None = None, code: str = "invalid"):
        super().__init__(str(message))
        self.message, self.errors, self.code = str(message), errors or [], code


#: The documented answers of every operation besides its success.
READ_ERRORS = {400: Error, 404: Error}
WRITE_ERRORS = {400: Error, 401: Error, 403: Error, 404: Error, 409: Error}

MESSAGES = {
    400: _("The request is not valid."),
    401: _("Authentication is required: send a valid API token as “Authorization: Bearer …”."),
    403: _("You are not allowed to do this."),
    404: _("Not found."),
    409: _("The record was changed by someone else; read it again."),
}
CODES = {
    400: "invalid",
    401: "unauthenticated",
    403: "forbidden",
    404: "not_found",
    409: "conflict",
}


def error_body(status: int, message=None, errors=None, code: str = "") -> dict:
    return {
        "status": status,
        "code": code or CODES.get(status, "error"),
        "message": str(message or MESSAGES.get(status, "")),
        "errors": errors or [],
    }


def _field_errors(errors: list[dict]) -> list[dict]:
    found = []
    for error in errors:
        location, *rest = [str(part) for part in error.get("loc", ())] or [""]
        # Ninja may nest fields under the argument's name ("payload"): drop it.
        if location in ("query", "body") and len(rest) > 1:
            rest = rest[1:]
        found.append(
            {"location": location, "field": ".".join(rest), "message": str(error.get("msg", ""))}
        )
    return found


def install(api: NinjaAPI) -> None:
    """Answer every refusal of ``api`` with the one error body."""

    def respond(request, status, message=None, errors=None, code=""):
        return api.create_response(
            request, error_body(status, message, errors, code), status=status
        )

    @api.exception_handler(ValidationError)
    def invalid(request, exc):
        return respond(request, 400, errors=_field_errors(exc.errors))

    @api.exception_handler(BadRequest)
    def bad_request(request, exc):
        return respond(request, 400, exc.message, exc.errors, exc.code)

    @api.exception_handler(DjangoValidationError)
    def model_invalid(request, exc):
        errors = [
            {"location": "body", "field": "" if name == "__all__" else name, "message": message}
            for name, messages in getattr(exc, "message_dict", {"__all__": exc.messages}).items()
            for message in messages
        ]
        return respond(request, 400, errors=errors)

    @api.exception_handler(AuthenticationError)
    def unauthenticated(request, exc):
        return respond(request, 401)

    @api.exception_handler(AuthorizationError)
    def forbidden_ninja(request, exc):
        return respond(request, 403)

    @api.exception_handler(PermissionDenied)
    def forbidden(request, exc):
        return respond(request, 403, str(exc) or None)

    @api.exception_handler(Http404)
    def not_found(request, exc):
        return respond(request, 404)

    @api.exception_handler(HttpError)
    def http_error(request, exc):
        return respond(request, exc.status_code, str(exc))
