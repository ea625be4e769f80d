"""SQLite transactions take the write lock when they begin: two processes writing the same file wait their turn
instead of failing with "database is locked" (the command line next to the server's in-process worker)."""

from __future__ import annotations

import asyncio
from pathlib import Path

from tortoise.context import TortoiseContext

from colab.sqlite_engine import ImmediateSqliteClient


async def _client(path: Path, name: str) -> ImmediateSqliteClient:
    client = ImmediateSqliteClient(file_path=str(path), connection_name=name, journal_mode="WAL")
    await client.create_connection(with_db=True)
    return client


async def test_a_reader_that_writes_late_does_not_fail_when_another_process_wrote(tmp_path: Path) -> None:
    async with TortoiseContext():
        await _race(tmp_path / "shared.sqlite3")


async def _race(path: Path) -> None:
    first, second = await _client(path, "first"), await _client(path, "second")
    try:
        await first.execute_script("CREATE TABLE counter (n INTEGER); INSERT INTO counter VALUES (0);")
        second_started = asyncio.Event()

        async def other_process() -> None:
            second_started.set()
            async with second._in_transaction() as tx:
                await tx.execute_query("UPDATE counter SET n = n + 10")

        async with first._in_transaction() as tx:
            (_, rows) = await tx.execute_query("SELECT n FROM counter")
            task = asyncio.create_task(other_process())
            await second_started.wait()
            await asyncio.sleep(0.05)  # the other process commits in between, under the deferred engine
            await tx.execute_query("UPDATE counter SET n = n + 1")
        await task
        assert (await first.execute_query_dict("SELECT n FROM counter"))[0]["n"] == 11
    finally:
        await first.close()
        await second.close()
