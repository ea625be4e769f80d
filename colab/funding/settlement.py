"""The campaign's clock and its end: SCHEDULED -> LIVE at `opens_at`, LIVE -> SETTLING at `closes_at`, and the
settlement after the grace: SUCCEEDED (payout to the project) or FAILED (refunds, matched money back).

Each step is a conditional UPDATE on the campaign's status, first in its transaction: a second run (another
worker, a retry) finds the status moved and does nothing, so settling twice is settling once.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from tortoise.transactions import in_transaction

from colab.events import publish
from colab.events.consumers import job
from colab.funding import ledger
from colab.funding.events import CampaignFailed, CampaignLive, CampaignSettling, CampaignSucceeded
from colab.funding.models import (
    LIVE_PLEDGE,
    UNPAID_PLEDGE,
    Campaign,
    CampaignMode,
    CampaignStatus,
    LedgerKind,
    Pledge,
    PledgeStatus,
)
from colab.funding.rules import rules
from colab.funding.transitions import unwind
from colab.validation import as_utc, utcnow

#: campaigns handled per job round (the rest waits for the next round)
BATCH = 50


def _base(campaign: Campaign) -> dict[str, object]:
    return {
        "subject_id": campaign.id,
        "project_id": campaign.project_id,
        "campaign_id": campaign.id,
        "title": campaign.title,
    }


async def open_campaign_now(campaign_id: int, now: datetime) -> bool:
    """A scheduled campaign whose start has come goes live."""
    async with in_transaction():
        moved = await Campaign.filter(id=campaign_id, status=CampaignStatus.SCHEDULED, opens_at__lte=now).update(
            status=CampaignStatus.LIVE
        )
        if moved:
            campaign = await Campaign.get(id=campaign_id)
            await publish(CampaignLive(**_base(campaign), closes_at=as_utc(campaign.closes_at).isoformat()))  # type: ignore[arg-type]
    return bool(moved)


async def close_campaign(campaign_id: int, now: datetime) -> bool:
    """A live campaign whose end has come stops taking pledges and waits the grace for announced transfers."""
    async with in_transaction():
        campaign = await Campaign.get(id=campaign_id)
        settle_after = as_utc(campaign.closes_at) + timedelta(days=rules().grace_days)
        moved = await Campaign.filter(id=campaign_id, status=CampaignStatus.LIVE, closes_at__lte=now).update(
            status=CampaignStatus.SETTLING, settle_after=settle_after
        )
        if moved:
            await publish(CampaignSettling(**_base(campaign), settle_after=settle_after.isoformat()))  # type: ignore[arg-type]
    return bool(moved)


def succeeds(campaign: Campaign) -> bool:
    """All-or-nothing: paid pledges and their matched money reach the goal; keep-it-all: anything was paid."""
    if campaign.mode is CampaignMode.KEEP_IT_ALL:
        return bool(campaign.paid_cents > 0)
    return bool(campaign.paid_cents + campaign.matched_cents >= campaign.goal_cents)


async def settle_campaign(campaign_id: int, now: datetime | None = None) -> Campaign:
    """Decide a settling campaign: unpaid pledges expire, then success pays the project out of the campaign
    account, failure refunds every paid pledge (and returns matched money). Safe to run twice."""
    now = now or utcnow()
    async with in_transaction():
        await lock_live_pledges(campaign_id)
        claimed = await Campaign.filter(id=campaign_id, status=CampaignStatus.SETTLING).update(settled_at=now)
        campaign = await Campaign.select_for_update().get(id=campaign_id)
        if not claimed or campaign.status is not CampaignStatus.SETTLING:
            return campaign
        for pledge in await Pledge.filter(campaign_id=campaign_id, status__in=list(UNPAID_PLEDGE)).order_by("id"):
            await unwind(pledge, campaign.project_id, unpaid_to=PledgeStatus.EXPIRED)
        await campaign.refresh_from_db()
        if succeeds(campaign):
            await _succeed(campaign)
        else:
            await _fail(campaign)
    return campaign


async def _succeed(campaign: Campaign) -> None:
    total = campaign.paid_cents + campaign.matched_cents
    if total > 0:
        await ledger.post_entry(
            LedgerKind.PAYOUT,
            debit=ledger.campaign_account(campaign.id),
            credit=ledger.project_account(campaign.project_id),
            amount_cents=total,
            campaign_id=campaign.id,
            key=ledger.movement_key(LedgerKind.PAYOUT, "campaign", campaign.id),
        )
    await Campaign.filter(id=campaign.id).update(status=CampaignStatus.SUCCEEDED)
    campaign.status = CampaignStatus.SUCCEEDED
    await publish(
        CampaignSucceeded(**_base(campaign), paid_cents=campaign.paid_cents, matched_cents=campaign.matched_cents)  # type: ignore[arg-type]
    )


async def _fail(campaign: Campaign) -> None:
    paid, matched = campaign.paid_cents, campaign.matched_cents
    await unwind_pledges(campaign, reason="La campagne n'a pas atteint son objectif.")
    await Campaign.filter(id=campaign.id).update(status=CampaignStatus.FAILED, active_project_id=None)
    await campaign.refresh_from_db()
    await publish(CampaignFailed(**_base(campaign), paid_cents=paid, matched_cents=matched))  # type: ignore[arg-type]


async def lock_live_pledges(campaign_id: int) -> None:
    """Lock the campaign's live pledges before its row: the lab takes locks pledge -> tier -> campaign, so a
    payment racing the settlement (or the cancellation) waits instead of deadlocking."""
    await Pledge.filter(campaign_id=campaign_id, status__in=list(LIVE_PLEDGE)).select_for_update().only("id")


async def unwind_pledges(campaign: Campaign, *, reason: str) -> int:
    """Every live pledge of a campaign that will not pay out: unpaid ones cancelled, paid ones to refund."""
    pledges = await Pledge.filter(campaign_id=campaign.id, status__in=list(LIVE_PLEDGE)).order_by("id")
    for pledge in pledges:
        await unwind(pledge, campaign.project_id, reason=reason)
    return len(pledges)


async def run_clock(now: datetime) -> None:
    """Open, close and settle what is due (each campaign in its own transaction)."""
    due = Campaign.filter(status=CampaignStatus.SCHEDULED, opens_at__lte=now).order_by("opens_at").limit(BATCH)
    for campaign_id in await due.values_list("id", flat=True):
        await open_campaign_now(int(campaign_id), now)  # type: ignore[call-overload]
    due = Campaign.filter(status=CampaignStatus.LIVE, closes_at__lte=now).order_by("closes_at").limit(BATCH)
    for campaign_id in await due.values_list("id", flat=True):
        await close_campaign(int(campaign_id), now)  # type: ignore[call-overload]
    due = Campaign.filter(status=CampaignStatus.SETTLING, settle_after__lte=now).order_by("settle_after").limit(BATCH)
    for campaign_id in await due.values_list("id", flat=True):
        await settle_campaign(int(campaign_id), now)  # type: ignore[call-overload]


@job("funding.campaign_clock", every=timedelta(minutes=1))
async def campaign_clock(now: datetime) -> None:
    await run_clock(now)
