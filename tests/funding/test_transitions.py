"""A pledge after it is recorded: payment, its idempotence and mismatches, late payment, expiry, cancellation,
refund; illegal transitions are refused."""

from __future__ import annotations

from datetime import timedelta

import pytest

from colab.errors import ColabError, ErrorCode
from colab.events.models import Event
from colab.funding.ledger import backer, balance, campaign_account, campaign_totals
from colab.funding.models import Campaign, LedgerEntry, PaymentMethod, Pledge, PledgeStatus, RewardTier
from colab.funding.tiers import TierDraft
from colab.funding.transitions import (
    cancel_pledge,
    expire_pledge,
    mark_payment_started,
    mark_refunded,
    record_payment,
)
from colab.validation import utcnow
from tests.funding.factories import backer as make_backer
from tests.funding.factories import make_campaign, pledge


async def test_payment_marks_the_pledge_paid_with_its_ledger_row(db: None) -> None:
    campaign = await make_campaign()
    recorded = await pledge(campaign, 2_500)
    paid = await record_payment(recorded.id, 2_500, reference="BE-2026-001")
    assert paid.status is PledgeStatus.PAID and paid.payment_reference == "BE-2026-001"
    assert (await Campaign.get(id=campaign.id)).paid_cents == 2_500
    assert await balance(campaign_account(campaign.id)) == 2_500
    assert await balance(backer(recorded.backer_id)) == -2_500
    assert await Event.filter(kind="funding.pledge_paid", subject_id=recorded.id).count() == 1


async def test_the_same_payment_twice_is_recorded_once(db: None) -> None:
    campaign = await make_campaign()
    recorded = await pledge(campaign, 2_500)
    await record_payment(recorded.id, 2_500, reference="ref-1")
    again = await record_payment(recorded.id, 2_500, reference="ref-1")
    assert again.status is PledgeStatus.PAID
    assert await LedgerEntry.filter(pledge_id=recorded.id).count() == 1
    assert (await Campaign.get(id=campaign.id)).paid_cents == 2_500
    assert await Event.filter(kind="funding.pledge_paid", subject_id=recorded.id).count() == 1


async def test_a_second_payment_with_another_reference_is_refused(db: None) -> None:
    campaign = await make_campaign()
    recorded = await pledge(campaign, 2_500)
    await record_payment(recorded.id, 2_500, reference="ref-1")
    with pytest.raises(ColabError) as refused:
        await record_payment(recorded.id, 2_500, reference="ref-2")
    assert refused.value.code is ErrorCode.ILLEGAL_TRANSITION


async def test_a_payment_of_another_amount_changes_nothing(db: None) -> None:
    campaign = await make_campaign()
    recorded = await pledge(campaign, 2_500)
    with pytest.raises(ColabError) as refused:
        await record_payment(recorded.id, 2_000, reference="short")
    assert refused.value.code is ErrorCode.PAYMENT_MISMATCH
    await recorded.refresh_from_db()
    assert recorded.status is PledgeStatus.PENDING_PAYMENT and recorded.payment_reference is None
    assert not await LedgerEntry.exists() and (await Campaign.get(id=campaign.id)).paid_cents == 0


async def test_an_online_payment_starts_then_is_paid(db: None) -> None:
    campaign = await make_campaign()
    recorded = await pledge(campaign, 2_500, method=PaymentMethod.ONLINE)
    started = await mark_payment_started(recorded.id)
    assert started.status is PledgeStatus.PENDING_PAYMENT
    with pytest.raises(ColabError) as refused:
        await mark_payment_started(recorded.id)
    assert refused.value.code is ErrorCode.ILLEGAL_TRANSITION
    assert (await record_payment(recorded.id, 2_500, reference="tr_1")).status is PledgeStatus.PAID


async def test_a_late_payment_takes_an_expired_pledge_again_if_there_is_room(db: None) -> None:
    campaign = await make_campaign(10_000, 10_000, tiers=[TierDraft("Rare", 500, stock=1)])
    tier = await RewardTier.get(campaign_id=campaign.id)
    recorded = await pledge(campaign, 4_000, tier_id=tier.id)
    await expire_pledge(recorded.id)
    assert (await Campaign.get(id=campaign.id)).committed_cents == 0
    paid = await record_payment(recorded.id, 4_000, reference="late")
    assert paid.status is PledgeStatus.PAID and paid.tier_id == tier.id
    campaign = await Campaign.get(id=campaign.id)
    assert (campaign.committed_cents, campaign.paid_cents, campaign.backers_count) == (4_000, 4_000, 1)
    assert (await RewardTier.get(id=tier.id)).taken == 1


