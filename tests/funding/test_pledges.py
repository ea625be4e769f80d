"""Recording a pledge: the amount rules, the ceiling and the stock, the hold by payment method, the events."""

from __future__ import annotations

from datetime import timedelta

import pytest

from colab.errors import ColabError, ErrorCode
from colab.events.models import Event
from colab.funding.models import Campaign, CampaignStatus, PaymentMethod, PledgeStatus, RewardTier
from colab.funding.pledges import expire_stale, pledges_of_backer, public_pledges
from colab.funding.tiers import TierDraft
from colab.funding.transitions import record_payment
from colab.validation import utcnow
from tests.funding.factories import backer, make_campaign, pledge


async def test_a_transfer_pledge_waits_for_payment_and_holds_its_room(db: None) -> None:
    campaign = await make_campaign(100_000, 150_000)
    recorded = await pledge(campaign, 2_500)
    assert recorded.status is PledgeStatus.PENDING_PAYMENT
    assert recorded.expires_at is not None and recorded.expires_at - utcnow() > timedelta(days=9)
    campaign = await Campaign.get(id=campaign.id)
    assert (campaign.committed_cents, campaign.backers_count, campaign.paid_cents) == (2_500, 1, 0)
    event = await Event.get(kind="funding.pledge_recorded", subject_id=recorded.id)
    assert event.payload["amount_cents"] == 2_500 and event.payload["method"] == "TRANSFER"
    assert event.payload["pledge_id"] == recorded.id and event.project_id == campaign.project_id


async def test_an_online_pledge_is_reserved_for_a_short_hold(db: None) -> None:
    campaign = await make_campaign()
    recorded = await pledge(campaign, 2_500, method=PaymentMethod.ONLINE)
    assert recorded.status is PledgeStatus.RESERVED
    assert recorded.expires_at is not None and recorded.expires_at - utcnow() <= timedelta(minutes=30)


@pytest.mark.parametrize(("amount", "code"), [(499, ErrorCode.AMOUNT_TOO_LOW), (1_000_001, ErrorCode.AMOUNT_TOO_HIGH)])
async def test_amounts_outside_the_settings_are_refused(db: None, amount: int, code: ErrorCode) -> None:
    campaign = await make_campaign(100_000, 2_000_000)
    with pytest.raises(ColabError) as refused:
        await pledge(campaign, amount)
    assert refused.value.code is code and refused.value.field == "amountCents"
    assert (await Campaign.get(id=campaign.id)).committed_cents == 0


async def test_a_tier_asks_for_its_minimum(db: None) -> None:
    campaign = await make_campaign(tiers=[TierDraft("Un panier de légumes", 5_000, stock=10)])
    tier = await RewardTier.get(campaign_id=campaign.id)
    with pytest.raises(ColabError) as refused:
        await pledge(campaign, 4_999, tier_id=tier.id)
    assert refused.value.code is ErrorCode.AMOUNT_TOO_LOW
    await pledge(campaign, 5_000, tier_id=tier.id)
    assert (await RewardTier.get(id=tier.id)).taken == 1


async def test_a_pledge_over_the_ceiling_is_refused(db: None) -> None:
    campaign = await make_campaign(10_000, 10_000)
    await pledge(campaign, 9_000)
    with pytest.raises(ColabError) as refused:
        await pledge(campaign, 1_001)
    assert refused.value.code is ErrorCode.CEILING_REACHED
    campaign = await Campaign.get(id=campaign.id)
    assert campaign.committed_cents == 9_000 and campaign.backers_count == 1


async def test_reaching_the_ceiling_marks_the_campaign_funded_and_stops_pledges(db: None) -> None:
    campaign = await make_campaign(5_000, 10_000)
    await pledge(campaign, 10_000)
    campaign = await Campaign.get(id=campaign.id)
    assert campaign.funded_at is not None and campaign.status is CampaignStatus.LIVE
    assert await Event.filter(kind="funding.campaign_funded", subject_id=campaign.id).count() == 1
    with pytest.raises(ColabError) as refused:
        await pledge(campaign, 500)
    assert refused.value.code is ErrorCode.CEILING_REACHED


