"""Sign-up under concurrency (PostgreSQL): the unique index, not the pre-check, keeps one account per email."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from tortoise import connections

from colab.accounts.models import User
from colab.accounts.service import sign_up
from colab.errors import ColabError, ErrorCode
from tests.conftest import PASSWORD

pytestmark = pytest.mark.postgres


async def _race(n: int, attempt: Callable[[int], Awaitable[Any]]) -> list[Any]:
    return await asyncio.gather(*(attempt(i) for i in range(n)), return_exceptions=True)


async def test_the_pool_really_runs_queries_side_by_side(db: None) -> None:
    # the races below mean something only if several connections work at once
    client = connections.get("default")
    assert client._pool.get_max_size() > 1  # type: ignore[attr-defined]
    started = time.perf_counter()
    await _race(4, lambda _: client.execute_query("SELECT pg_sleep(0.3)"))
    assert time.perf_counter() - started < 0.9


async def test_ten_sign_ups_with_one_email_make_one_account(db: None) -> None:
    results = await _race(10, lambda i: sign_up(f"Meme.Adresse@exemple.be{' ' * i}", PASSWORD, f"Personne {i}"))
    created = [r for r in results if isinstance(r, User)]
    refused = [r for r in results if isinstance(r, ColabError)]
    assert len(created) == 1
    assert [e.code for e in refused] == [ErrorCode.EMAIL_TAKEN] * 9
    assert await User.filter(email="meme.adresse@exemple.be").count() == 1
