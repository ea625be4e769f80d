"""Crowdfunding: a campaign and the viewer's pledges; the holder's campaign mutations and the backer's pledge
mutations, each a thin adapter over colab.funding's services (types in colab/api/funding_types.py)."""

from __future__ import annotations

from datetime import date
from typing import TypeVar

import strawberry

from colab.actors import require_login
from colab.api.context import Info
from colab.api.domain import Domain
from colab.api.errors import UserError, as_top_level, attempt
from colab.api.funding_types import (
    CAMPAIGN,
    CAMPAIGN_OF_PROJECT,
    PLEDGE,
    TIERS_OF_CAMPAIGN,
    CampaignNode,
    LedgerEntryNode,
    PledgeNode,
    RewardTierNode,
)
from colab.api.ids import decode, decode_optional
from colab.api.node import fetches
from colab.api.pagination import Connection, connection
from colab.funding import listing, visibility
from colab.funding.campaigns import (
    CampaignDraft,
    TierDraft,
    cancel_campaign,
    edit_campaign,
    managed_campaign,
    open_campaign,
    set_tiers,
    submit_campaign,
)
from colab.funding.models import Campaign, CampaignMode, LedgerEntry, PaymentMethod, Pledge, RewardTier
from colab.funding.periods import MAX_DAYS
from colab.funding.pledges import PledgeDraft, cancel_pledge, pledge_funds
from colab.funding.schedule import days_of, period_of

T = TypeVar("T")


async def _visible_campaign(info: Info, pk: int) -> Campaign | None:
    found = await info.context.loaders[CAMPAIGN].load(pk)
    return found if found and await visibility.may_see_campaign(info.context.actor, found) else None


async def campaign_of_project(info: Info, project_id: int) -> CampaignNode | None:
    """`Project.campaign`: the one under way (or succeeded), else the latest; null if none the viewer may see."""
    found = await info.context.loaders[CAMPAIGN_OF_PROJECT].load(project_id)
    return (
        CampaignNode.from_model(found)
        if found and await visibility.may_see_campaign(info.context.actor, found)
        else None
    )


@fetches(CampaignNode)
async def _campaign(info: Info, pk: int) -> CampaignNode | None:
    found = await _visible_campaign(info, pk)
    return CampaignNode.from_model(found) if found else None


@fetches(RewardTierNode)
async def _tier(info: Info, pk: int) -> RewardTierNode | None:
    tier = await RewardTier.get_or_none(id=pk)
    return RewardTierNode.from_model(tier) if tier and await _visible_campaign(info, tier.campaign_id) else None


@fetches(PledgeNode)
async def _pledge(info: Info, pk: int) -> PledgeNode | None:
    pledge = await info.context.loaders[PLEDGE].load(pk)
    if pledge is None:
        return None
    campaign = await _visible_campaign(info, pledge.campaign_id)
    visible = campaign is not None and await visibility.may_see_pledge(info.context.actor, pledge, campaign.project_id)
    return PledgeNode.from_model(pledge) if visible else None


@fetches(LedgerEntryNode)
async def _entry(info: Info, pk: int) -> LedgerEntryNode | None:
    entry = await LedgerEntry.get_or_none(id=pk)
    if entry is None:
        return None
    campaign = await info.context.loaders[CAMPAIGN].load(entry.campaign_id)
    visible = campaign is not None and await visibility.may_see_money(info.context.actor, campaign.project_id)
    return LedgerEntryNode.from_model(entry) if visible else None


@strawberry.type
class FundingQuery:
    @strawberry.field(description="One campaign; null if it does not exist or is not visible to you.")
    async def campaign(self, info: Info, id: strawberry.ID) -> CampaignNode | None:
        with as_top_level():
            pk = decode(id, "Campaign", "id")
        found = await _visible_campaign(info, pk)
        return CampaignNode.from_model(found) if found else None

    @strawberry.field(description="« Mes soutiens »: the viewer's pledges, newest first, in every state.")
    async def my_pledges(
        self, info: Info, first: int | None = None, after: str | None = None
    ) -> Connection[PledgeNode]:
        actor = info.context.actor
        with as_top_level():
            backer_id = require_login(actor)
        return await connection(
            first,
            after,
            lambda offset, limit: listing.backer_pledges(backer_id, offset=offset, limit=limit),
            PledgeNode.from_model,
        )


