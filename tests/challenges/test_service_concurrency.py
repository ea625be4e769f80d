"""Challenges under concurrency (PostgreSQL): closed once, and an edit racing a close never reopens it."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any

import pytest

from colab.challenges.models import Challenge, ChallengeStatus
from colab.challenges.service import ChallengeDraft, close_challenge, update_challenge
from colab.errors import ColabError, ErrorCode
from colab.organizations.models import MembershipRole
from tests.conftest import actor_of, make_challenge, make_org, make_user

pytestmark = pytest.mark.postgres


async def _race(n: int, attempt: Callable[[int], Awaitable[Any]]) -> list[Any]:
    return await asyncio.gather(*(attempt(i) for i in range(n)), return_exceptions=True)


async def test_ten_closes_succeed_once(db: None) -> None:
    manager = await make_user()
    org = await make_org(members={manager: MembershipRole.MANAGER})
    challenge = await make_challenge(org=org)
    results = await _race(10, lambda _: close_challenge(actor_of(manager), challenge.id))
    closed = [r for r in results if isinstance(r, Challenge)]
    assert len(closed) == 1
    assert [r.code for r in results if isinstance(r, ColabError)] == [ErrorCode.CHALLENGE_CLOSED] * 9
    stored = await Challenge.get(id=challenge.id)
    assert (stored.status, stored.closed_at) == (ChallengeStatus.CLOSED, closed[0].closed_at)


async def test_an_edit_racing_a_close_never_reopens_the_challenge(db: None) -> None:
    manager = await make_user()
    org = await make_org(members={manager: MembershipRole.MANAGER})
    challenge = await make_challenge(org=org)
    actor = actor_of(manager)
    results = await asyncio.gather(
        *(update_challenge(actor, challenge.id, ChallengeDraft(title=f"Titre revu {i}")) for i in range(5)),
        close_challenge(actor, challenge.id),
        return_exceptions=True,
    )
    assert isinstance(results[-1], Challenge)
    for result in results[:-1]:
        assert isinstance(result, Challenge) or result.code is ErrorCode.CHALLENGE_CLOSED
    stored = await Challenge.get(id=challenge.id)
    assert stored.status is ChallengeStatus.CLOSED
    assert stored.closed_at is not None
