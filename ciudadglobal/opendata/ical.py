"""An iCalendar feed (RFC 5545) of a government's public activities.

Only activities whose start is known to the day go in a calendar: one known only to the month
or the year has no day to be shown on, and spreading it over the whole month would say more
than the registry knows. Events are all-day events (the registry keeps days, not hours); the
end is the day after the last day, as RFC 5545 wants. By default the feed holds the upcoming
activities — those not yet ended today — and, on request, every one."""

from __future__ import annotations

from datetime import date, timedelta

from django.db.models import Q, QuerySet
from django.db.models.functions import Length
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from ciudadglobal.activities.models import Activity
from ciudadglobal.core.models import localized
from ciudadglobal.portal.selectors import public


def calendar_activities(government, *, today: date, upcoming: bool = True) -> QuerySet:
    activities = (
        public(Activity, government)
        .alias(start_length=Length("start"))
        .filter(start_length=10)
        .prefetch_related("places")
        .order_by("start", "pk")
    )
    if upcoming:
        day = today.isoformat()
        # Not ended: its end (or, without one, its start) is today or later. Partial ends
        # ("2026-12") compare as text, which is their order (see core.partialdates).
        activities = activities.filter(Q(end__gte=day) | Q(end=None, start__gte=day))
    return activities


def activity_calendar(
    government, *, base_url: str, upcoming: bool = True, today: date | None = None
) -> bytes:
    """The feed of ``government``'s activities; ``base_url`` makes the portal links absolute
    (``https://example.org``)."""
    from ciudadglobal.portal.links import public_url

    today = today or timezone.localdate()
    calendar = Calendar()
    calendar.add("prodid", "-//Ciudad Global//International action//ES")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", _("Activities of %(government)s") % {"government": government})
    stamp = timezone.now()
    for activity in calendar_activities(government, today=today, upcoming=upcoming):
        event = Event()
        event.add("uid", f"activity-{activity.pk}@{government.slug}.ciudadglobal")
        event.add("dtstamp", stamp)
        event.add("summary", localized(activity, "title"))
        start = activity.start.first_day
        last = activity.end.last_day if activity.end else start
        event.add("dtstart", start)
        event.add("dtend", max(last, start) + timedelta(days=1))
        event.add("categories", [str(activity.get_kind_display())])
        description = localized(activity, "description")
        if description:
            event.add("description", description)
        places = [localized(place, "name") for place in activity.places.all()]
        if places:
            event.add("location", "; ".join(places))
        event.add("url", base_url + public_url(activity, government.slug))
        event.add("last-modified", activity.updated_at)
        calendar.add_component(event)
    return calendar.to_ical()