# ---- the holder's campaign -------------------------------------------------------------------------------


@strawberry.input(
    description="A campaign's terms. The period starts on a Brussels day and lasts 1 to 90 days, "
    "ending at the end of its last day."
)
class OpenCampaignInput:
    project_id: strawberry.ID
    title: str
    pitch: str = ""
    goal_cents: int
    ceiling_cents: int = strawberry.field(description="The most the project accepts; at least the goal.")
    starts_on: date = strawberry.field(description="The first day, in Europe/Brussels.")
    days: int = strawberry.field(description=f"How many days it lasts, 1 to {MAX_DAYS}.")
    mode: CampaignMode = CampaignMode.ALL_OR_NOTHING


@strawberry.input(description="The draft's new terms; a field left out keeps its value.")
class EditCampaignInput:
    campaign_id: strawberry.ID
    title: str | None = None
    pitch: str | None = None
    goal_cents: int | None = None
    ceiling_cents: int | None = None
    starts_on: date | None = None
    days: int | None = None
    mode: CampaignMode | None = None


@strawberry.input
class RewardTierInput:
    title: str
    description: str = ""
    min_amount_cents: int
    stock: int | None = strawberry.field(default=None, description="Units offered; null: unlimited.")


@strawberry.input(description="The draft's reward tiers, all at once, in order (replacing the previous ones).")
class SetRewardTiersInput:
    campaign_id: strawberry.ID
    tiers: list[RewardTierInput]


@strawberry.input
class SubmitCampaignInput:
    campaign_id: strawberry.ID


@strawberry.input
class CancelCampaignInput:
    campaign_id: strawberry.ID
    reason: str = strawberry.field(default="", description="Required from an admin; told to the backers.")


@strawberry.type
class CampaignPayload:
    campaign: CampaignNode | None
    errors: list[UserError]


def _campaign_payload(found: Campaign | None, errors: list[UserError]) -> CampaignPayload:
    return CampaignPayload(campaign=CampaignNode.from_model(found) if found else None, errors=errors)


async def _terms(input: OpenCampaignInput | EditCampaignInput, current: Campaign | None = None) -> CampaignDraft:
    """The service's draft from the input; on edit, what the input leaves out keeps the campaign's value."""
    first, days = days_of(current) if current else (None, None)
    starts_on = first if input.starts_on is None else input.starts_on
    length = days if input.days is None else input.days
    assert starts_on is not None and length is not None  # required on open, taken from the campaign on edit
    opens_at, closes_at = period_of(starts_on, length)

    def kept(value: T | None, old: T) -> T:
        return old if value is None else value

    return CampaignDraft(
        title=kept(input.title, current.title if current else ""),
        pitch=kept(input.pitch, current.pitch if current else ""),
        goal_cents=kept(input.goal_cents, current.goal_cents if current else 0),
        ceiling_cents=kept(input.ceiling_cents, current.ceiling_cents if current else 0),
        opens_at=opens_at,
        closes_at=closes_at,
        mode=kept(input.mode, current.mode if current else CampaignMode.ALL_OR_NOTHING),
    )


# ---- the backer's pledges ----------------------------------------------------------------------------------


@strawberry.input
class PledgeInput:
    campaign_id: strawberry.ID
    amount_cents: int
    tier_id: strawberry.ID | None = strawberry.field(default=None, description="A reward tier of this campaign.")
    method: PaymentMethod = strawberry.field(
        default=PaymentMethod.TRANSFER, description="ONLINE only when the lab takes online payments."
    )
    anonymous: bool = strawberry.field(default=False, description="Hide your name from the public.")
    message: str = strawberry.field(default="", description="A public message (plain text, 500 characters).")


