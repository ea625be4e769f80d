"""The review queue's timed job: leases past their time are released (and logged) even when nobody claims."""

from __future__ import annotations

from datetime import datetime, timedelta

from tortoise.transactions import in_transaction

from colab.events.consumers import job
from moderation.queue import _expire


@job("moderation.expire_leases", every=timedelta(minutes=1))
async def expire_leases(now: datetime) -> None:
    async with in_transaction():
        await _expire(now)
