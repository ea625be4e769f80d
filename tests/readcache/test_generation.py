"""The data generation: raised by every published event, in its transaction, so only committed changes count."""

import pytest
from tortoise import connections
from tortoise.transactions import in_transaction

from colab.readcache import generation
from tests.conftest import make_challenge


async def test_each_event_raises_the_generation(db: None) -> None:
    before = await generation.current()
    await make_challenge(title="Un défi qui publie un événement")
    assert await generation.current() > before


async def test_a_rolled_back_change_leaves_it_unchanged(db: None) -> None:
    before = await generation.current()

    class Rollback(Exception):
        pass

    with pytest.raises(Rollback):
        async with in_transaction():
            await generation.bump()
            raise Rollback
    assert await generation.current() == before


async def test_bumps_spread_over_slots_and_sum_up(db: None) -> None:
    before = await generation.current()
    for _ in range(40):
        async with in_transaction():
            await generation.bump()
    assert await generation.current() == before + 40


async def test_inside_a_transaction_it_counts_the_transactions_own_bumps(db: None) -> None:
    before = await generation.current()
    async with in_transaction():
        await generation.bump()
        assert await generation.current() == before + 1


async def test_a_commit_by_another_connection_is_seen_at_once(db: None) -> None:
    """The generation reader has a connection of its own (SQLite) or takes one from the pool (PostgreSQL):
    what any transaction committed is counted by the very next read."""
    before = await generation.current()
    for n in range(1, 4):
        async with in_transaction():
            await generation.bump()
        assert await generation.current() == before + n


async def test_a_database_starts_from_a_random_generation_once(db: None) -> None:
    """migrate() gives a database its epoch: answers stored in a shared Redis for another database (counting
    from its own random point) are not at this one's generations. Only the first call counts."""
    before = await generation.current()
    await generation.start_epoch()
    rows = await connections.get("default").execute_query_dict(
        f"SELECT n FROM cache_generation WHERE slot = {generation.EPOCH_SLOT}"
    )
    assert len(rows) == 1 and await generation.current() == before + rows[0]["n"]
    await generation.start_epoch()
    assert await generation.current() == before + rows[0]["n"]
