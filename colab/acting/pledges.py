"""Time pledges: a volunteer takes a place or joins the waitlist, cancels, accepts or declines an offered place.

Every change runs in a transaction that first locks the call's row (PostgreSQL; SQLite runs one transaction at
a time), and the places counter moves only by conditional UPDATEs: the call never holds more volunteers than its
capacity, and the waitlist is served in arrival order. A freed place is OFFERED to the next on the waitlist,
never given silently.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from tortoise import connections
from tortoise.transactions import in_transaction

from colab.acting.events import CallActivated, OfferAccepted, PlaceOffered, PledgeCancelled, TimePledged
from colab.acting.models import (
    ACTIVE_PLEDGE,
    HOLDS_PLACE,
    LIVE_CALL,
    CallStatus,
    CancelReason,
    PledgeStatus,
    TimePledge,
    VolunteerCall,
)
from colab.acting.service import get_call, lock_call, lock_row
from colab.acting.settings import acting_settings
from colab.actors import Actor, require_write
from colab.db import placeholders
from colab.errors import ColabError, ErrorCode
from colab.events import publish
from colab.validation import utcnow


async def _take_place(call_id: int, now: datetime) -> bool:
    """One place more, if one is left on a call still taking pledges (a conditional UPDATE: the capacity is
    never exceeded, whatever runs at the same time)."""
    connection = connections.get("default")
    marks = placeholders(connection, 4)
    rows = await connection.execute_query_dict(
        f"UPDATE volunteer_call SET confirmed_count = confirmed_count + 1 WHERE id = {marks[0]}"
        f" AND confirmed_count < capacity AND status IN ({marks[1]}, {marks[2]}) AND starts_at > {marks[3]}"
        " RETURNING confirmed_count",
        [call_id, *(s.value for s in LIVE_CALL), now],
    )
    return bool(rows)


async def _next_position(call_id: int, now: datetime) -> int:
    """The next place in line on a call still taking pledges (CALL_NOT_OPEN otherwise)."""
    connection = connections.get("default")
    marks = placeholders(connection, 4)
    rows = await connection.execute_query_dict(
        f"UPDATE volunteer_call SET waitlist_seq = waitlist_seq + 1 WHERE id = {marks[0]}"
        f" AND status IN ({marks[1]}, {marks[2]}) AND starts_at > {marks[3]} RETURNING waitlist_seq",
        [call_id, *(s.value for s in LIVE_CALL), now],
    )
    if not rows:
        raise _not_open()
    return int(rows[0]["waitlist_seq"])


async def _lock_volunteer(user_id: int) -> None:
    """The volunteer's row, locked until the commit (a write first, as in `lock_call`): one person's pledges and
    acceptances run one at a time, so two overlapping confirmations cannot both pass the check."""
    connection = connections.get("default")
    mark = placeholders(connection, 1)[0]
    await connection.execute_query(f'UPDATE "user" SET is_active = is_active WHERE id = {mark}', [user_id])


async def _release_place(call_id: int) -> None:
    connection = connections.get("default")
    mark = placeholders(connection, 1)[0]
    await connection.execute_query(
        f"UPDATE volunteer_call SET confirmed_count = confirmed_count - 1 WHERE id = {mark} AND confirmed_count > 0",
        [call_id],
    )


async def _refuse_overlap(user_id: int, call: VolunteerCall) -> None:
    """A person holds no two confirmed pledges overlapping in time (the caller locked the volunteer's row)."""
    other = (
        await TimePledge.filter(
            volunteer_id=user_id,
            status=PledgeStatus.CONFIRMED,
            call__starts_at__lt=call.ends_at,
            call__ends_at__gt=call.starts_at,
            call__status__in=list(LIVE_CALL),
        )
        .exclude(call_id=call.id)
        .prefetch_related("call")
        .first()
    )
    if other is not None:
        raise ColabError(
            ErrorCode.TIME_CONFLICT,
            f"Vous êtes déjà inscrit·e à « {other.call.title} » au même moment.",
            "callId",
        )


def _not_open() -> ColabError:
    return ColabError(ErrorCode.CALL_NOT_OPEN, "Cet appel ne prend plus d'inscriptions.", "callId")


def _live(call: VolunteerCall, now: datetime) -> None:
    if call.status not in LIVE_CALL or call.starts_at <= now:
        raise _not_open()


async def pledge_time(actor: Actor, call_id: int, *, now: datetime | None = None) -> TimePledge:
    """A volunteer takes a place if one is left, else joins the waitlist at the next position.

    The volunteer's row is locked first (their own checks), the call's row last, by the conditional UPDATEs
    of its places: on a call many people want, the time under its lock is only the writes of the pledge."""
    user_id = require_write(actor)
    now = now or utcnow()
    call = await get_call(call_id)  # NOT_FOUND too when its project is hidden after reports
    _live(call, now)
    async with in_transaction():
        await _lock_volunteer(user_id)
        if await TimePledge.exists(call_id=call.id, volunteer_id=user_id, status__in=list(ACTIVE_PLEDGE)):
            raise ColabError(ErrorCode.ALREADY_PLEDGED, "Vous êtes déjà inscrit·e à cette action.", "callId")
        await _refuse_overlap(user_id, call)
        # the call's row: a no-op write locks it first, so a place freed meanwhile is never missed by a
        # newcomer sent to the waitlist (the cancellation and this pledge run one after the other)
        await lock_row(call.id)
        if await _take_place(call.id, now):
            pledge = await TimePledge.create(call_id=call.id, volunteer_id=user_id, status=PledgeStatus.CONFIRMED)
        else:
            position = await _next_position(call.id, now)
            pledge = await TimePledge.create(
                call_id=call.id, volunteer_id=user_id, status=PledgeStatus.WAITLISTED, position=position
            )
        await publish(
            TimePledged(
                subject_id=call.id,
                actor_id=user_id,
                project_id=call.project_id,
                pledge_id=pledge.id,
                volunteer_id=user_id,
                status=pledge.status.value,
                position=pledge.position,
            )
        )
        if pledge.status is PledgeStatus.CONFIRMED:
            await _activate_if_reached(call, now)
    return pledge


async def _activate_if_reached(call: VolunteerCall, now: datetime) -> None:
    if call.threshold is None or call.status is not CallStatus.OPEN:
        return
    if call.threshold_deadline is not None and call.threshold_deadline < now:
        return
    confirmed = await TimePledge.filter(call_id=call.id, status=PledgeStatus.CONFIRMED).values_list(
        "volunteer_id", flat=True
    )
    if len(confirmed) < call.threshold:
        return
    if await VolunteerCall.filter(id=call.id, status=CallStatus.OPEN).update(status=CallStatus.ACTIVATED):
        call.status = CallStatus.ACTIVATED
        await publish(
            CallActivated(
                subject_id=call.id,
                project_id=call.project_id,
                title=call.title,
                volunteer_ids=sorted({int(v) for v in confirmed}),  # type: ignore[call-overload]
            )
        )


async def offer_next(call: VolunteerCall, now: datetime) -> TimePledge | None:
    """A place was freed on a locked call: offer it to the first on the waitlist, else give it back."""
    following = (
        await TimePledge.filter(call_id=call.id, status=PledgeStatus.WAITLISTED).order_by("position", "id").first()
    )
    if following is None or call.starts_at <= now:
        await _release_place(call.id)
        return None
    expires = min(now + timedelta(hours=acting_settings().offer_hours), call.starts_at)
    following.status, following.offer_expires_at = PledgeStatus.OFFERED, expires
    await following.save(update_fields=["status", "offer_expires_at", "updated_at"])
    await publish(
        PlaceOffered(
            subject_id=call.id,
            project_id=call.project_id,
            pledge_id=following.id,
            volunteer_id=following.volunteer_id,
            expires_at=expires.isoformat(),
        )
    )
    return following


async def _own_pledge(actor: Actor, pledge_id: int) -> tuple[TimePledge, int]:
    user_id = require_write(actor)
    pledge = await TimePledge.get_or_none(id=pledge_id)
    if pledge is None or pledge.volunteer_id != user_id:
        raise ColabError(ErrorCode.NOT_FOUND, "Cette inscription n'existe pas.", "pledgeId")
    return pledge, user_id


async def _locked_pledge(pledge: TimePledge) -> tuple[VolunteerCall, TimePledge]:
    """The pledge's call locked (the first statement of the transaction), then the pledge as it is now."""
    call = await lock_call(pledge.call_id)
    return call, await TimePledge.get(id=pledge.id)


async def end_pledge(
    call: VolunteerCall, pledge: TimePledge, reason: CancelReason, now: datetime, *, actor_id: int | None
) -> None:
    """Cancel a pledge in play on its locked call; a place it held goes to the next on the waitlist."""
    held = pledge.status in HOLDS_PLACE
    pledge.late = (
        reason is CancelReason.VOLUNTEER
        and held
        and call.starts_at - now < timedelta(hours=acting_settings().late_cancel_hours)
    )
    pledge.status, pledge.cancel_reason, pledge.offer_expires_at = PledgeStatus.CANCELLED, reason, None
    await pledge.save(update_fields=["status", "cancel_reason", "offer_expires_at", "late", "updated_at"])
    await publish(
        PledgeCancelled(
            subject_id=call.id,
            actor_id=actor_id,
            project_id=call.project_id,
            pledge_id=pledge.id,
            volunteer_id=pledge.volunteer_id,
            reason=reason.value,
            late=pledge.late,
        )
    )
    if held:
        await offer_next(call, now)


async def cancel_time_pledge(actor: Actor, pledge_id: int, *, now: datetime | None = None) -> TimePledge:
    """The volunteer withdraws (late when close to the start); their place is offered to the next in line."""
    own, user_id = await _own_pledge(actor, pledge_id)
    now = now or utcnow()
    async with in_transaction():
        call, pledge = await _locked_pledge(own)
        if pledge.status not in ACTIVE_PLEDGE:
            raise ColabError(ErrorCode.ILLEGAL_TRANSITION, "Cette inscription n'est plus active.", "pledgeId")
        await end_pledge(call, pledge, CancelReason.VOLUNTEER, now, actor_id=user_id)
    return pledge


async def accept_offer(actor: Actor, pledge_id: int, *, now: datetime | None = None) -> TimePledge:
    """The volunteer takes the place held for them, before the offer expires."""
    own, user_id = await _own_pledge(actor, pledge_id)
    now = now or utcnow()
    async with in_transaction():
        await _lock_volunteer(user_id)  # the volunteer's row before the call's, as pledge_time does
        call, pledge = await _locked_pledge(own)
        if pledge.status is not PledgeStatus.OFFERED:
            raise ColabError(ErrorCode.ILLEGAL_TRANSITION, "Aucune place ne vous est proposée ici.", "pledgeId")
        if pledge.offer_expires_at is not None and pledge.offer_expires_at <= now:
            raise ColabError(ErrorCode.OFFER_EXPIRED, "Le délai pour accepter cette place est passé.", "pledgeId")
        _live(call, now)
        await _refuse_overlap(user_id, call)
        pledge.status, pledge.offer_expires_at, pledge.reconfirm = PledgeStatus.CONFIRMED, None, False
        await pledge.save(update_fields=["status", "offer_expires_at", "reconfirm", "updated_at"])
        await publish(
            OfferAccepted(
                subject_id=call.id,
                actor_id=user_id,
                project_id=call.project_id,
                pledge_id=pledge.id,
                volunteer_id=user_id,
            )
        )
        await _activate_if_reached(call, now)
    return pledge


async def decline_offer(actor: Actor, pledge_id: int, *, now: datetime | None = None) -> TimePledge:
    """The volunteer lets the offered place go: it is offered to the next in line."""
    own, user_id = await _own_pledge(actor, pledge_id)
    now = now or utcnow()
    async with in_transaction():
        call, pledge = await _locked_pledge(own)
        if pledge.status is not PledgeStatus.OFFERED:
            raise ColabError(ErrorCode.ILLEGAL_TRANSITION, "Aucune place ne vous est proposée ici.", "pledgeId")
        await end_pledge(call, pledge, CancelReason.OFFER_DECLINED, now, actor_id=user_id)
    return pledge


async def waitlist_rank(pledge: TimePledge) -> int | None:
    """Where a waitlisted volunteer stands now (1: next to be offered a place)."""
    if pledge.status is not PledgeStatus.WAITLISTED or pledge.position is None:
        return None
    ahead = await TimePledge.filter(
        call_id=pledge.call_id, status=PledgeStatus.WAITLISTED, position__lt=pledge.position
    ).count()
    return ahead + 1
