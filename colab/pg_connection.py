"""The asyncpg connection of the PostgreSQL pool, without asyncpg's reset round trip on every release.

Tortoise takes a pooled connection for each statement outside a transaction, and asyncpg's pool resets a
connection each time it comes back: `SELECT pg_advisory_unlock_all(); CLOSE ALL; UNLISTEN *; RESET ALL;`,
one more round trip per statement, which a public list paid three or four times. The lab sets no session
state that needs undoing: no session advisory lock, cursor, LISTEN or SET (`synchronous_commit` is set
transaction-local, `plan_cache_mode` for the connection's whole life). An open transaction is still ended by
asyncpg on release, whatever this query says.
"""

from __future__ import annotations

import asyncpg


class PooledConnection(asyncpg.Connection):  # type: ignore[misc]
    def get_reset_query(self) -> str:
        return ""
