"""The ledger: idempotent movements, balances, and a randomized run (pledge, pay, cancel, expire, refund,
settle) after which both sides sum up and the campaign's counters equal what the ledger and the pledges say."""

from __future__ import annotations

import random

import pytest

from colab.actors import Actor
from colab.errors import ColabError
from colab.funding import matching
from colab.funding.ledger import balance, campaign_totals, post_entry
from colab.funding.models import (
    LIVE_PLEDGE,
    Campaign,
    CampaignMode,
    CampaignStatus,
    LedgerEntry,
    LedgerKind,
    PaymentMethod,
    Pledge,
    PledgeStatus,
)
from colab.funding.pledges import PledgeDraft, pledge_funds
from colab.funding.settlement import run_clock, settle_campaign
from colab.funding.transitions import cancel_pledge, expire_pledge, mark_refunded, record_payment
from colab.validation import as_utc
from tests.funding.factories import backer, make_campaign

FUND_ID = 7


async def test_a_movement_is_written_once(db: None) -> None:
    campaign = await make_campaign()
    for _ in range(2):
        await post_entry(
            LedgerKind.PAYOUT,
            debit=f"campaign:{campaign.id}",
            credit=f"project:{campaign.project_id}",
            amount_cents=100,
            campaign_id=campaign.id,
            key=f"PAYOUT:campaign:{campaign.id}",
        )
    assert await LedgerEntry.all().count() == 1
    assert await balance(f"project:{campaign.project_id}") == 100
    assert await balance(f"campaign:{campaign.id}") == -100


async def test_a_movement_of_nothing_is_a_mistake(db: None) -> None:
    campaign = await make_campaign()
    with pytest.raises(ValueError):
        await post_entry(LedgerKind.PAYOUT, debit="a:1", credit="b:1", amount_cents=0, campaign_id=campaign.id, key="k")


async def _check(campaign_id: int) -> None:
    """Counters = pledges = ledger, and the accounts sum to zero."""
    campaign = await Campaign.get(id=campaign_id)
    pledges = await Pledge.filter(campaign_id=campaign_id)
    live = [p for p in pledges if p.status in LIVE_PLEDGE]
    paid = [p for p in pledges if p.status is PledgeStatus.PAID]
    owed = [p for p in pledges if p.status is PledgeStatus.REFUND_PENDING]
    assert campaign.committed_cents == sum(p.amount_cents + p.matched_cents for p in live) <= campaign.ceiling_cents
    assert campaign.matched_cents == sum(p.matched_cents for p in live)
    assert campaign.paid_cents == sum(p.amount_cents for p in paid)
    assert campaign.backers_count == len(live)
    totals = await campaign_totals(campaign_id)
    assert totals.backers_net_cents == sum(p.amount_cents for p in paid + owed)
    assert totals.funds_net_cents == sum(p.matched_cents for p in paid)
    assert totals.held_cents == await balance(f"campaign:{campaign_id}")
    accounts = {a for e in await LedgerEntry.all() for a in (e.debit_account, e.credit_account)}
    assert sum([await balance(a) for a in accounts]) == 0
    assert all(e.amount_cents > 0 for e in await LedgerEntry.all())


@pytest.mark.parametrize("seed", [1, 2, 3, 4, 5])
async def test_a_randomized_run_keeps_the_ledger_and_the_counters_equal(
    db: None, seed: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    rng = random.Random(seed)

    async def match(pledge: Pledge, room_cents: int) -> int:  # a fund doubling some pledges, within the room
        if rng.random() < 0.5:
            return 0
        pledge.match_fund_id = FUND_ID
        return int(min(pledge.amount_cents, room_cents))

    monkeypatch.setattr(matching, "match_pledge", match)
    campaign = await make_campaign(rng.choice([40_000, 120_000]), 150_000, mode=rng.choice(list(CampaignMode)))
    backers: list[Actor] = [await backer(f"Soutien {i}") for i in range(5)]
    owner: dict[int, Actor] = {}
    for _step in range(100):
        op = rng.choice(["pledge", "pledge", "pay", "pay", "cancel", "expire", "refund"])
        pledges = await Pledge.filter(campaign_id=campaign.id)
        try:
            if op == "pledge":
                who = rng.choice(backers)
                method = rng.choice(list(PaymentMethod))
                made = await pledge_funds(who, campaign.id, PledgeDraft(rng.randrange(500, 5_000, 100), method=method))
                owner[made.id] = who
            elif op == "pay" and pledges:
                chosen = rng.choice(pledges)
                await record_payment(chosen.id, chosen.amount_cents, reference=f"pay-{chosen.id}")
            elif op == "cancel" and pledges:
                chosen = rng.choice(pledges)
                await cancel_pledge(owner[chosen.id], chosen.id)
            elif op == "expire" and pledges:
                await expire_pledge(rng.choice(pledges).id)
            elif op == "refund" and pledges:
                chosen = rng.choice(pledges)
                await mark_refunded(chosen.id, reference=f"refund-{chosen.id}")
        except ColabError:
            pass  # an illegal move in this state: refused, and nothing changed (checked below)
        await _check(campaign.id)
    seen = {p.status for p in await Pledge.filter(campaign_id=campaign.id)}
    assert {PledgeStatus.PAID, PledgeStatus.CANCELLED, PledgeStatus.EXPIRED} <= seen  # the run went places
    assert await LedgerEntry.filter(kind=LedgerKind.MATCH).exists()
    await run_clock(as_utc(campaign.closes_at))
    settled = await settle_campaign(campaign.id)
    assert settled.status in (CampaignStatus.SUCCEEDED, CampaignStatus.FAILED)
    await _check(campaign.id)
    for owed in await Pledge.filter(campaign_id=campaign.id, status=PledgeStatus.REFUND_PENDING):
        await mark_refunded(owed.id, reference=f"end-{owed.id}")
    await _check(campaign.id)
    totals = await campaign_totals(campaign.id)
    assert totals.held_cents == 0  # paid out, or every euro given back
    if settled.status is CampaignStatus.SUCCEEDED:
        assert await balance(f"project:{campaign.project_id}") == settled.paid_cents + settled.matched_cents
    else:
        assert await balance(f"fund:{FUND_ID}") == 0
