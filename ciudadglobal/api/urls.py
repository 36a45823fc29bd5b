"""The API site: ``/api/v1/…`` operations, ``/api/openapi.json`` and ``/api/docs``.

It lives outside the language prefixes: addresses and field names do not change with the
language (descriptions in the OpenAPI document are in English). Public reads need no
authentication; writes authenticate with a Bearer token, never with the session cookie, so
cross-site request forgery does not apply (no cookie-based authentication is enabled).

Other areas add their routers here: ``api.add_router("/v1/…", router)``.
"""

from django.urls import path
from ninja import NinjaAPI

from . import errors
from .public import router as public_router
from .staff import router as staff_router

api = NinjaAPI(
    title="Ciudad Global API",
    version="1",
    description=(
        "The public registry of the international action of local governments: agreements, "
        "activities, projects, partners, networks, awards, plans and published figures. "
        "Only published records. Lists are paged by cursor: follow `next`. Errors share one "
        "body: `status`, `code`, `message` and `errors` (one per bad parameter)."
    ),
    openapi_url="/openapi.json",
    docs_url="/docs",
    urls_namespace="api",
)
errors.install(api)
api.add_router("/v1", public_router)
api.add_router("/v1", staff_router)

urlpatterns = [path("", api.urls)]
