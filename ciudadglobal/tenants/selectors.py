"""Which home government a request works for."""

from __future__ import annotations

from django.db.models import QuerySet

from .models import HomeGovernment

SESSION_KEY = "home_government_id"


def governments_for_user(user) -> QuerySet[HomeGovernment]:
    """The home governments a user may work for: all for platform administrators."""
    if not user.is_authenticated:
        return HomeGovernment.objects.none()
    if user.is_superuser:
        return HomeGovernment.objects.all()
    return HomeGovernment.objects.filter(staff_memberships__user=user)


def government_for_request(request) -> HomeGovernment | None:
    """The government chosen in this session if the user may use it, else their first one."""
    if not request.user.is_authenticated:
        return None
    allowed = governments_for_user(request.user)
    chosen = request.session.get(SESSION_KEY)
    if chosen is not None:
        government = allowed.filter(pk=chosen).first()
        if government is not None:
            return government
    return allowed.order_by("name").first()
