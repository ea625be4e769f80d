"""The worker's crowdacting jobs: offers that lapse, thresholds missed by their deadline, reminders before the start."""

from __future__ import annotations

from datetime import datetime, timedelta

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from colab.acting.events import ReminderDue
from colab.acting.models import (
    LIVE_CALL,
    CallStatus,
    CancelReason,
    PledgeReminder,
    PledgeStatus,
    TimePledge,
    VolunteerCall,
)
from colab.acting.pledges import end_pledge
from colab.acting.service import end_call, lock_call
from colab.acting.settings import acting_settings
from colab.events import publish
from colab.events.consumers import job

BATCH = 200


async def expire_offers(now: datetime) -> int:
    """Offers not accepted in time lapse: each place goes to the next on the waitlist (one transaction per call)."""
    lapsed = 0
    rows = await TimePledge.filter(status=PledgeStatus.OFFERED, offer_expires_at__lte=now).limit(BATCH)
    for pledge_id, call_id in sorted({(p.id, p.call_id) for p in rows}):
        async with in_transaction():
            call = await lock_call(call_id)
            pledge = await TimePledge.get(id=pledge_id)
            if pledge.status is PledgeStatus.OFFERED and pledge.offer_expires_at and pledge.offer_expires_at <= now:
                await end_pledge(call, pledge, CancelReason.OFFER_EXPIRED, now, actor_id=None)
                lapsed += 1
    return lapsed


async def call_off_missed_thresholds(now: datetime) -> int:
    """A call whose threshold was not reached by its deadline is called off, and everyone told."""
    ids = await VolunteerCall.filter(
        status=CallStatus.OPEN, threshold__isnull=False, threshold_deadline__lte=now
    ).values_list("id", flat=True)
    ended = 0
    for call_id in ids:
        async with in_transaction():
            call = await lock_call(int(call_id))  # type: ignore[call-overload]
            if call.status is CallStatus.OPEN and await end_call(call, actor_id=None, threshold_missed=True):
                ended += 1
    return ended


async def send_reminders(now: datetime) -> int:
    """Remind each confirmed volunteer once per version of the call, within the reminder window before the start;
    the (pledge, version) row is written with the mail request, so a restarted worker never sends it twice."""
    window = timedelta(hours=acting_settings().reminder_hours)
    pledges = (
        await TimePledge.filter(
            status=PledgeStatus.CONFIRMED,
            call__status__in=list(LIVE_CALL),
            call__starts_at__gt=now,
            call__starts_at__lte=now + window,
        )
        .prefetch_related("call")
        .order_by("id")
        .limit(BATCH)
    )
    sent = 0
    for pledge in pledges:
        call = pledge.call
        if await PledgeReminder.exists(pledge_id=pledge.id, call_version=call.version):
            continue
        try:
            async with in_transaction():
                await PledgeReminder.create(pledge_id=pledge.id, call_version=call.version)
                await publish(
                    ReminderDue(
                        subject_id=call.id,
                        project_id=call.project_id,
                        pledge_id=pledge.id,
                        volunteer_id=pledge.volunteer_id,
                        version=call.version,
                    )
                )
        except IntegrityError:
            continue  # another worker reminded them meanwhile
        sent += 1
    return sent


@job("acting.offers_and_thresholds", every=timedelta(minutes=5))
async def offers_and_thresholds(now: datetime) -> None:
    await expire_offers(now)
    await call_off_missed_thresholds(now)


@job("acting.reminders", every=timedelta(minutes=10))
async def reminders(now: datetime) -> None:
    await send_reminders(now)
