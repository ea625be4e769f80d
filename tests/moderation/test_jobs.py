"""The review queue's timed job: the worker releases leases past their time even if nobody claims anything."""

from __future__ import annotations

from datetime import timedelta

from colab.events.worker import Worker
from moderation.models import LogAction, ModerationLogEntry, ReviewItem
from moderation.queue import LEASE, claim_next
from tests.conftest import actor_of
from tests.ideas.factories import make_moderator, submitted_idea


async def test_the_worker_expires_a_lease_past_its_time(db: None) -> None:
    await submitted_idea()
    moderator = await make_moderator()
    item = await claim_next(actor_of(moderator))
    assert item is not None and item.lease_expires_at is not None
    worker = Worker()
    await worker.run_once(item.lease_expires_at - timedelta(seconds=1))
    assert (await ReviewItem.get(id=item.id)).claimed_by_id == moderator.id  # still within the lease
    await worker.run_once(item.lease_expires_at + LEASE)  # the job's next turn, past the lease
    freed = await ReviewItem.get(id=item.id)
    assert (freed.claimed_by_id, freed.lease_expires_at) == (None, None)
    assert await ModerationLogEntry.filter(item_id=item.id, action=LogAction.EXPIRED).count() == 1
