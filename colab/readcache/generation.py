"""When public data last changed: a generation that each published event raises, in the event's transaction.

Every change the lab makes publishes a domain event in its transaction (colab/events); the event also raises
the generation there, so the new generation becomes visible exactly when the change does (at commit), on
every process, whatever the cache store. A cached answer remembers the generation read *before* it was
computed; it is served only while the generation is unchanged, so a change is visible on the very next read.

The counter is sharded over rows so that concurrent writers never wait on each other for it (see `bump`);
readers sum the rows (one tiny query).
"""

from __future__ import annotations

import random

from tortoise import connections

SLOTS = 16


async def bump(row: object = None) -> None:
    """Raise the generation (inside the caller's transaction), never waiting for another transaction.

    A bump happens wherever a service publishes, in the middle of transactions that also lock campaigns,
    calls or funds in their own order: waiting here for a slot another transaction holds could close a circle
    (a deadlock). On PostgreSQL the bump takes any slot no other transaction holds (SKIP LOCKED), and adds a
    slot when all are held; SQLite has one writer at a time and no such waits.
    """
    connection = connections.get("default")
    if connection.capabilities.dialect != "postgres":
        await connection.execute_query(
            "INSERT INTO cache_generation (slot, n) VALUES (?, 1) "
            "ON CONFLICT (slot) DO UPDATE SET n = cache_generation.n + 1",
            [random.randrange(SLOTS)],
        )
        return
    for _ in range(100):
        # execute_query_dict fetches the RETURNING rows (execute_query gives INSERT's oid as its "count")
        bumped = await connection.execute_query_dict(
            "WITH free AS (SELECT slot FROM cache_generation ORDER BY random() LIMIT 1 FOR UPDATE SKIP LOCKED) "
            "UPDATE cache_generation SET n = cache_generation.n + 1 FROM free WHERE cache_generation.slot = free.slot "
            "RETURNING cache_generation.slot"
        )
        if bumped:
            return
        # every slot is held by another writer (or none exists yet): a new slot, which nobody else can hold
        added = await connection.execute_query_dict(
            "INSERT INTO cache_generation (slot, n) VALUES ($1, 1) ON CONFLICT (slot) DO NOTHING RETURNING slot",
            [random.randrange(SLOTS, 2**31 - 1)],
        )
        if added:
            return
    raise RuntimeError("no cache generation slot could be raised")


async def current() -> int:
    """The generation now (what committed changes raised it to)."""
    rows = await connections.get("default").execute_query_dict("SELECT COALESCE(SUM(n), 0) AS g FROM cache_generation")
    return int(rows[0]["g"])
