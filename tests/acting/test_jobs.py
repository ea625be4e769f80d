"""The worker's jobs: offers lapse to the next in line, missed thresholds call off, reminders go once per version."""

from __future__ import annotations

from datetime import timedelta

import pytest

from colab.acting.jobs import call_off_missed_thresholds, expire_offers, send_reminders
from colab.acting.models import CallStatus, CancelReason, PledgeReminder, PledgeStatus, TimePledge, VolunteerCall
from colab.acting.pledges import cancel_time_pledge, pledge_time
from colab.acting.service import CallMove, call_off_volunteer_call, move_volunteer_call
from colab.events.models import Event
from colab.notifications.models import Notification, NotificationKind
from colab.validation import utcnow
from tests.acting.factories import make_call
from tests.conftest import actor_of, make_user

pytestmark = pytest.mark.usefixtures("db")


async def test_an_offer_not_taken_in_time_goes_to_the_next() -> None:
    call = await make_call(capacity=1)
    holder, first, second = [actor_of(await make_user()) for _ in range(3)]
    taken = await pledge_time(holder, call.id)
    offered = await pledge_time(first, call.id)
    last = await pledge_time(second, call.id)
    await cancel_time_pledge(holder, taken.id)
    assert await expire_offers(utcnow()) == 0
    assert await expire_offers(utcnow() + timedelta(days=2)) == 1
    lapsed = await TimePledge.get(id=offered.id)
    assert (lapsed.status, lapsed.cancel_reason) == (PledgeStatus.CANCELLED, CancelReason.OFFER_EXPIRED)
    assert (await TimePledge.get(id=last.id)).status is PledgeStatus.OFFERED


async def test_a_threshold_missed_by_its_deadline_calls_the_action_off() -> None:
    start = utcnow() + timedelta(days=4)
    call = await make_call(starts_at=start, threshold=3, threshold_deadline=start - timedelta(days=1))
    volunteer = actor_of(await make_user())
    await pledge_time(volunteer, call.id)
    assert await call_off_missed_thresholds(utcnow()) == 0
    assert await call_off_missed_thresholds(start - timedelta(hours=12)) == 1
    assert (await VolunteerCall.get(id=call.id)).status is CallStatus.CALLED_OFF
    assert await Notification.exists(user_id=volunteer.user_id, kind=NotificationKind.CALL_CALLED_OFF)
    assert (await Event.get(kind="acting.call_called_off")).payload["threshold_missed"] is True
    assert await call_off_missed_thresholds(start - timedelta(hours=11)) == 0


async def test_a_reminder_goes_once_even_when_the_job_runs_again() -> None:
    call = await make_call(starts_at=utcnow() + timedelta(hours=30))
    await pledge_time(actor_of(await make_user()), call.id)
    assert await send_reminders(utcnow()) == 0  # not yet within 24 hours
    later = utcnow() + timedelta(hours=8)
    assert await send_reminders(later) == 1
    assert await send_reminders(later) == 0  # a restarted worker finds the reminder row
    assert await PledgeReminder.all().count() == 1 and await Event.filter(kind="acting.reminder_due").count() == 1


async def test_a_moved_call_is_reminded_for_its_new_version_only_after_reconfirmation() -> None:
    call = await make_call(starts_at=utcnow() + timedelta(hours=20))
    holder = actor_of(await (await call.project).holder)
    volunteer = actor_of(await make_user())
    pledge = await pledge_time(volunteer, call.id)
    assert await send_reminders(utcnow()) == 1
    await move_volunteer_call(holder, call.id, CallMove(meeting_point="Place d'Armes"))
    assert await send_reminders(utcnow()) == 0  # the volunteer has not confirmed the new version
    from colab.acting.pledges import accept_offer

    await accept_offer(volunteer, pledge.id)
    assert await send_reminders(utcnow()) == 1
    assert sorted(await PledgeReminder.all().values_list("call_version", flat=True)) == [1, 2]


async def test_no_reminder_for_a_called_off_call() -> None:
    call = await make_call(starts_at=utcnow() + timedelta(hours=20))
    await pledge_time(actor_of(await make_user()), call.id)
    await call_off_volunteer_call(actor_of(await (await call.project).holder), call.id)
    assert await send_reminders(utcnow()) == 0
