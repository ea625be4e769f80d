"""Reward tiers: counterparts for pledges of at least an amount, with an optional stock; set while the
campaign is a draft (frozen with the other terms from the submission on)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from tortoise.transactions import in_transaction

from colab.actors import Actor
from colab.errors import ErrorCode, ErrorCollector
from colab.funding.access import frozen, managed_campaign
from colab.funding.models import EDITABLE_CAMPAIGN, Campaign, RewardTier
from colab.funding.texts import plain
from colab.validation import check_text, clean_line

MAX_TIERS = 12


@dataclass
class TierDraft:
    title: str
    min_amount_cents: int
    description: str = ""
    #: None: unlimited
    stock: int | None = None


def _checked(drafts: Sequence[TierDraft]) -> list[dict[str, Any]]:
    errors = ErrorCollector()
    if len(drafts) > MAX_TIERS:
        errors.add(ErrorCode.INVALID, f"Une campagne propose au plus {MAX_TIERS} contreparties.", "tiers")
    rows = []
    for position, draft in enumerate(drafts):
        title, description = clean_line(draft.title), plain(draft.description)
        check_text(errors, f"tiers.{position}.title", title, max_length=120, label="Le titre de la contrepartie")
        if description:
            check_text(errors, f"tiers.{position}.description", description, max_length=1000, label="La description")
        if draft.min_amount_cents <= 0:
            errors.add(ErrorCode.INVALID, "Le montant minimum doit être positif.", f"tiers.{position}.minAmountCents")
        if draft.stock is not None and draft.stock <= 0:
            errors.add(ErrorCode.INVALID, "Le stock doit être positif (vide : illimité).", f"tiers.{position}.stock")
        rows.append(
            {
                "title": title,
                "description": description,
                "min_amount_cents": draft.min_amount_cents,
                "stock": draft.stock,
                "position": position,
            }
        )
    errors.raise_if_any()
    return rows


async def _editable(actor: Actor, campaign_id: int) -> Campaign:
    campaign = await managed_campaign(actor, campaign_id)
    if campaign.status not in EDITABLE_CAMPAIGN:
        raise frozen(campaign)
    return campaign


async def set_tiers(actor: Actor, campaign_id: int, drafts: Sequence[TierDraft]) -> list[RewardTier]:
    """Replace the draft campaign's tiers (in the order given)."""
    campaign = await _editable(actor, campaign_id)
    rows = _checked(drafts)
    async with in_transaction():
        if not await Campaign.filter(id=campaign.id, status__in=list(EDITABLE_CAMPAIGN)).exists():
            raise frozen(await Campaign.get(id=campaign.id))
        await RewardTier.filter(campaign_id=campaign.id).delete()
        await RewardTier.bulk_create([RewardTier(campaign_id=campaign.id, **row) for row in rows])
    return await tiers_of(campaign.id)


async def add_tier(actor: Actor, campaign_id: int, draft: TierDraft) -> RewardTier:
    """One more tier, after the others."""
    campaign = await _editable(actor, campaign_id)
    existing = await RewardTier.filter(campaign_id=campaign.id).count()
    if existing >= MAX_TIERS:
        errors = ErrorCollector()
        errors.add(ErrorCode.INVALID, f"Une campagne propose au plus {MAX_TIERS} contreparties.", "tiers")
        errors.raise_if_any()
    (row,) = _checked([draft])
    row["position"] = existing
    return await RewardTier.create(campaign_id=campaign.id, **row)


async def tiers_of(campaign_id: int) -> list[RewardTier]:
    return await RewardTier.filter(campaign_id=campaign_id).order_by("position", "id")


async def tiers_by_campaign(campaign_ids: Sequence[int]) -> dict[int, list[RewardTier]]:
    """Each campaign's tiers, in one query."""
    found: dict[int, list[RewardTier]] = {c: [] for c in campaign_ids}
    if campaign_ids:
        for tier in await RewardTier.filter(campaign_id__in=list(campaign_ids)).order_by("position", "id"):
            found[tier.campaign_id].append(tier)
    return found
