"""The demo crowdfunding: a live campaign with tiers and paid pledges, a funded one, a failed one; twice is once."""

from __future__ import annotations

from colab.demo import seed_demo
from colab.funding.models import Campaign, CampaignStatus, PledgeStatus, RewardTier


async def test_the_demo_shows_live_funded_and_failed_campaigns(db: None) -> None:
    await seed_demo()
    campaigns = {c.title: c for c in await Campaign.all()}
    live = campaigns["Financer l'atelier et ses outils"]
    # three paid by the funding demo, the fourth (waiting for its transfer) by the payments demo's bank statement
    assert live.status is CampaignStatus.LIVE and live.paid_cents == 32_500 and live.funded_at is None
    assert await RewardTier.filter(campaign_id=live.id).count() == 3
    funded = campaigns["Les premiers bacs du potager"]
    assert funded.status is CampaignStatus.LIVE and funded.funded_at is not None
    assert funded.committed_cents == funded.ceiling_cents
    failed = campaigns["Un local pour le répair café"]
    assert failed.status is CampaignStatus.FAILED
    assert await failed.pledges.filter(status=PledgeStatus.REFUND_PENDING).count() == 2
    await seed_demo()
    assert await Campaign.all().count() == 3
