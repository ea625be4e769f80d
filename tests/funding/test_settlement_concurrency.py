"""Settlement and payments racing on PostgreSQL: settling from several workers at once pays out once; the same
payment recorded concurrently is recorded once."""

from __future__ import annotations

import asyncio

import pytest

from colab.events.models import Event
from colab.funding.ledger import campaign_totals
from colab.funding.models import Campaign, CampaignStatus, LedgerEntry, LedgerKind
from colab.funding.settlement import run_clock, settle_campaign
from colab.funding.transitions import record_payment
from colab.validation import as_utc
from tests.funding.factories import make_campaign, pledge

pytestmark = pytest.mark.postgres


async def test_five_workers_settling_at_once_pay_out_once(db: None) -> None:
    campaign = await make_campaign(10_000, 20_000)
    for i in range(3):
        recorded = await pledge(campaign, 4_000)
        await record_payment(recorded.id, 4_000, reference=f"r{i}")
    await run_clock(as_utc(campaign.closes_at))
    results = await asyncio.gather(*(settle_campaign(campaign.id) for _ in range(5)), return_exceptions=True)
    assert not [r for r in results if isinstance(r, BaseException)]
    assert (await Campaign.get(id=campaign.id)).status is CampaignStatus.SUCCEEDED
    assert await LedgerEntry.filter(kind=LedgerKind.PAYOUT).count() == 1
    assert (await campaign_totals(campaign.id)).paid_out_cents == 12_000
    assert await Event.filter(kind="funding.campaign_succeeded").count() == 1


async def test_the_same_payment_recorded_ten_times_at_once_counts_once(db: None) -> None:
    campaign = await make_campaign()
    recorded = await pledge(campaign, 2_500)
    results = await asyncio.gather(
        *(record_payment(recorded.id, 2_500, reference="webhook-1") for _ in range(10)), return_exceptions=True
    )
    assert not [r for r in results if isinstance(r, BaseException)]
    assert await LedgerEntry.filter(pledge_id=recorded.id).count() == 1
    assert (await Campaign.get(id=campaign.id)).paid_cents == 2_500
    assert await Event.filter(kind="funding.pledge_paid").count() == 1


async def test_payments_racing_the_settlement_neither_deadlock_nor_lose_money(db: None) -> None:
    campaign = await make_campaign(10_000, 50_000)
    pending = [await pledge(campaign, 2_000) for _ in range(6)]
    await run_clock(as_utc(campaign.closes_at))
    payments = [record_payment(p.id, 2_000, reference=f"late-{p.id}") for p in pending]
    results = await asyncio.gather(settle_campaign(campaign.id), *payments, return_exceptions=True)
    unexpected = [r for r in results if isinstance(r, BaseException) and not hasattr(r, "code")]
    assert unexpected == []  # typed refusals only (a pledge expired by the settlement), no deadlock
    campaign = await Campaign.get(id=campaign.id)
    totals = await campaign_totals(campaign.id)
    assert campaign.status in (CampaignStatus.SUCCEEDED, CampaignStatus.FAILED)
    assert totals.received_cents == 2_000 * sum(1 for r in results[1:] if not isinstance(r, BaseException))
