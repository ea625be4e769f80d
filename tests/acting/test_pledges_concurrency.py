"""Pledges under concurrency (PostgreSQL): the capacity is never exceeded, the waitlist keeps arrival order,
and cancellations racing the offers lose no volunteer."""

from __future__ import annotations

import asyncio
import random
from datetime import timedelta

import pytest

from colab.acting.jobs import expire_offers
from colab.acting.models import HOLDS_PLACE, PledgeStatus, TimePledge, VolunteerCall
from colab.acting.pledges import accept_offer, cancel_time_pledge, decline_offer, pledge_time
from colab.errors import ColabError
from colab.validation import utcnow
from tests.acting.factories import make_call
from tests.conftest import actor_of, make_user

pytestmark = pytest.mark.postgres


async def _check(call_id: int, capacity: int) -> list[TimePledge]:
    call = await VolunteerCall.get(id=call_id)
    pledges = await TimePledge.filter(call_id=call_id).order_by("id")
    holding = [p for p in pledges if p.status in HOLDS_PLACE]
    assert call.confirmed_count == len(holding) <= capacity
    waiting = sorted((p for p in pledges if p.status is PledgeStatus.WAITLISTED), key=lambda p: p.position or 0)
    assert len({p.position for p in waiting}) == len(waiting)  # no two at the same place in line
    return pledges


async def test_fifty_volunteers_on_ten_places(db: None) -> None:
    call = await make_call(capacity=10)
    actors = [actor_of(await make_user()) for _ in range(50)]
    results = await asyncio.gather(*(pledge_time(a, call.id) for a in actors))
    assert sorted(p.status.value for p in results).count("CONFIRMED") == 10
    pledges = await _check(call.id, 10)
    assert len(pledges) == 50 and {p.volunteer_id for p in pledges} == {a.user_id for a in actors}
    waiting = [p for p in pledges if p.status is PledgeStatus.WAITLISTED]
    # positions follow the order the waitlisted pledges were written in (arrival order under the row lock)
    assert [p.position for p in sorted(waiting, key=lambda p: p.id)] == list(range(1, 41))


async def test_cancellations_racing_the_offers_keep_the_places_and_the_line(db: None) -> None:
    call = await make_call(capacity=10)
    actors = [actor_of(await make_user()) for _ in range(50)]
    pledges = [await pledge_time(a, call.id) for a in actors]
    by_user = {a.user_id: a for a in actors}
    rng = random.Random(11)
    confirmed = [p for p in pledges if p.status is PledgeStatus.CONFIRMED]

    async def churn(round_: int) -> None:
        # the holders cancel while the people offered their places accept or decline, all at once
        current = await TimePledge.filter(call_id=call.id, status__in=list(HOLDS_PLACE))
        moves = []
        for pledge in current:
            actor = by_user[pledge.volunteer_id]
            if pledge.status is PledgeStatus.OFFERED:
                moves.append(accept_offer(actor, pledge.id) if rng.random() < 0.7 else decline_offer(actor, pledge.id))
            elif rng.random() < 0.4:
                moves.append(cancel_time_pledge(actor, pledge.id))
        if round_ % 2:  # the worker's job lapses the offers (as if their time ran out) while people answer them
            moves.append(expire_offers(utcnow() + timedelta(days=2)))
        results = await asyncio.gather(*moves, return_exceptions=True)
        for result in results:
            assert not isinstance(result, Exception) or isinstance(result, ColabError), result

    assert len(confirmed) == 10
    for round_ in range(6):
        await churn(round_)
        await _check(call.id, 10)
    final = await _check(call.id, 10)
    # no lost volunteer: 50 pledges, each in a known state, and the places all held while people wait
    assert len(final) == 50
    holding = [p for p in final if p.status in HOLDS_PLACE]
    waiting = [p for p in final if p.status is PledgeStatus.WAITLISTED]
    assert len(holding) == 10 or not waiting
    # nobody behind in line got a place before someone ahead who is still waiting
    offered_positions = [
        p.position for p in final if p.position is not None and p.status is not PledgeStatus.WAITLISTED
    ]
    if waiting:
        assert max(offered_positions, default=0) < min(p.position or 0 for p in waiting)
