"""Pledges: a backer promises an amount (optionally for a reward tier), pays it by transfer or online, may
cancel it; unpaid ones expire; refunds go back through the ledger.

RESERVED (online, a short hold) -> PENDING_PAYMENT -> PAID; CANCELLED, EXPIRED; PAID -> REFUND_PENDING ->
REFUNDED. The ceiling and the stock are held by conditional UPDATEs (colab/funding/counters.py) in the
transaction that records the pledge; every change publishes its event.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from tortoise.transactions import in_transaction

from colab.actors import Actor, require_login, require_write
from colab.errors import ColabError, ErrorCode
from colab.events import publish
from colab.events.consumers import job
from colab.funding import counters, matching
from colab.funding.events import CampaignFunded, PledgeRecorded
from colab.funding.models import (
    PLEDGE_REVIEW_KIND,
    UNPAID_PLEDGE,
    Campaign,
    CampaignStatus,
    PaymentMethod,
    Pledge,
    PledgeStatus,
    RewardTier,
)
from colab.funding.rules import ceiling_reached, expiry, rules
from colab.funding.texts import plain
from colab.funding.transitions import (
    cancel_pledge,
    expire_pledge,
    mark_payment_started,
    mark_refunded,
    record_payment,
)
from colab.validation import utcnow
from moderation.visibility import hidden_among

__all__ = [
    "PledgeDraft",
    "cancel_pledge",
    "expire_pledge",
    "mark_payment_started",
    "mark_refunded",
    "pledge_funds",
    "pledges_of_backer",
    "public_pledges",
    "record_payment",
]

MESSAGE_MAX = 500


@dataclass
class PledgeDraft:
    amount_cents: int
    tier_id: int | None = None
    method: PaymentMethod = PaymentMethod.TRANSFER
    anonymous: bool = False
    message: str = ""


def _check_amount(amount_cents: int, tier: RewardTier | None) -> None:
    r = rules()
    if amount_cents < r.min_cents:
        raise ColabError(ErrorCode.AMOUNT_TOO_LOW, f"Le soutien minimum est de {r.min_cents // 100} €.", "amountCents")
    if amount_cents > r.max_cents:
        raise ColabError(ErrorCode.AMOUNT_TOO_HIGH, f"Le soutien maximum est de {r.max_cents // 100} €.", "amountCents")
    if tier is not None and amount_cents < tier.min_amount_cents:
        raise ColabError(
            ErrorCode.AMOUNT_TOO_LOW,
            f"Cette contrepartie demande au moins {tier.min_amount_cents / 100:.2f} €.".replace(".", ","),
            "amountCents",
        )


def _not_live() -> ColabError:
    return ColabError(ErrorCode.CAMPAIGN_NOT_LIVE, "Cette campagne ne prend pas de soutiens en ce moment.")


async def pledge_funds(actor: Actor, campaign_id: int, draft: PledgeDraft) -> Pledge:
    """A signed-in backer pledges to a live campaign: the amount (and its matched money) fits under the ceiling
    and the tier has a unit left, or nothing is recorded (CEILING_REACHED, SOLD_OUT)."""
    backer_id = require_write(actor)
    method = PaymentMethod(draft.method)
    message = plain(draft.message)
    if len(message) > MESSAGE_MAX:
        raise ColabError(ErrorCode.TOO_LONG, f"Le message ne peut dépasser {MESSAGE_MAX} caractères.", "message")
    tier = None
    if draft.tier_id is not None:
        tier = await RewardTier.get_or_none(id=draft.tier_id, campaign_id=campaign_id)
        if tier is None:
            raise ColabError(ErrorCode.NOT_FOUND, "Cette contrepartie n'existe pas.", "tierId")
    _check_amount(draft.amount_cents, tier)
    now = utcnow()
    # the campaign's row is the hot one: its conditional UPDATE comes last, so its lock is held the shortest time
    # (locks are taken pledge -> tier -> campaign everywhere, so two changes never wait on each other in a circle)
    async with in_transaction():
        campaign = await counters.live_campaign(campaign_id, now)
        if campaign is None:
            raise ColabError(ErrorCode.NOT_FOUND, "Cette campagne n'existe pas.", "campaignId")
        if not campaign.live:
            raise _not_live()
        if tier is not None and not await counters.take_unit(tier.id):
            raise ColabError(ErrorCode.SOLD_OUT, "Cette contrepartie est épuisée.", "tierId")
        pledge = Pledge(
            campaign_id=campaign_id,
            backer_id=backer_id,
            amount_cents=draft.amount_cents,
            tier_id=tier.id if tier else None,
            status=PledgeStatus.RESERVED if method is PaymentMethod.ONLINE else PledgeStatus.PENDING_PAYMENT,
            method=method,
            anonymous=draft.anonymous,
            message=message,
            expires_at=expiry(method, now),
            created_at=now,
            updated_at=now,
        )
        await counters.insert_pledge(pledge)
        await publish(
            PledgeRecorded(
                subject_id=pledge.id,
                actor_id=backer_id,
                project_id=campaign.project_id,
                pledge_id=pledge.id,
                campaign_id=campaign_id,
                backer_id=backer_id,
                amount_cents=pledge.amount_cents,
                method=method.value,
                tier_id=pledge.tier_id,
            )
        )
        room = await counters.reserve(campaign_id, draft.amount_cents, now=now, promise=True)
        if room is None:
            raise await _refusal(campaign_id, now)
        room = await _match(pledge, room)
        if room.left_cents <= 0 and await counters.mark_funded(campaign_id, now):
            await publish(
                CampaignFunded(
                    subject_id=campaign_id,
                    actor_id=backer_id,
                    project_id=campaign.project_id,
                    campaign_id=campaign_id,
                    title=campaign.title,
                    committed_cents=room.committed_cents,
                )
            )
    return pledge


async def _refusal(campaign_id: int, now: datetime) -> ColabError:
    """Why the reservation failed: the campaign closed meanwhile, or the room is short."""
    campaign = await Campaign.get(id=campaign_id).only("id", "status", "closes_at")
    if campaign.status is not CampaignStatus.LIVE or campaign.closes_at <= now:
        return _not_live()
    return ceiling_reached()


async def _match(pledge: Pledge, room: counters.Room) -> counters.Room:
    """Ask the matching funds for this pledge, within the room left under the ceiling."""
    if room.left_cents <= 0:
        return room
    matched = min(await matching.match_pledge(pledge, room.left_cents), room.left_cents)
    if matched <= 0:
        return room
    after = await counters.add_match(pledge.campaign_id, matched)
    if after is None:  # cannot happen: this transaction holds the campaign's row since the reservation
        raise ceiling_reached()
    pledge.matched_cents = matched
    await pledge.save(update_fields=["matched_cents", "match_fund_id"])
    return after


async def own_pledge(actor: Actor, pledge_id: int) -> Pledge:
    """The backer's own pledge (others' do not exist for them)."""
    user_id = require_login(actor)
    pledge = await Pledge.get_or_none(id=pledge_id)
    if pledge is None or pledge.backer_id != user_id:
        raise ColabError(ErrorCode.NOT_FOUND, "Ce soutien n'existe pas.", "pledgeId")
    return pledge


async def pledges_of_backer(actor: Actor) -> list[Pledge]:
    """« Mes soutiens »: the actor's pledges, newest first, with their campaign and tier (two joins, one query)."""
    user_id = require_login(actor)
    return await Pledge.filter(backer_id=user_id).select_related("campaign", "tier").order_by("-created_at", "-id")


