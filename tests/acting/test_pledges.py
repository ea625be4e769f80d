"""Pledging time: places, the waitlist, offers never silent, overlaps refused."""

from __future__ import annotations

from datetime import timedelta

import pytest

from colab.acting.models import CancelReason, PledgeStatus, TimePledge, VolunteerCall
from colab.acting.pledges import accept_offer, cancel_time_pledge, decline_offer, pledge_time, waitlist_rank
from colab.actors import ANONYMOUS
from colab.errors import ColabError, ErrorCode
from colab.events.models import Event
from colab.notifications.models import Notification, NotificationKind
from colab.validation import utcnow
from moderation.models import ReportedContent, Visibility
from tests.acting.factories import make_call
from tests.conftest import actor_of, make_user

pytestmark = pytest.mark.usefixtures("db")


async def test_pledges_take_places_then_join_the_waitlist_in_order() -> None:
    call = await make_call(capacity=2)
    people = [await make_user() for _ in range(4)]
    pledges = [await pledge_time(actor_of(p), call.id) for p in people]
    assert [p.status for p in pledges] == [PledgeStatus.CONFIRMED] * 2 + [PledgeStatus.WAITLISTED] * 2
    assert [p.position for p in pledges[2:]] == [1, 2]
    assert [await waitlist_rank(p) for p in pledges[2:]] == [1, 2]
    assert (await VolunteerCall.get(id=call.id)).confirmed_count == 2


async def test_a_second_pledge_to_the_same_call_is_refused() -> None:
    call = await make_call()
    actor = actor_of(await make_user())
    await pledge_time(actor, call.id)
    with pytest.raises(ColabError) as refused:
        await pledge_time(actor, call.id)
    assert refused.value.code is ErrorCode.ALREADY_PLEDGED


async def test_an_anonymous_pledge_is_refused() -> None:
    call = await make_call()
    with pytest.raises(ColabError) as refused:
        await pledge_time(ANONYMOUS, call.id)
    assert refused.value.code is ErrorCode.UNAUTHENTICATED


async def test_overlapping_confirmed_pledges_are_refused_naming_the_other_action() -> None:
    start = utcnow() + timedelta(days=2)
    first = await make_call(starts_at=start, title="Plantation de haies à Jambes")
    second = await make_call(starts_at=start + timedelta(hours=1), title="Repair café du samedi")
    actor = actor_of(await make_user())
    await pledge_time(actor, first.id)
    with pytest.raises(ColabError) as refused:
        await pledge_time(actor, second.id)
    assert refused.value.code is ErrorCode.TIME_CONFLICT
    assert "Plantation de haies à Jambes" in refused.value.message


async def test_a_freed_place_is_offered_to_the_first_in_line_not_given() -> None:
    call = await make_call(capacity=1)
    holder, first, second = [actor_of(await make_user()) for _ in range(3)]
    taken = await pledge_time(holder, call.id)
    waiting = await pledge_time(first, call.id)
    await pledge_time(second, call.id)
    await cancel_time_pledge(holder, taken.id)
    offered = await TimePledge.get(id=waiting.id)
    assert offered.status is PledgeStatus.OFFERED and offered.offer_expires_at is not None
    assert (await VolunteerCall.get(id=call.id)).confirmed_count == 1
    assert await Notification.exists(user_id=first.user_id, kind=NotificationKind.PLACE_OFFERED)
    accepted = await accept_offer(first, waiting.id)
    assert accepted.status is PledgeStatus.CONFIRMED


async def test_a_declined_offer_passes_to_the_next() -> None:
    call = await make_call(capacity=1)
    holder, first, second = [actor_of(await make_user()) for _ in range(3)]
    taken = await pledge_time(holder, call.id)
    waiting = await pledge_time(first, call.id)
    last = await pledge_time(second, call.id)
    await cancel_time_pledge(holder, taken.id)
    declined = await decline_offer(first, waiting.id)
    assert (declined.status, declined.cancel_reason) == (PledgeStatus.CANCELLED, CancelReason.OFFER_DECLINED)
    assert (await TimePledge.get(id=last.id)).status is PledgeStatus.OFFERED


async def test_an_expired_offer_cannot_be_accepted() -> None:
    call = await make_call(capacity=1)
    holder, first = [actor_of(await make_user()) for _ in range(2)]
    taken = await pledge_time(holder, call.id)
    waiting = await pledge_time(first, call.id)
    await cancel_time_pledge(holder, taken.id)
    with pytest.raises(ColabError) as refused:
        await accept_offer(first, waiting.id, now=utcnow() + timedelta(days=2))
    assert refused.value.code is ErrorCode.OFFER_EXPIRED


async def test_a_place_freed_with_nobody_waiting_comes_back() -> None:
    call = await make_call(capacity=1)
    actor = actor_of(await make_user())
    pledge = await pledge_time(actor, call.id)
    cancelled = await cancel_time_pledge(actor, pledge.id)
    assert (cancelled.status, cancelled.late) == (PledgeStatus.CANCELLED, False)
    assert (await VolunteerCall.get(id=call.id)).confirmed_count == 0


async def test_a_cancellation_close_to_the_start_is_late() -> None:
    call = await make_call(starts_at=utcnow() + timedelta(hours=5))
    actor = actor_of(await make_user())
    pledge = await pledge_time(actor, call.id)
    assert (await cancel_time_pledge(actor, pledge.id)).late


async def test_someone_elses_pledge_cannot_be_cancelled() -> None:
    call = await make_call()
    pledge = await pledge_time(actor_of(await make_user()), call.id)
    with pytest.raises(ColabError) as refused:
        await cancel_time_pledge(actor_of(await make_user()), pledge.id)
    assert refused.value.code is ErrorCode.NOT_FOUND


async def test_a_cancelled_pledge_cannot_be_cancelled_again() -> None:
    call = await make_call()
    actor = actor_of(await make_user())
    pledge = await pledge_time(actor, call.id)
    await cancel_time_pledge(actor, pledge.id)
    with pytest.raises(ColabError) as refused:
        await cancel_time_pledge(actor, pledge.id)
    assert refused.value.code is ErrorCode.ILLEGAL_TRANSITION


async def test_reaching_the_threshold_activates_the_call_and_tells_everyone() -> None:
    start = utcnow() + timedelta(days=5)
    call = await make_call(starts_at=start, threshold=2, threshold_deadline=start - timedelta(days=1))
    first, second = [actor_of(await make_user()) for _ in range(2)]
    await pledge_time(first, call.id)
    assert not await Event.exists(kind="acting.call_activated")
    await pledge_time(second, call.id)
    assert (await VolunteerCall.get(id=call.id)).status.value == "ACTIVATED"
    told = await Notification.filter(kind=NotificationKind.CALL_ACTIVATED).values_list("user_id", flat=True)
    assert sorted(told) == sorted([first.user_id, second.user_id])


async def test_a_call_of_a_hidden_project_takes_no_pledge() -> None:
    call = await make_call()
    project = await call.project
    await ReportedContent.create(
        kind="PROJECT",
        subject_id=project.id,
        author_id=project.holder_id,
        title=project.title,
        visibility=Visibility.HIDDEN,
        created_at=utcnow(),
    )
    with pytest.raises(ColabError) as refused:
        await pledge_time(actor_of(await make_user()), call.id)
    assert refused.value.code is ErrorCode.NOT_FOUND
