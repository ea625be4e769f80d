"""Crowdacting's mail: the confirmation and the reminder carry the call's calendar file."""

from __future__ import annotations

from datetime import timedelta

import pytest
from icalendar import Calendar

from colab.acting.jobs import send_reminders
from colab.acting.pledges import pledge_time
from colab.acting.service import CallMove, move_volunteer_call
from colab.events.worker import Worker
from colab.validation import utcnow
from tests.acting.factories import make_call
from tests.conftest import actor_of, make_user
from tests.smtp_server import Inbox

pytestmark = pytest.mark.usefixtures("db")


async def _drain() -> None:
    worker = Worker()
    await worker.start_consumers(utcnow() - timedelta(minutes=1))
    while await worker.run_once():
        pass


def _calendar(message: object) -> Calendar:
    [part] = [p for p in message.iter_attachments()]  # type: ignore[attr-defined]
    assert part.get_content_type() == "text/calendar" and part.get_filename() == "action.ics"
    return Calendar.from_ical(part.get_content())


async def test_a_confirmed_place_is_mailed_with_the_calendar_file(smtp: Inbox) -> None:
    call = await make_call(starts_at=utcnow() + timedelta(days=3))
    user = await make_user(email="benevole@exemple.be")
    await _drain()
    await pledge_time(actor_of(user), call.id)
    await _drain()
    [message] = smtp.to("benevole@exemple.be")
    assert "Inscription confirmée" in message["Subject"]
    [event] = _calendar(message).walk("VEVENT")
    assert (str(event["summary"]), event.decoded("dtstart")) == (call.title, call.starts_at)
    assert "Parking du Grognon, Namur" in str(event["location"])


async def test_the_reminder_is_mailed_once_and_not_for_an_old_version(smtp: Inbox) -> None:
    call = await make_call(starts_at=utcnow() + timedelta(hours=20))
    user = await make_user(email="rappel@exemple.be")
    await _drain()
    await pledge_time(actor_of(user), call.id)
    await send_reminders(utcnow())
    await move_volunteer_call(actor_of(await (await call.project).holder), call.id, CallMove(meeting_point="Gare"))
    await _drain()
    subjects = [m["Subject"] for m in smtp.to("rappel@exemple.be")]
    assert not any(s.startswith("Rappel") for s in subjects)  # moved before the worker sent it: not sent
    assert any("change d'horaire" in s for s in subjects)  # the move is mailed (a notification emailed by default)


async def test_the_reminder_is_mailed_once_with_the_calendar_file(smtp: Inbox) -> None:
    call = await make_call(starts_at=utcnow() + timedelta(hours=20))
    user = await make_user(email="rappel2@exemple.be")
    await _drain()
    await pledge_time(actor_of(user), call.id)
    await send_reminders(utcnow())
    await send_reminders(utcnow())  # the job runs again (a restarted worker)
    await _drain()
    reminders = [m for m in smtp.to("rappel2@exemple.be") if m["Subject"].startswith("Rappel")]
    assert len(reminders) == 1
    [event] = _calendar(reminders[0]).walk("VEVENT")
    assert int(event["sequence"]) == 1
