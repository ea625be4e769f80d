"""The ceiling and the stock under concurrency (PostgreSQL): the conditional UPDATE, not a read-then-write
check, decides; no overshoot, every refusal typed."""

from __future__ import annotations

import asyncio
from collections import Counter

import pytest

from colab.actors import Actor
from colab.errors import ColabError, ErrorCode
from colab.funding.models import Campaign, Pledge, PledgeStatus, RewardTier
from colab.funding.pledges import PledgeDraft, pledge_funds
from colab.funding.tiers import TierDraft
from tests.conftest import actor_of, make_user
from tests.funding.factories import make_campaign, pledge

pytestmark = pytest.mark.postgres

PLEDGERS = 200


async def _backers(n: int) -> list[Actor]:
    return [actor_of(await make_user(name=f"Soutien {i}")) for i in range(n)]


async def _race(campaign_id: int, backers: list[Actor], amount: int, tier_id: int | None = None) -> Counter[str]:
    async def one(who: Actor) -> str:
        try:
            await pledge_funds(who, campaign_id, PledgeDraft(amount_cents=amount, tier_id=tier_id))
            return "ok"
        except ColabError as e:
            return e.code.value

    results = await asyncio.gather(*(one(b) for b in backers))
    return Counter(results)


async def test_200_pledgers_ten_euros_below_the_ceiling_never_overshoot(db: None) -> None:
    campaign = await make_campaign(100_000, 100_000)
    await pledge(campaign, 99_000)  # 10 euros of room left
    outcome = await _race(campaign.id, await _backers(PLEDGERS), 500)
    assert outcome == Counter({"ok": 2, ErrorCode.CEILING_REACHED.value: PLEDGERS - 2})
    campaign = await Campaign.get(id=campaign.id)
    assert campaign.committed_cents == campaign.ceiling_cents == 100_000
    live = await Pledge.filter(campaign_id=campaign.id, status=PledgeStatus.PENDING_PAYMENT)
    assert sum(p.amount_cents for p in live) == 100_000 and campaign.backers_count == len(live) == 3
    assert campaign.funded_at is not None


async def test_200_pledgers_on_a_tier_of_5_units_never_oversell(db: None) -> None:
    campaign = await make_campaign(100_000, 1_000_000, tiers=[TierDraft("Édition limitée", 1_000, stock=5)])
    tier = await RewardTier.get(campaign_id=campaign.id)
    outcome = await _race(campaign.id, await _backers(PLEDGERS), 1_000, tier.id)
    assert outcome == Counter({"ok": 5, ErrorCode.SOLD_OUT.value: PLEDGERS - 5})
    tier = await RewardTier.get(id=tier.id)
    assert tier.taken == 5 == await Pledge.filter(tier_id=tier.id).count()
    campaign = await Campaign.get(id=campaign.id)
    assert campaign.committed_cents == 5_000 and campaign.backers_count == 5  # refused pledges held nothing
