"""The iCalendar file of a volunteer call (the `icalendar` library): joined to confirmations and reminders, and
downloadable from the call's page. Its UID is stable and its SEQUENCE is the call's version, so a calendar
replaces the event when the call moves."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event

from colab.acting.models import CallStatus, VolunteerCall
from moderation.sanitize import plain_text

BRUSSELS = ZoneInfo("Europe/Brussels")
_DAYS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
_MONTHS = (
    "janvier", "février", "mars", "avril", "mai", "juin",
    "juillet", "août", "septembre", "octobre", "novembre", "décembre",
)  # fmt: skip


def when_fr(starts_at: datetime, ends_at: datetime) -> str:
    """« samedi 28 novembre 2026, de 09:00 à 12:30 » in Brussels time (mail and pages say the same)."""
    start, end = starts_at.astimezone(BRUSSELS), ends_at.astimezone(BRUSSELS)
    day = f"{_DAYS[start.weekday()]} {start.day} {_MONTHS[start.month - 1]} {start.year}"
    if start.date() == end.date():
        return f"{day}, de {start:%H:%M} à {end:%H:%M}"
    return f"{day} à {start:%H:%M}, jusqu'au {end.day} {_MONTHS[end.month - 1]} à {end:%H:%M}"


def call_ics(call: VolunteerCall, commune_name: str, link: str, *, now: datetime) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//Colab Wallonie//Appels a benevoles//FR")
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    event = Event()
    event.add("uid", f"volunteer-call-{call.id}@colab.wallonie.be")
    event.add("sequence", call.version)
    event.add("dtstamp", now)
    event.add("dtstart", call.starts_at)
    event.add("dtend", call.ends_at)
    event.add("summary", call.title)
    event.add("location", f"{call.meeting_point}, {commune_name}")
    description = plain_text(call.description)
    if call.what_to_bring:
        description += f"\n\nÀ apporter : {call.what_to_bring}"
    event.add("description", f"{description}\n\n{link}")
    event.add("url", link)
    event.add("status", "CANCELLED" if call.status is CallStatus.CALLED_OFF else "CONFIRMED")
    calendar.add_component(event)
    ics: bytes = calendar.to_ical()
    return ics
