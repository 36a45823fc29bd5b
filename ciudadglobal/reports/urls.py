"""Staff pages of the reports, under ``/reports/`` (see ``views``)."""

from .views import app_name, urlpatterns

__all__ = ["app_name", "urlpatterns"]
