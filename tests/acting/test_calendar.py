"""The iCalendar file of a call: stable UID, SEQUENCE = version, Brussels wording for people."""

from __future__ import annotations

from datetime import UTC, datetime

from icalendar import Calendar

from colab.acting.calendar import call_ics, when_fr
from colab.acting.models import CallStatus, VolunteerCall


def _call(**overrides: object) -> VolunteerCall:
    values: dict[str, object] = {
        "id": 7,
        "title": "Atelier vélo",
        "description": "<p>On répare.</p>",
        "meeting_point": "Place d'Armes",
        "starts_at": datetime(2026, 11, 28, 9, 0, tzinfo=UTC),
        "ends_at": datetime(2026, 11, 28, 12, 0, tzinfo=UTC),
        "what_to_bring": "Des gants",
        "version": 3,
        "status": CallStatus.OPEN,
    }
    values.update(overrides)
    return VolunteerCall(**values)


def test_the_calendar_event_names_the_call_and_its_version() -> None:
    ics = call_ics(_call(), "Namur", "http://colab.test/actions/7", now=datetime(2026, 11, 26, tzinfo=UTC))
    [event] = Calendar.from_ical(ics).walk("VEVENT")
    assert str(event["uid"]) == "volunteer-call-7@colab.wallonie.be" and int(event["sequence"]) == 3
    assert str(event["location"]) == "Place d'Armes, Namur" and "À apporter : Des gants" in str(event["description"])
    assert str(event["status"]) == "CONFIRMED"


def test_a_called_off_call_is_a_cancelled_event() -> None:
    ics = call_ics(_call(status=CallStatus.CALLED_OFF), "Namur", "x", now=datetime(2026, 11, 26, tzinfo=UTC))
    [event] = Calendar.from_ical(ics).walk("VEVENT")
    assert str(event["status"]) == "CANCELLED"


def test_times_are_told_in_brussels() -> None:
    start, end = datetime(2026, 11, 28, 9, 0, tzinfo=UTC), datetime(2026, 11, 28, 12, 30, tzinfo=UTC)
    assert when_fr(start, end) == "samedi 28 novembre 2026, de 10:00 à 13:30"
