"""Bearer-token authentication of the write API (``Authorization: Bearer cg_…``).

Tokens are not cookies: a browser never sends them by itself, so cross-site request forgery
does not apply and the write operations need no CSRF token."""

from __future__ import annotations

from ninja.security import HttpBearer

from .services import token_user


class TokenAuth(HttpBearer):
    def authenticate(self, request, token: str):
        user = token_user(token)
        if user is not None:
            request.user = user  # who made each change, in the records' history
        return user
