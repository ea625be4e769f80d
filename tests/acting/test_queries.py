"""Batch reads: places in line move up as the line moves, the viewer's pledge in play wins over older ones."""

from __future__ import annotations

import pytest

from colab.acting.models import PledgeStatus
from colab.acting.pledges import cancel_time_pledge, pledge_time
from colab.acting.queries import active_pledges_of, waitlist_ranks
from tests.acting.factories import make_call
from tests.conftest import SQLCounter, actor_of, make_user

pytestmark = pytest.mark.usefixtures("db")


async def test_the_line_moves_up_in_order_when_someone_ahead_leaves(sql: SQLCounter) -> None:
    call = await make_call(capacity=1)
    actors = [actor_of(await make_user()) for _ in range(4)]
    pledges = [await pledge_time(a, call.id) for a in actors]
    waiting = pledges[1:]
    assert await waitlist_ranks([p.id for p in waiting]) == {waiting[0].id: 1, waiting[1].id: 2, waiting[2].id: 3}
    await cancel_time_pledge(actors[2], waiting[1].id)
    sql.reset()
    assert await waitlist_ranks([p.id for p in waiting]) == {waiting[0].id: 1, waiting[2].id: 2}
    assert sql.count == 2


async def test_the_pledge_in_play_is_the_viewers_pledge() -> None:
    call = await make_call()
    actor = actor_of(await make_user())
    first = await pledge_time(actor, call.id)
    await cancel_time_pledge(actor, first.id)
    again = await pledge_time(actor, call.id)
    found = await active_pledges_of(actor.user_id or 0, [call.id])
    assert (found[call.id].id, found[call.id].status) == (again.id, PledgeStatus.CONFIRMED)