async def test_a_sold_out_tier_refuses_and_records_nothing(db: None) -> None:
    campaign = await make_campaign(tiers=[TierDraft("Visite guidée", 1_000, stock=1)])
    tier = await RewardTier.get(campaign_id=campaign.id)
    await pledge(campaign, 1_000, tier_id=tier.id)
    with pytest.raises(ColabError) as refused:
        await pledge(campaign, 1_000, tier_id=tier.id)
    assert refused.value.code is ErrorCode.SOLD_OUT and refused.value.field == "tierId"
    campaign = await Campaign.get(id=campaign.id)
    assert campaign.committed_cents == 1_000 and campaign.backers_count == 1  # the refused pledge held nothing


@pytest.mark.parametrize("status", [CampaignStatus.DRAFT, CampaignStatus.IN_REVIEW, CampaignStatus.SCHEDULED])
async def test_a_campaign_not_live_takes_no_pledge(db: None, status: CampaignStatus) -> None:
    campaign = await make_campaign(status=status, opens_at=utcnow() + timedelta(days=3))
    with pytest.raises(ColabError) as refused:
        await pledge(campaign, 1_000)
    assert refused.value.code is ErrorCode.CAMPAIGN_NOT_LIVE


async def test_a_tier_of_another_campaign_is_not_found(db: None) -> None:
    campaign = await make_campaign()
    other = await make_campaign(tiers=[TierDraft("Ailleurs", 500)])
    tier = await RewardTier.get(campaign_id=other.id)
    with pytest.raises(ColabError) as refused:
        await pledge(campaign, 1_000, tier_id=tier.id)
    assert refused.value.code is ErrorCode.NOT_FOUND


async def test_the_message_is_kept_as_plain_text(db: None) -> None:
    campaign = await make_campaign()
    recorded = await pledge(campaign, 1_000, message="<script>alert(1)</script><b>Bravo</b> &amp; courage")
    assert recorded.message == "Bravo & courage"


async def test_too_long_a_message_is_refused(db: None) -> None:
    campaign = await make_campaign()
    with pytest.raises(ColabError) as refused:
        await pledge(campaign, 1_000, message="x" * 501)
    assert refused.value.code is ErrorCode.TOO_LONG


async def test_stale_pledges_expire_and_give_their_room_back(db: None) -> None:
    campaign = await make_campaign(10_000, 10_000, tiers=[TierDraft("Rare", 500, stock=1)])
    tier = await RewardTier.get(campaign_id=campaign.id)
    await pledge(campaign, 10_000, method=PaymentMethod.ONLINE, tier_id=tier.id)
    assert (await Campaign.get(id=campaign.id)).funded_at is not None
    assert await expire_stale(utcnow()) == 0
    assert await expire_stale(utcnow() + timedelta(minutes=31)) == 1
    campaign = await Campaign.get(id=campaign.id)
    assert (campaign.committed_cents, campaign.backers_count, campaign.funded_at) == (0, 0, None)
    assert (await RewardTier.get(id=tier.id)).taken == 0
    await pledge(campaign, 10_000, tier_id=tier.id)  # the room and the unit are free again


async def test_my_pledges_and_the_public_ones(db: None, sql: object) -> None:
    campaign = await make_campaign()
    me = await backer("Moi Même")
    first = await pledge(campaign, 1_000, who=me)
    second = await pledge(campaign, 2_000, who=me, message="Allez !")
    await pledge(campaign, 3_000)
    await record_payment(second.id, 2_000, reference="virement-2")
    sql.reset()  # type: ignore[attr-defined]
    mine = await pledges_of_backer(me)
    assert sql.count == 1  # type: ignore[attr-defined]
    assert [p.id for p in mine] == [second.id, first.id]
    assert mine[0].campaign.title == campaign.title
    public = await public_pledges(campaign.id)
    assert [p.id for p in public] == [second.id] and public[0].backer.display_name == "Moi Même"
