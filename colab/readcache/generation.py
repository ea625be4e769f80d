"""When public data last changed: a generation that each published event raises, in the event's transaction.

Every change the lab makes publishes a domain event in its transaction (colab/events); the event also raises
the generation there, so the new generation becomes visible exactly when the change does (at commit), on
every process, whatever the cache store. A cached answer remembers the generation read *before* it was
computed; it is served only while the generation is unchanged, so a change is visible on the very next read.

The counter is sharded over rows so that concurrent writers never wait on each other for it (see `bump`);
readers sum the rows (one tiny query). A cache hit is little more than this read, so `current` makes it cheap
(see `_Reader`): on SQLite a synchronous read on a connection of its own (no thread hop), on PostgreSQL a
prepared statement straight on the pool, and concurrent readers of one process share a read that began
after they all arrived.
"""

from __future__ import annotations

import asyncio
import logging
import random
import sqlite3
import weakref
from collections.abc import Awaitable, Callable
from typing import Any

from tortoise import connections
from tortoise.backends.asyncpg.client import AsyncpgDBClient
from tortoise.backends.base.client import BaseDBAsyncClient, TransactionalDBClient
from tortoise.backends.sqlite.client import SqliteClient

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


#: the slot holding a database's random starting point (bump never picks it on SQLite; on PostgreSQL it may)
EPOCH_SLOT = -1


async def start_epoch() -> None:
    """Give a new database a random starting generation (a no-op afterwards).

    Answers in Redis outlive a database that is dropped and created again, or a second database next to the
    first (a copy, a test run, a benchmark) sharing the Redis: counting from zero, the new one would reach the
    generations the old answers were stored at, and be served them. From a random point in 2**48 it does not.
    """
    connection = connections.get("default")
    mark = "$1" if connection.capabilities.dialect == "postgres" else "?"
    await connection.execute_query(
        f"INSERT INTO cache_generation (slot, n) VALUES ({EPOCH_SLOT}, {mark}) ON CONFLICT (slot) DO NOTHING",
        [random.SystemRandom().randrange(2**48)],
    )


CURRENT = "SELECT COALESCE(SUM(n), 0) AS g FROM cache_generation"
#: the statements are logged where Tortoise logs its own (the tests count them there)
_log = logging.getLogger("tortoise.db_client")


async def current() -> int:
    """The generation now (what committed changes raised it to, whoever committed them)."""
    client = connections.get("default")
    if isinstance(client, TransactionalDBClient):  # inside a transaction: through it, its own bumps included
        return await _through_tortoise(client)
    reader = _readers.get(client)
    if reader is None:
        reader = _readers[client] = _Reader(client)
    return await reader.read()


async def _through_tortoise(client: BaseDBAsyncClient) -> int:
    rows = await client.execute_query_dict(CURRENT)
    return int(rows[0]["g"])


class Coalesced:
    """Concurrent callers share reads, never one that began before they called.

    The first caller starts a read; callers arriving while it runs wait for the NEXT read, which starts when
    that one ends, and share it. Every caller thus gets a value read after it arrived: whatever had committed
    when it called is counted (nobody is served a generation older than their request), while N concurrent
    hits cost about two reads instead of N.
    """

    def __init__(self, read: Callable[[], Awaitable[int]]) -> None:
        self._read = read
        self._running = False
        self._next: asyncio.Future[int] | None = None

    async def __call__(self) -> int:
        if not self._running:
            self._running = True
            try:
                value = await self._read()
            except BaseException:
                self._release()
                raise
            self._release()
            return value
        if self._next is None:
            self._next = asyncio.get_running_loop().create_future()
        return await asyncio.shield(self._next)

    def _release(self) -> None:
        """The read in flight ended: start the one the late arrivals wait for, if any."""
        waiting, self._next = self._next, None
        if waiting is None:
            self._running = False
            return
        # still running: the next read is in flight now (it is the one that starts after the waiters came)
        asyncio.ensure_future(self._serve(waiting))

    async def _serve(self, waiting: asyncio.Future[int]) -> None:
        try:
            value = await self._read()
        except asyncio.CancelledError:
            waiting.cancel()
            self._release()
            raise
        except Exception as error:  # the waiters get the error; this task ends quietly
            if not waiting.done():
                waiting.set_exception(error)
        else:
            if not waiting.done():
                waiting.set_result(value)
        self._release()


class _Reader:
    """The cheapest committed read of the generation this database allows.

    SQLite (WAL): a connection of its own, read synchronously on the event loop: a 16-row sum takes a few
    microseconds, less than aiosqlite's trip to its thread; in WAL mode a reader never waits for a writer,
    and with no busy timeout a rare "database is locked" falls back to Tortoise's connection. It sees every
    commit of every connection and process, as a Tortoise read outside a transaction does.
    PostgreSQL: the statement on Tortoise's asyncpg pool (asyncpg prepares and keeps it), without Tortoise's
    query machinery; concurrent readers share reads (`Coalesced`). Other clients: through Tortoise.
    """

    def __init__(self, client: BaseDBAsyncClient) -> None:
        self.client = client
        self.sqlite: sqlite3.Connection | None = None
        self.read: Callable[[], Awaitable[int]] = self._tortoise
        if isinstance(client, SqliteClient) and client.filename not in ("", ":memory:"):
            # check_same_thread off: pytest-asyncio and uvicorn may run loops on other threads; one loop uses it
            self.sqlite = sqlite3.connect(client.filename, timeout=0, isolation_level=None, check_same_thread=False)
            self.read = self._sqlite
        elif isinstance(client, AsyncpgDBClient):
            self.read = Coalesced(self._postgres)

    async def _tortoise(self) -> int:
        return await _through_tortoise(self.client)

    async def _sqlite(self) -> int:
        assert self.sqlite is not None
        if _log.isEnabledFor(logging.DEBUG):
            _log.debug(CURRENT)
        try:
            row = self.sqlite.execute(CURRENT).fetchone()
        except sqlite3.OperationalError:  # locked (a checkpoint, a recovery): take the ordinary way
            return await _through_tortoise(self.client)
        return int(row[0])

    async def _postgres(self) -> int:
        pool: Any = getattr(self.client, "_pool", None)
        if pool is None:  # not connected yet: Tortoise connects
            return await _through_tortoise(self.client)
        if _log.isEnabledFor(logging.DEBUG):
            _log.debug(CURRENT)
        async with pool.acquire() as connection:
            return int(await connection.fetchval(CURRENT))


#: one reader per Tortoise client (a test's database, a server's connection), forgotten with it
_readers: weakref.WeakKeyDictionary[BaseDBAsyncClient, _Reader] = weakref.WeakKeyDictionary()
