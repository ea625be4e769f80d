"""What a fund's page reads: its targets, what it matched and where, in a bounded number of queries."""

from __future__ import annotations

from colab.funding.fund_models import FundStatus, MatchingFund
from colab.funding.fund_queries import (
    fund_page_data,
    funds_by_organization,
    funds_of_organization,
    list_funds,
    matches_by_fund,
)
from tests.conftest import SQLCounter, territory, theme
from tests.funding.fund_factories import live_campaign, make_fund, matched, pledge_row, released


async def test_the_page_sums_what_the_fund_matched_per_campaign(db: None) -> None:
    fund = await make_fund(territory_ids=[(await territory("90000")).id], theme_ids=[(await theme("mobilite")).id])
    big, small = await live_campaign(), await live_campaign()
    for amount in (3_000, 2_000):
        await matched(await pledge_row(big, amount_cents=amount))
    await matched(await pledge_row(small, amount_cents=1_000))
    gone = await pledge_row(small, amount_cents=4_000)
    await matched(gone)
    await released(gone)
    page = await fund_page_data(fund.id)
    assert page is not None
    assert [(m.campaign_id, m.total_cents, m.pledges) for m in page.matched] == [
        (big.id, 5_000, 2),
        (small.id, 1_000, 1),
    ]
    assert (page.held_cents, page.paid_cents, page.pledges) == (6_000, 0, 3)
    assert [t.nis_code for t in page.territories] == ["90000"]
    assert [t.slug for t in page.themes] == ["mobilite"] and page.challenges == []
    assert page.fund.left_cents == 100_000 - 6_000


async def test_the_page_costs_the_same_for_many_campaigns(db: None, sql: SQLCounter) -> None:
    fund = await make_fund()
    await matched(await pledge_row(await live_campaign()))
    sql.reset()
    await fund_page_data(fund.id)
    few = sql.count
    for _ in range(4):
        await matched(await pledge_row(await live_campaign()))
    sql.reset()
    page = await fund_page_data(fund.id)
    assert page is not None and len(page.matched) == 5
    assert sql.count == few


async def test_a_missing_fund_has_no_page(db: None) -> None:
    assert await fund_page_data(999_999) is None


async def test_an_organization_s_funds_newest_first_and_listed(db: None) -> None:
    first = await make_fund()
    second = await make_fund()
    await MatchingFund.filter(id=first.id).update(organization_id=second.organization_id, status=FundStatus.CLOSED)
    assert [f.id for f in await funds_of_organization(second.organization_id)] == [second.id, first.id]
    assert [f.id for f in await funds_of_organization(second.organization_id, include_closed=False)] == [second.id]
    grouped = await funds_by_organization([second.organization_id, first.organization_id])
    assert [f.id for f in grouped[second.organization_id]] == [second.id, first.id]
    items, total = await list_funds(status=FundStatus.ACTIVE)
    assert ([f.id for f in items], total) == ([second.id], 1)


async def test_matches_pages_for_many_funds_in_three_statements(db: None, sql: SQLCounter) -> None:
    funds = [await make_fund(), await make_fund()]
    campaign = await live_campaign()
    pledges = [await pledge_row(campaign, amount_cents=1_000) for _ in range(3)]
    for pledge in pledges:
        await matched(pledge)  # the first fund matches each
    await MatchingFund.filter(id=funds[0].id).update(status=FundStatus.PAUSED)
    await matched(await pledge_row(campaign, amount_cents=1_000))  # the second fund
    sql.reset()
    pages = await matches_by_fund([f.id for f in funds], offset=1, limit=5)
    assert sql.count == 3
    assert [(m.pledge_id, m.amount_cents) for m in pages[funds[0].id][0]] == [
        (pledges[1].id, 1_000),
        (pledges[0].id, 1_000),
    ]
    assert pages[funds[0].id][1] == 3 and pages[funds[1].id] == ([], 1)
