"""When public data last changed: a generation that each published event raises, in the event's transaction.

Every change the lab makes publishes a domain event in its transaction (colab/events); the event also raises
the generation there, so the new generation becomes visible exactly when the change does (at commit), on
every process, whatever the cache store. A cached answer remembers the generation read *before* it was
computed; it is served only while the generation is unchanged, so a change is visible on the very next read.

The counter is sharded over SLOTS rows (a random one per event) so that concurrent writers, say pledges on
different campaigns, rarely wait on the same row lock; readers sum the rows (one tiny query).
"""

from __future__ import annotations

import random

from tortoise import connections

SLOTS = 16


async def bump(row: object = None) -> None:
    """Raise the generation (inside the caller's transaction)."""
    connection = connections.get("default")
    mark = "$1" if connection.capabilities.dialect == "postgres" else "?"
    await connection.execute_query(
        f"INSERT INTO cache_generation (slot, n) VALUES ({mark}, 1) "
        "ON CONFLICT (slot) DO UPDATE SET n = cache_generation.n + 1",
        [random.randrange(SLOTS)],
    )


async def current() -> int:
    """The generation now (what committed changes raised it to)."""
    rows = await connections.get("default").execute_query_dict("SELECT COALESCE(SUM(n), 0) AS g FROM cache_generation")
    return int(rows[0]["g"])
