"""Included by the portal under ``/<government>/open-data/`` (names in its namespace)."""

from .views import urlpatterns

__all__ = ["urlpatterns"]