async def test_a_late_payment_without_room_is_refused(db: None) -> None:
    campaign = await make_campaign(10_000, 10_000)
    recorded = await pledge(campaign, 4_000)
    await expire_pledge(recorded.id)
    await pledge(campaign, 10_000)
    with pytest.raises(ColabError) as refused:
        await record_payment(recorded.id, 4_000, reference="late")
    assert refused.value.code is ErrorCode.CEILING_REACHED
    assert (await Pledge.get(id=recorded.id)).status is PledgeStatus.EXPIRED


async def test_expiring_a_paid_pledge_is_an_illegal_transition(db: None) -> None:
    campaign = await make_campaign()
    recorded = await pledge(campaign, 2_500)
    await record_payment(recorded.id, 2_500, reference="r")
    with pytest.raises(ColabError) as refused:
        await expire_pledge(recorded.id)
    assert refused.value.code is ErrorCode.ILLEGAL_TRANSITION


async def test_the_backer_cancels_an_unpaid_pledge_and_its_room_returns(db: None) -> None:
    campaign = await make_campaign()
    me = await make_backer()
    recorded = await pledge(campaign, 2_500, who=me)
    cancelled = await cancel_pledge(me, recorded.id)
    assert cancelled.status is PledgeStatus.CANCELLED
    campaign = await Campaign.get(id=campaign.id)
    assert (campaign.committed_cents, campaign.backers_count) == (0, 0)
    assert await Event.filter(kind="funding.pledge_cancelled", subject_id=recorded.id).exists()


async def test_someone_else_cannot_cancel_my_pledge(db: None) -> None:
    campaign = await make_campaign()
    recorded = await pledge(campaign, 2_500)
    with pytest.raises(ColabError) as refused:
        await cancel_pledge(await make_backer("Autre"), recorded.id)
    assert refused.value.code is ErrorCode.NOT_FOUND


async def test_cancelling_a_paid_pledge_asks_for_a_refund_then_it_is_refunded(db: None) -> None:
    campaign = await make_campaign()
    me = await make_backer()
    recorded = await pledge(campaign, 2_500, who=me)
    await record_payment(recorded.id, 2_500, reference="paid")
    pending = await cancel_pledge(me, recorded.id)
    assert pending.status is PledgeStatus.REFUND_PENDING
    event = await Event.get(kind="funding.pledge_refund_requested", subject_id=recorded.id)
    assert event.payload["method"] == "TRANSFER"
    assert (await Campaign.get(id=campaign.id)).paid_cents == 0
    refunded = await mark_refunded(recorded.id, reference="refund-1")
    assert refunded.status is PledgeStatus.REFUNDED
    assert await balance(campaign_account(campaign.id)) == 0
    assert await mark_refunded(recorded.id, reference="refund-1") == refunded  # twice: once
    totals = await campaign_totals(campaign.id)
    assert (totals.received_cents, totals.refunded_cents) == (2_500, 2_500)


async def test_refunding_an_unpaid_pledge_is_an_illegal_transition(db: None) -> None:
    campaign = await make_campaign()
    recorded = await pledge(campaign, 2_500)
    with pytest.raises(ColabError) as refused:
        await mark_refunded(recorded.id, reference="x")
    assert refused.value.code is ErrorCode.ILLEGAL_TRANSITION


async def test_a_pledge_cannot_be_cancelled_in_the_last_24_hours(db: None) -> None:
    campaign = await make_campaign()
    me = await make_backer()
    recorded = await pledge(campaign, 2_500, who=me)
    await Campaign.filter(id=campaign.id).update(closes_at=utcnow() + timedelta(hours=20))
    with pytest.raises(ColabError) as refused:
        await cancel_pledge(me, recorded.id)
    assert refused.value.code is ErrorCode.TOO_LATE_TO_CANCEL
