"""On PostgreSQL a bump never waits for another transaction: bumps inside transactions that lock rows in
opposite orders never deadlock, and every committed bump counts."""

from __future__ import annotations

import asyncio

import pytest
from tortoise import connections
from tortoise.transactions import in_transaction

from colab.readcache import generation
from tests.conftest import make_challenge

pytestmark = pytest.mark.postgres


async def _lock_then_bump(challenge_id: int) -> None:
    async with in_transaction() as connection:
        await connection.execute_query("UPDATE challenge SET updated_at = now() WHERE id = $1", [challenge_id])
        await asyncio.sleep(0.01)
        await generation.bump()


async def _bump_then_lock(challenge_id: int) -> None:
    async with in_transaction() as connection:
        await generation.bump()
        await asyncio.sleep(0.01)
        await connection.execute_query("UPDATE challenge SET updated_at = now() WHERE id = $1", [challenge_id])


async def test_bumps_in_opposite_lock_orders_never_deadlock(db: None) -> None:
    challenge = await make_challenge(title="Une ligne que tout le monde verrouille")
    before = await generation.current()
    work = [(_lock_then_bump if i % 2 else _bump_then_lock)(challenge.id) for i in range(40)]
    await asyncio.gather(*work)  # a deadlock would raise DeadlockDetectedError here
    assert await generation.current() == before + 40
    slots = await connections.get("default").execute_query_dict("SELECT count(*) AS n FROM cache_generation")
    assert slots[0]["n"] >= 1
