"""Matching through the funding core: pledging, paying, cancelling, expiring and a failed campaign move the
fund's money, the campaign's counters and the ledger together."""

from __future__ import annotations

import asyncio

import pytest

from colab.funding import ledger
from colab.funding.fund_models import FundMatch, MatchingFund, MatchStatus
from colab.funding.models import Campaign, CampaignStatus, LedgerEntry, LedgerKind, Pledge
from colab.funding.pledges import PledgeDraft, cancel_pledge, expire_pledge, pledge_funds, record_payment
from colab.funding.settlement import settle_campaign
from tests.conftest import actor_of, make_user
from tests.funding.fund_factories import live_campaign, make_fund


async def _pledge(campaign: Campaign, amount_cents: int = 2_000) -> tuple[Pledge, int]:
    backer = await make_user()
    pledge = await pledge_funds(actor_of(backer), campaign.id, PledgeDraft(amount_cents=amount_cents))
    return pledge, backer.id


async def test_a_pledge_is_matched_and_the_match_counts_toward_the_ceiling(db: None) -> None:
    fund = await make_fund()
    campaign = await live_campaign(ceiling_cents=100_000)
    pledge, _ = await _pledge(campaign)
    assert (pledge.matched_cents, pledge.match_fund_id) == (2_000, fund.id)
    await campaign.refresh_from_db()
    assert (campaign.committed_cents, campaign.matched_cents) == (4_000, 2_000)


async def test_the_match_stops_at_the_ceiling(db: None) -> None:
    await make_fund()
    campaign = await live_campaign(ceiling_cents=3_000)
    pledge, _ = await _pledge(campaign)
    assert pledge.matched_cents == 1_000
    await campaign.refresh_from_db()
    assert campaign.committed_cents == campaign.ceiling_cents and campaign.funded_at is not None


async def test_payment_moves_the_matched_money_from_the_fund_to_the_campaign(db: None) -> None:
    fund = await make_fund()
    campaign = await live_campaign()
    pledge, _ = await _pledge(campaign)
    await record_payment(pledge.id, 2_000, reference="virement-1")
    (match,) = await FundMatch.filter(pledge_id=pledge.id)
    assert match.status is MatchStatus.PAID
    assert await LedgerEntry.filter(kind=LedgerKind.MATCH).count() == 1
    assert await ledger.balance(ledger.fund(fund.id)) == -2_000
    assert await ledger.balance(ledger.campaign_account(campaign.id)) == 4_000


async def test_cancelling_an_unpaid_pledge_gives_the_match_back(db: None) -> None:
    fund = await make_fund()
    campaign = await live_campaign()
    backer = await make_user()
    pledge = await pledge_funds(actor_of(backer), campaign.id, PledgeDraft(amount_cents=2_000))
    await cancel_pledge(actor_of(backer), pledge.id)
    await fund.refresh_from_db()
    await campaign.refresh_from_db()
    assert (fund.committed_cents, campaign.matched_cents, campaign.committed_cents) == (0, 0, 0)
    assert (await FundMatch.get(pledge_id=pledge.id)).status is MatchStatus.RETURNED


async def test_an_expired_pledge_gives_the_match_back(db: None) -> None:
    fund = await make_fund()
    pledge, _ = await _pledge(await live_campaign())
    await expire_pledge(pledge.id)
    await fund.refresh_from_db()
    assert fund.committed_cents == 0


async def test_a_paid_pledge_cancelled_returns_the_match_to_the_fund_in_the_ledger(db: None) -> None:
    fund = await make_fund()
    campaign = await live_campaign()
    backer = await make_user()
    pledge = await pledge_funds(actor_of(backer), campaign.id, PledgeDraft(amount_cents=2_000))
    await record_payment(pledge.id, 2_000, reference="virement-2")
    await cancel_pledge(actor_of(backer), pledge.id)
    await fund.refresh_from_db()
    assert fund.committed_cents == 0
    assert await LedgerEntry.filter(kind=LedgerKind.FUND_RETURN).count() == 1
    assert await ledger.balance(ledger.fund(fund.id)) == 0


async def test_a_failed_campaign_returns_every_match_to_its_fund(db: None) -> None:
    fund = await make_fund()
    campaign = await live_campaign(ceiling_cents=1_000_000)  # goal 5,000 euros: far away
    paid, _ = await _pledge(campaign)
    await record_payment(paid.id, 2_000, reference="virement-3")
    await _pledge(campaign)  # never paid
    await Campaign.filter(id=campaign.id).update(status=CampaignStatus.SETTLING)
    settled = await settle_campaign(campaign.id)
    assert settled.status is CampaignStatus.FAILED
    await fund.refresh_from_db()
    assert fund.committed_cents == 0
    assert await FundMatch.filter(status=MatchStatus.RETURNED).count() == 2
    assert await ledger.balance(ledger.fund(fund.id)) == 0


@pytest.mark.postgres
async def test_a_hundred_concurrent_backers_never_over_commit_the_fund(db: None) -> None:
    fund = await make_fund(budget_cents=10_000)
    campaign = await live_campaign(ceiling_cents=10_000_000)
    backers = [await make_user() for _ in range(100)]
    pledges = await asyncio.gather(
        *(pledge_funds(actor_of(b), campaign.id, PledgeDraft(amount_cents=1_000)) for b in backers)
    )
    assert sorted(p.matched_cents for p in pledges)[-11:] == [0] + [1_000] * 10
    await fund.refresh_from_db()
    await campaign.refresh_from_db()
    assert fund.committed_cents == 10_000 == campaign.matched_cents
    assert await MatchingFund.filter(committed_cents__gt=10_000).count() == 0


@pytest.mark.postgres
async def test_cancellations_racing_new_pledges_on_two_campaigns_keep_the_fund_exact(db: None) -> None:
    fund = await make_fund(budget_cents=20_000)
    campaigns = [await live_campaign(ceiling_cents=10_000_000) for _ in range(2)]
    first = [(await make_user()) for _ in range(10)]
    early = [
        await pledge_funds(actor_of(b), campaigns[i % 2].id, PledgeDraft(amount_cents=1_000))
        for i, b in enumerate(first)
    ]
    later = [await make_user() for _ in range(40)]
    await asyncio.gather(
        *(cancel_pledge(actor_of(b), p.id) for b, p in zip(first, early, strict=True)),
        *(pledge_funds(actor_of(b), campaigns[i % 2].id, PledgeDraft(amount_cents=1_000)) for i, b in enumerate(later)),
    )
    await fund.refresh_from_db()
    live = await FundMatch.filter(fund_id=fund.id, status__in=[MatchStatus.HELD, MatchStatus.PAID])
    matched = 0
    for campaign in campaigns:
        await campaign.refresh_from_db()
        matched += campaign.matched_cents
    assert fund.committed_cents == sum(m.amount_cents for m in live) == matched <= 20_000
