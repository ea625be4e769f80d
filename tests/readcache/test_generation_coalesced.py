"""Concurrent generation reads share a read, never one that began before the caller asked."""

from __future__ import annotations

import asyncio

import pytest

from colab.readcache.generation import Coalesced


class Database:
    """A counter whose reads take until `release`: what committed before a read began is what it returns."""

    def __init__(self) -> None:
        self.committed = 0
        self.reads = 0
        self.gate = asyncio.Event()

    async def read(self) -> int:
        self.reads += 1
        value = self.committed  # the snapshot is taken when the read begins
        await self.gate.wait()
        return value


async def test_a_caller_arriving_during_a_read_gets_the_next_read() -> None:
    db = Database()
    current = Coalesced(db.read)
    first = asyncio.create_task(current())
    await asyncio.sleep(0)  # the first read has begun, with 0 committed
    db.committed = 1  # a change commits, then two requests arrive
    late = [asyncio.create_task(current()) for _ in range(2)]
    await asyncio.sleep(0)
    db.gate.set()
    assert await first == 0
    assert await asyncio.gather(*late) == [1, 1]  # never the read that began before the commit
    assert db.reads == 2  # the late callers shared one read


async def test_alone_each_call_reads() -> None:
    db = Database()
    db.gate.set()
    current = Coalesced(db.read)
    for n in range(3):
        db.committed = n
        assert await current() == n
    assert db.reads == 3


async def test_an_error_reaches_the_callers_and_the_next_call_reads_again() -> None:
    calls = 0
    gate = asyncio.Event()

    async def failing() -> int:
        nonlocal calls
        calls += 1
        await gate.wait()
        if calls <= 2:
            raise ConnectionError("down")
        return 7

    current = Coalesced(failing)
    first = asyncio.create_task(current())
    await asyncio.sleep(0)
    late = asyncio.create_task(current())
    await asyncio.sleep(0)
    gate.set()
    with pytest.raises(ConnectionError):
        await first
    with pytest.raises(ConnectionError):
        await late
    assert await current() == 7
