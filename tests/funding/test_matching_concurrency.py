"""Matching under concurrency (PostgreSQL): the budget and the caps hold, a match is returned once."""

from __future__ import annotations

import asyncio

import pytest

from colab.funding.fund_models import FundMatch, MatchingFund, MatchStatus
from colab.funding.models import Pledge
from tests.conftest import make_user
from tests.funding.fund_factories import live_campaign, make_fund, matched, pledge_row, released

pytestmark = pytest.mark.postgres


async def _pledges(count: int, amount_cents: int = 1_000, same_backer: bool = True) -> list[Pledge]:
    campaign = await live_campaign()
    backer = await make_user()
    return [
        await pledge_row(campaign, backer if same_backer else await make_user(), amount_cents) for _ in range(count)
    ]


async def _committed_and_live(fund: MatchingFund) -> tuple[int, int]:
    await fund.refresh_from_db()
    live = await FundMatch.filter(fund_id=fund.id, status__in=[MatchStatus.HELD, MatchStatus.PAID])
    return fund.committed_cents, sum(m.amount_cents for m in live)


async def test_a_hundred_concurrent_pledges_on_a_budget_for_ten_commit_exactly_the_budget(db: None) -> None:
    fund = await make_fund(budget_cents=10_000)
    pledges = await _pledges(100)
    results = await asyncio.gather(*(matched(p) for p in pledges))
    assert sorted(results, reverse=True)[:10] == [1_000] * 10 and sum(results) == 10_000
    assert results.count(0) == 90
    assert await _committed_and_live(fund) == (10_000, 10_000)


async def test_an_odd_budget_is_split_without_overshoot(db: None) -> None:
    fund = await make_fund(budget_cents=9_500)
    results = await asyncio.gather(*(matched(p) for p in await _pledges(50, 700)))
    assert sum(results) == 9_500
    assert await _committed_and_live(fund) == (9_500, 9_500)


async def test_the_cap_per_project_holds_under_concurrency(db: None) -> None:
    fund = await make_fund(cap_per_project_cents=5_000)
    results = await asyncio.gather(*(matched(p) for p in await _pledges(40, same_backer=False)))
    assert sum(results) == 5_000
    assert await _committed_and_live(fund) == (5_000, 5_000)


async def test_the_cap_per_backer_holds_under_concurrency(db: None) -> None:
    fund = await make_fund(cap_per_backer_cents=3_000)
    results = await asyncio.gather(*(matched(p) for p in await _pledges(40)))
    assert sum(results) == 3_000
    assert await _committed_and_live(fund) == (3_000, 3_000)


async def test_releases_racing_matches_keep_the_counter_equal_to_the_live_matches(db: None) -> None:
    fund = await make_fund(budget_cents=10_000)
    first = await _pledges(10)
    await asyncio.gather(*(matched(p) for p in first))
    second = await _pledges(30)
    results = await asyncio.gather(*(released(p) for p in first), *(matched(p) for p in second))
    assert sum(results[:10]) == 10_000
    committed, live = await _committed_and_live(fund)
    assert committed == live == sum(results[10:]) <= 10_000


async def test_a_match_released_ten_times_at_once_comes_back_once(db: None) -> None:
    fund = await make_fund()
    (pledge,) = await _pledges(1, 2_000)
    await matched(pledge)
    results = await asyncio.gather(*(released(pledge) for _ in range(10)))
    assert sorted(results) == [0] * 9 + [2_000]
    assert await _committed_and_live(fund) == (0, 0)
