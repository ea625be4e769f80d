"""The campaign's end: closing at its date, the grace for transfers, the decision by mode, payout or refunds;
settling twice is settling once."""

from __future__ import annotations

from datetime import timedelta

from colab.events.models import Event
from colab.funding.ledger import balance, campaign_account, campaign_totals, project_account
from colab.funding.models import Campaign, CampaignMode, CampaignStatus, LedgerEntry, LedgerKind, Pledge, PledgeStatus
from colab.funding.settlement import run_clock, settle_campaign
from colab.funding.transitions import record_payment
from colab.validation import as_utc
from tests.funding.factories import make_campaign, pledge


async def _close(campaign: Campaign) -> Campaign:
    await run_clock(as_utc(campaign.closes_at) + timedelta(seconds=1))
    return await Campaign.get(id=campaign.id)


async def _paid(campaign: Campaign, amount: int, reference: str) -> Pledge:
    recorded = await pledge(campaign, amount)
    return await record_payment(recorded.id, amount, reference=reference)


async def test_the_end_date_closes_the_campaign_and_waits_the_grace(db: None) -> None:
    campaign = await make_campaign(10_000, 20_000, days=3)
    await _paid(campaign, 10_000, "a")
    closed = await _close(campaign)
    assert closed.status is CampaignStatus.SETTLING
    assert closed.settle_after == as_utc(campaign.closes_at) + timedelta(days=5)
    await run_clock(as_utc(campaign.closes_at) + timedelta(days=4))
    assert (await Campaign.get(id=campaign.id)).status is CampaignStatus.SETTLING
    await run_clock(as_utc(campaign.closes_at) + timedelta(days=5, seconds=1))
    assert (await Campaign.get(id=campaign.id)).status is CampaignStatus.SUCCEEDED


async def test_a_transfer_announced_before_the_end_is_counted_during_the_grace(db: None) -> None:
    campaign = await make_campaign(10_000, 20_000, days=3)
    announced = await pledge(campaign, 10_000)
    await _close(campaign)
    await record_payment(announced.id, 10_000, reference="during-grace")
    settled = await settle_campaign(campaign.id)
    assert settled.status is CampaignStatus.SUCCEEDED


async def test_all_or_nothing_succeeds_at_the_goal_and_pays_the_project_out(db: None) -> None:
    campaign = await make_campaign(10_000, 20_000)
    await _paid(campaign, 6_000, "a")
    await _paid(campaign, 4_000, "b")
    unpaid = await pledge(campaign, 3_000)
    await _close(campaign)
    settled = await settle_campaign(campaign.id)
    assert settled.status is CampaignStatus.SUCCEEDED
    assert (await Pledge.get(id=unpaid.id)).status is PledgeStatus.EXPIRED
    assert await balance(project_account(campaign.project_id)) == 10_000
    assert await balance(campaign_account(campaign.id)) == 0
    assert await Event.filter(kind="funding.campaign_succeeded", subject_id=campaign.id).count() == 1


async def test_settling_twice_is_settling_once(db: None) -> None:
    campaign = await make_campaign(10_000, 20_000)
    await _paid(campaign, 10_000, "a")
    await _close(campaign)
    first = await settle_campaign(campaign.id)
    second = await settle_campaign(campaign.id)
    assert first.status is second.status is CampaignStatus.SUCCEEDED
    assert await LedgerEntry.filter(kind=LedgerKind.PAYOUT).count() == 1
    assert await Event.filter(kind="funding.campaign_succeeded").count() == 1


async def test_all_or_nothing_short_of_its_goal_fails_and_refunds_every_paid_pledge(db: None) -> None:
    campaign = await make_campaign(10_000, 20_000)
    paid = await _paid(campaign, 6_000, "a")
    unpaid = await pledge(campaign, 1_000)
    await _close(campaign)
    settled = await settle_campaign(campaign.id)
    assert settled.status is CampaignStatus.FAILED and settled.active_project_id is None
    assert (await Pledge.get(id=paid.id)).status is PledgeStatus.REFUND_PENDING
    assert (await Pledge.get(id=unpaid.id)).status is PledgeStatus.EXPIRED
    assert not await LedgerEntry.filter(kind=LedgerKind.PAYOUT).exists()
    assert await Event.filter(kind="funding.pledge_refund_requested", subject_id=paid.id).count() == 1
    failed = await Event.get(kind="funding.campaign_failed", subject_id=campaign.id)
    assert failed.payload["paid_cents"] == 6_000
    await settle_campaign(campaign.id)  # twice: nothing more
    assert await Event.filter(kind="funding.pledge_refund_requested").count() == 1


async def test_keep_it_all_succeeds_with_anything_paid(db: None) -> None:
    campaign = await make_campaign(10_000, 20_000, mode=CampaignMode.KEEP_IT_ALL)
    await _paid(campaign, 1_000, "a")
    await _close(campaign)
    assert (await settle_campaign(campaign.id)).status is CampaignStatus.SUCCEEDED
    assert (await campaign_totals(campaign.id)).paid_out_cents == 1_000


async def test_keep_it_all_with_nothing_paid_fails(db: None) -> None:
    campaign = await make_campaign(10_000, 20_000, mode=CampaignMode.KEEP_IT_ALL)
    await pledge(campaign, 1_000)
    await _close(campaign)
    assert (await settle_campaign(campaign.id)).status is CampaignStatus.FAILED


async def test_a_live_campaign_is_not_settled(db: None) -> None:
    campaign = await make_campaign()
    assert (await settle_campaign(campaign.id)).status is CampaignStatus.LIVE