PUBLIC_PLEDGE = (PledgeStatus.PAID,)


async def public_pledges(campaign_id: int, *, limit: int = 50) -> list[Pledge]:
    """The paid pledges anyone may see, newest first (the page hides an anonymous backer's name); a message
    hidden after reports is left out."""
    found = (
        await Pledge.filter(campaign_id=campaign_id, status__in=PUBLIC_PLEDGE)
        .select_related("backer")
        .order_by("-paid_at", "-id")
        .limit(limit)
    )
    hidden = await hidden_among(PLEDGE_REVIEW_KIND, [p.id for p in found if p.message])
    for p in found:
        if p.id in hidden:
            p.message = ""
    return found


#: stale pledges expired per job round
EXPIRY_BATCH = 200


async def expire_stale(now: datetime) -> int:
    """Unpaid pledges past their time expire (each in its own transaction: one failure stops nothing else)."""
    due = (
        await Pledge.filter(status__in=list(UNPAID_PLEDGE), expires_at__lte=now)
        .order_by("expires_at")
        .limit(EXPIRY_BATCH)
        .values_list("id", flat=True)
    )
    expired = 0
    for pledge_id in due:
        try:
            await expire_pledge(int(pledge_id))  # type: ignore[call-overload]
            expired += 1
        except ColabError:  # paid or cancelled meanwhile
            continue
    return expired


@job("funding.expire_pledges", every=timedelta(minutes=1))
async def expire_pledges(now: datetime) -> None:
    await expire_stale(now)
