"""The iCalendar feed: upcoming public activities known to the day."""

from __future__ import annotations

from datetime import date

import pytest
from icalendar import Calendar

from ciudadglobal.opendata.ical import activity_calendar
from tests import factories as f
from tests.api.conftest import INTERNAL, PUBLIC

pytestmark = pytest.mark.django_db
TODAY = date(2026, 11, 25)


@pytest.fixture
def activities(government):
    g = {"home_government": government}
    return {
        "soon": f.ActivityFactory(
            **g, **PUBLIC, title="Foro de alcaldes", start="2026-12-01", end="2026-12-03"
        ),
        "ongoing": f.ActivityFactory(
            **g, **PUBLIC, title="Feria", start="2026-11-20", end="2026-11-30"
        ),
        "past": f.ActivityFactory(**g, **PUBLIC, title="Visita pasada", start="2025-03-02"),
        "month_only": f.ActivityFactory(
            **g, **PUBLIC, title="Misión de diciembre", start="2026-12"
        ),
        "internal": f.ActivityFactory(**g, **INTERNAL, title="Reunión interna", start="2026-12-05"),
    }


def _events(content: bytes) -> dict[str, object]:
    calendar = Calendar.from_ical(content)
    return {str(event["summary"]): event for event in calendar.walk("VEVENT")}


def test_upcoming_public_activities_known_to_the_day(government, activities):
    events = _events(activity_calendar(government, base_url="https://x.org", today=TODAY))
    assert set(events) == {"Foro de alcaldes", "Feria"}
    forum = events["Foro de alcaldes"]
    assert forum.decoded("dtstart") == date(2026, 12, 1)
    assert forum.decoded("dtend") == date(2026, 12, 4)  # the day after the last day
    assert str(forum["url"]) == f"https://x.org/cdmx/activities/{activities['soon'].pk}/"


def test_every_activity_on_request(government, activities):
    content = activity_calendar(government, base_url="", upcoming=False, today=TODAY)
    assert set(_events(content)) == {"Foro de alcaldes", "Feria", "Visita pasada"}