@strawberry.input
class CancelPledgeInput:
    pledge_id: strawberry.ID


@strawberry.type
class PledgePayload:
    pledge: PledgeNode | None
    errors: list[UserError]


def _pledge_payload(found: Pledge | None, errors: list[UserError]) -> PledgePayload:
    return PledgePayload(pledge=PledgeNode.from_model(found) if found else None, errors=errors)


@strawberry.type
class FundingMutation:
    @strawberry.mutation(description="The project's leads draft its crowdfunding campaign (one under way at a time).")
    async def open_campaign(self, info: Info, input: OpenCampaignInput) -> CampaignPayload:
        actor = info.context.actor

        async def run() -> Campaign:
            project_id = decode(input.project_id, "Project", "projectId")
            return await open_campaign(actor, project_id, await _terms(input))

        return _campaign_payload(*await attempt(run))

    @strawberry.mutation(description="The leads change a draft's terms (frozen once submitted).")
    async def edit_campaign(self, info: Info, input: EditCampaignInput) -> CampaignPayload:
        actor = info.context.actor

        async def run() -> Campaign:
            campaign = await managed_campaign(actor, decode(input.campaign_id, "Campaign", "campaignId"))
            return await edit_campaign(actor, campaign.id, await _terms(input, campaign))

        return _campaign_payload(*await attempt(run))

    @strawberry.mutation(description="The leads set a draft's reward tiers, all at once.")
    async def set_reward_tiers(self, info: Info, input: SetRewardTiersInput) -> CampaignPayload:
        actor = info.context.actor

        async def run() -> Campaign:
            campaign_id = decode(input.campaign_id, "Campaign", "campaignId")
            tiers = [
                TierDraft(title=t.title, min_amount_cents=t.min_amount_cents, description=t.description, stock=t.stock)
                for t in input.tiers
            ]
            await set_tiers(actor, campaign_id, tiers)
            return await Campaign.get(id=campaign_id)

        found, errors = await attempt(run)
        info.context.loaders.forget(TIERS_OF_CAMPAIGN)
        return _campaign_payload(found, errors)

    @strawberry.mutation(description="The leads send the draft to the moderators; its terms are frozen from then on.")
    async def submit_campaign(self, info: Info, input: SubmitCampaignInput) -> CampaignPayload:
        actor = info.context.actor
        return _campaign_payload(
            *await attempt(lambda: submit_campaign(actor, decode(input.campaign_id, "Campaign", "campaignId")))
        )

    @strawberry.mutation(description="The leads cancel until a pledge is paid; an admin at any time, with a reason.")
    async def cancel_campaign(self, info: Info, input: CancelCampaignInput) -> CampaignPayload:
        actor = info.context.actor
        return _campaign_payload(
            *await attempt(
                lambda: cancel_campaign(actor, decode(input.campaign_id, "Campaign", "campaignId"), input.reason)
            )
        )

    @strawberry.mutation(description="A signed-in backer pledges to a live campaign (CEILING_REACHED, SOLD_OUT...).")
    async def pledge(self, info: Info, input: PledgeInput) -> PledgePayload:
        actor = info.context.actor

        async def run() -> Pledge:
            campaign_id = decode(input.campaign_id, "Campaign", "campaignId")
            draft = PledgeDraft(
                amount_cents=input.amount_cents,
                tier_id=decode_optional(input.tier_id, "RewardTier", "tierId"),
                method=input.method,
                anonymous=input.anonymous,
                message=input.message,
            )
            return await pledge_funds(actor, campaign_id, draft)

        return _pledge_payload(*await attempt(run))

    @strawberry.mutation(description="The backer cancels until 24 hours before the end (a paid pledge is refunded).")
    async def cancel_pledge(self, info: Info, input: CancelPledgeInput) -> PledgePayload:
        actor = info.context.actor
        return _pledge_payload(
            *await attempt(lambda: cancel_pledge(actor, decode(input.pledge_id, "Pledge", "pledgeId")))
        )


DOMAIN = Domain("funding", query=FundingQuery, mutation=FundingMutation)
