"""Rate limits, in memory and in Redis (127.0.0.1:6379, a key prefix of its own per test)."""

import uuid
from collections.abc import AsyncIterator

import pytest

from colab.errors import ErrorCode
from colab.ratelimits import LimitSettings, RateLimited, RateLimits, request_cost

REDIS_URL = "redis://127.0.0.1:6379/0"


@pytest.fixture(params=["memory", "redis"])
async def limits(request: pytest.FixtureRequest) -> AsyncIterator[RateLimits]:
    settings = LimitSettings(log_in_per_account="3 per 15 minutes", log_in_per_ip="5 per 15 minutes")
    if request.param == "memory":
        yield RateLimits(settings=settings)
        return
    prefix = f"test-{uuid.uuid4().hex}"
    found = RateLimits(REDIS_URL, prefix, settings)
    assert await found.storage.check(), "Redis is not running at 127.0.0.1:6379"
    yield found
    await found.storage.reset()
    await found.close()


async def test_the_fourth_log_in_on_one_account_waits(limits: RateLimits) -> None:
    for _ in range(3):
        await limits.log_in_attempt("10.0.0.1", "lea@exemple.be")
    with pytest.raises(RateLimited) as caught:
        await limits.log_in_attempt("10.0.0.2", "LEA@exemple.be ")
    assert caught.value.code is ErrorCode.RATE_LIMITED
    assert 0 < caught.value.retry_after <= 15 * 60


async def test_one_ip_guessing_many_accounts_waits_too(limits: RateLimits) -> None:
    for n in range(5):
        await limits.log_in_attempt("10.0.0.1", f"personne{n}@exemple.be")
    with pytest.raises(RateLimited):
        await limits.log_in_attempt("10.0.0.1", "encore.une@exemple.be")
    await limits.log_in_attempt("10.0.0.2", "encore.une@exemple.be")  # another IP is not concerned


async def test_graphql_cost_is_charged_by_weight(limits: RateLimits) -> None:
    weighted = RateLimits(settings=LimitSettings(graphql_cost="10 per minute"))
    await weighted.graphql_request("token:1", 6)
    with pytest.raises(RateLimited):
        await weighted.graphql_request("token:1", 5)
    await weighted.graphql_request("token:2", 5)


async def test_two_processes_share_the_limits_through_redis() -> None:
    prefix = f"test-{uuid.uuid4().hex}"
    settings = LimitSettings(log_in_per_account="2 per 15 minutes")
    first, second = RateLimits(REDIS_URL, prefix, settings), RateLimits(REDIS_URL, prefix, settings)
    try:
        await first.log_in_attempt("10.0.0.1", "lea@exemple.be")
        await second.log_in_attempt("10.0.0.1", "lea@exemple.be")
        with pytest.raises(RateLimited):
            await first.log_in_attempt("10.0.0.1", "lea@exemple.be")
    finally:
        await first.storage.reset()
        await first.close()
        await second.close()


def test_a_request_costs_one_plus_one_per_twenty_fields() -> None:
    assert [request_cost(n) for n in (0, 1, 19, 20, 39, 40, 400)] == [1, 1, 1, 2, 2, 3, 21]
