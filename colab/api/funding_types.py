"""Crowdfunding's node types: Campaign, RewardTier, Pledge, LedgerEntry, with a per-request loader for every
relation. What each viewer sees is asked of colab.funding.visibility (the same rules as the pages)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Annotated

import strawberry
from strawberry import relay

from colab.actors import Actor
from colab.api.accounts import DISPLAY_NAME
from colab.api.context import Info
from colab.api.errors import top_level
from colab.api.loaders import batch, by_id, grouped, optional
from colab.api.pagination import Connection, page_of, window
from colab.api.payments_types import TransferInstructions
from colab.errors import ColabError, ErrorCode, forbidden
from colab.funding import listing, visibility
from colab.funding.campaigns import campaigns_by_project
from colab.funding.ledger import CampaignTotals, campaign_totals
from colab.funding.models import (
    UNPAID_PLEDGE,
    Campaign,
    CampaignMode,
    CampaignStatus,
    LedgerEntry,
    LedgerKind,
    PaymentMethod,
    Pledge,
    PledgeStatus,
    RewardTier,
)
from colab.funding.schedule import days_left
from colab.funding.tiers import tiers_by_campaign
from colab.payments.transfers import instructions_for
from colab.projects.models import Project
from colab.validation import utcnow

if TYPE_CHECKING:
    from colab.api.projects import ProjectNode

strawberry.enum(CampaignStatus, name="CampaignStatus")
strawberry.enum(CampaignMode, name="CampaignMode", description="All-or-nothing, or keep-it-all.")
strawberry.enum(PledgeStatus, name="PledgeStatus")
strawberry.enum(PaymentMethod, name="PaymentMethod")
strawberry.enum(LedgerKind, name="LedgerKind", description="What a movement of money is.")

CAMPAIGN = by_id(Campaign)
TIER = by_id(RewardTier)
PROJECT = by_id(Project)
CAMPAIGN_OF_PROJECT = optional(campaigns_by_project)
TIERS_OF_CAMPAIGN = grouped(tiers_by_campaign)
PageKey = tuple[int, int, int]  # campaign id, offset, limit


async def _public_pages(keys: Sequence[PageKey]) -> list[tuple[list[Pledge], int]]:
    """The same page of many campaigns' public pledges: one batch per distinct window."""
    pages: dict[PageKey, tuple[list[Pledge], int]] = {}
    for offset, limit in {(k[1], k[2]) for k in keys}:
        found = await listing.public_pledges_by_campaign([k[0] for k in keys], offset=offset, limit=limit)
        pages.update({(cid, offset, limit): page for cid, page in found.items()})
    return [pages[k] for k in keys]


PUBLIC_PLEDGES = batch(_public_pages)


async def _money_access(actor: Actor, project_id: int) -> bool:
    return await visibility.may_see_money(actor, project_id)


@strawberry.type(name="RewardTier", description="A counterpart for pledges of at least a minimum amount.")
class RewardTierNode(relay.Node):
    id: relay.NodeID[int]
    title: str
    description: str = strawberry.field(description="Plain text.")
    min_amount_cents: int
    stock: int | None = strawberry.field(description="Units offered; null: unlimited.")
    taken: int = strawberry.field(description="Units held by live pledges.")
    stock_left: int | None = strawberry.field(description="Units left; null: unlimited.")
    campaign_pk: strawberry.Private[int]

    @strawberry.field(description="No unit left.")
    def sold_out(self) -> bool:
        return self.stock_left == 0

    @strawberry.field
    async def campaign(self, info: Info) -> CampaignNode:
        found = await info.context.loaders[CAMPAIGN].load(self.campaign_pk)
        assert found is not None  # CASCADE foreign key
        return CampaignNode.from_model(found)

    @classmethod
    def from_model(cls, t: RewardTier) -> RewardTierNode:
        return cls(
            id=t.id,
            title=t.title,
            description=t.description,
            min_amount_cents=t.min_amount_cents,
            stock=t.stock,
            taken=t.taken,
            stock_left=t.stock_left,
            campaign_pk=t.campaign_id,
        )


@strawberry.type(description="The campaign's money by kind of movement, summed from its ledger.")
class LedgerTotals:
    received_cents: int = strawberry.field(description="From backers.")
    refunded_cents: int = strawberry.field(description="Back to backers.")
    matched_cents: int = strawberry.field(description="From matching funds.")
    returned_cents: int = strawberry.field(description="Back to matching funds.")
    paid_out_cents: int = strawberry.field(description="To the project.")
    held_cents: int = strawberry.field(description="The campaign account's balance.")

    @classmethod
    def from_totals(cls, t: CampaignTotals) -> LedgerTotals:
        return cls(
            received_cents=t.received_cents,
            refunded_cents=t.refunded_cents,
            matched_cents=t.matched_cents,
            returned_cents=t.returned_cents,
            paid_out_cents=t.paid_out_cents,
            held_cents=t.held_cents,
        )


@strawberry.type(name="Campaign", description="A project's crowdfunding campaign: public once admitted.")
class CampaignNode(relay.Node):
    id: relay.NodeID[int]
    title: str
    pitch: str = strawberry.field(description="Plain text.")
    status: CampaignStatus
    mode: CampaignMode
    goal_cents: int
    ceiling_cents: int = strawberry.field(description="Never exceeded: pledges and matched money stop there.")
    opens_at: datetime
    closes_at: datetime = strawberry.field(description="The end of a day in Europe/Brussels.")
    committed_cents: int = strawberry.field(description="Reserved, pending and paid pledges with matched money.")
    paid_cents: int = strawberry.field(description="Paid pledges.")
    matched_cents: int = strawberry.field(description="Matched money promised to live pledges.")
    backers_count: int
    funded_at: datetime | None = strawberry.field(description="When the ceiling was reached (the FUNDED badge).")
    cancel_reason: str
    project_pk: strawberry.Private[int]
    model: strawberry.Private[Campaign]

    @strawberry.field(description="Reached its ceiling: takes no more pledges, keeps its end date.")
    def funded(self) -> bool:
        return self.funded_at is not None

    @strawberry.field(description="Days until the end, Brussels calendar days, today included; null before review.")
    def days_left(self) -> int | None:
        left: int | None = days_left(self.model, utcnow())
        return left

    @strawberry.field
    async def project(self, info: Info) -> Annotated[ProjectNode, strawberry.lazy("colab.api.projects")]:
        from colab.api.projects import ProjectNode

        found = await info.context.loaders[PROJECT].load(self.project_pk)
        assert found is not None  # RESTRICT foreign key
        return ProjectNode.from_model(found)

    @strawberry.field(description="The reward tiers, in order, with their stock left.")
    async def tiers(self, info: Info) -> list[RewardTierNode]:
        return [RewardTierNode.from_model(t) for t in await info.context.loaders[TIERS_OF_CAMPAIGN].load(self.id)]

    @strawberry.field(description="Paid pledges, latest first; anonymous ones without their backer's name.")
    async def pledges(self, info: Info, first: int | None = None, after: str | None = None) -> Connection[PledgeNode]:
        offset, limit = window(first, after)
        items, total = await info.context.loaders[PUBLIC_PLEDGES].load((self.id, offset, limit))
        return page_of(items, total, offset, PledgeNode.from_model)

    @strawberry.field(
        description="Every pledge in every state, newest first, with its backer's name: same access as `totals`."
    )
    async def all_pledges(
        self, info: Info, first: int | None = None, after: str | None = None
    ) -> Connection[PledgeNode]:
        await self._require_money(info)
        offset, limit = window(first, after)
        items, total = await listing.campaign_pledges(self.id, offset=offset, limit=limit)
        return page_of(items, total, offset, PledgeNode.from_model)

    @strawberry.field(description="Whether the viewer may edit, submit and cancel this campaign.")
    async def viewer_can_manage(self, info: Info) -> bool:
        return await visibility.may_manage_campaign(info.context.actor, self.project_pk)

    @strawberry.field(description="Whether the viewer may see the campaign's ledger and every pledge.")
    async def viewer_can_see_money(self, info: Info) -> bool:
        return await _money_access(info.context.actor, self.project_pk)

    @strawberry.field(description="Ledger totals: for the project's leads, its finance role and admins (FORBIDDEN).")
    async def totals(self, info: Info) -> LedgerTotals:
        await self._require_money(info)
        return LedgerTotals.from_totals(await campaign_totals(self.id))

    @strawberry.field(description="Every movement of money, oldest first: same access as `totals`.")
    async def ledger(
        self, info: Info, first: int | None = None, after: str | None = None
    ) -> Connection[LedgerEntryNode]:
        await self._require_money(info)
        offset, limit = window(first, after)
        items, total = await listing.ledger_page(self.id, offset=offset, limit=limit)
        return page_of(items, total, offset, LedgerEntryNode.from_model)

    async def _require_money(self, info: Info) -> None:
        if not await _money_access(info.context.actor, self.project_pk):
            raise top_level(forbidden("Les comptes de la campagne sont réservés à l'équipe du projet."))

    @classmethod
    def from_model(cls, c: Campaign) -> CampaignNode:
        return cls(
            id=c.id,
            title=c.title,
            pitch=c.pitch,
            status=c.status,
            mode=c.mode,
            goal_cents=c.goal_cents,
            ceiling_cents=c.ceiling_cents,
            opens_at=c.opens_at,
            closes_at=c.closes_at,
            committed_cents=c.committed_cents,
            paid_cents=c.paid_cents,
            matched_cents=c.matched_cents,
            backers_count=c.backers_count,
            funded_at=c.funded_at,
            cancel_reason=c.cancel_reason,
            project_pk=c.project_id,
            model=c,
        )


@strawberry.type(name="Pledge", description="Money a backer promised to a campaign.")
class PledgeNode(relay.Node):
    id: relay.NodeID[int]
    amount_cents: int
    status: PledgeStatus
    method: PaymentMethod
    anonymous: bool = strawberry.field(description="The backer's name is hidden from the public.")
    message: str = strawberry.field(description="The backer's public message (plain text).")
    matched_cents: int = strawberry.field(description="What a matching fund adds to it.")
    created_at: datetime
    paid_at: datetime | None
    model: strawberry.Private[Pledge]

    @strawberry.field(
        description="The backer's name; null for an anonymous pledge, except to its backer and "
        "the project's money team."
    )
    async def backer_name(self, info: Info) -> str | None:
        campaign = await self._campaign(info)
        if not await visibility.may_see_backer(info.context.actor, self.model, campaign.project_id):
            return None
        return await info.context.loaders[DISPLAY_NAME].load(self.model.backer_id)

    @strawberry.field
    def viewer_is_backer(self, info: Info) -> bool:
        return info.context.actor.user_id == self.model.backer_id

    @strawberry.field(description="An unpaid pledge expires then: for its backer and the money team.")
    async def expires_at(self, info: Info) -> datetime | None:
        return self.model.expires_at if await self._private(info) else None

    @strawberry.field(
        description="The Belgian structured communication of a transfer: for its backer and the money team."
    )
    async def transfer_reference(self, info: Info) -> str | None:
        return self.model.transfer_reference if await self._private(info) else None

    @strawberry.field(
        description="How to pay it by bank transfer (structured communication, EPC QR code): for "
        "its backer, while a TRANSFER pledge waits for its money; null otherwise."
    )
    async def transfer_instructions(self, info: Info) -> TransferInstructions | None:
        actor = info.context.actor
        waiting = self.model.method is PaymentMethod.TRANSFER and self.model.status in UNPAID_PLEDGE
        if not waiting or actor.user_id != self.model.backer_id:
            return None
        try:
            return TransferInstructions.from_instructions(await instructions_for(actor, self.model.id))
        except ColabError as error:
            if error.code is ErrorCode.NOT_FOUND:
                return None
            raise

    @strawberry.field
    async def campaign(self, info: Info) -> CampaignNode:
        return CampaignNode.from_model(await self._campaign(info))

    @strawberry.field
    async def tier(self, info: Info) -> RewardTierNode | None:
        if self.model.tier_id is None:
            return None
        found = await info.context.loaders[TIER].load(self.model.tier_id)
        return RewardTierNode.from_model(found) if found else None

    async def _campaign(self, info: Info) -> Campaign:
        found = await info.context.loaders[CAMPAIGN].load(self.model.campaign_id)
        assert found is not None  # RESTRICT foreign key
        return found

    async def _private(self, info: Info) -> bool:
        actor = info.context.actor
        if actor.user_id is not None and actor.user_id == self.model.backer_id:
            return True
        return await _money_access(actor, (await self._campaign(info)).project_id)

    @classmethod
    def from_model(cls, p: Pledge) -> PledgeNode:
        return cls(
            id=p.id,
            amount_cents=p.amount_cents,
            status=p.status,
            method=p.method,
            anonymous=p.anonymous,
            message=p.message,
            matched_cents=p.matched_cents,
            created_at=p.created_at,
            paid_at=p.paid_at,
            model=p,
        )


@strawberry.type(name="LedgerEntry", description="One movement of money, from a debited to a credited account.")
class LedgerEntryNode(relay.Node):
    id: relay.NodeID[int]
    kind: LedgerKind
    debit_account: str = strawberry.field(description="backer:<id>, campaign:<id>, fund:<id> or project:<id>.")
    credit_account: str
    amount_cents: int
    created_at: datetime
    pledge_pk: strawberry.Private[int | None]

    @strawberry.field(description="The pledge it is about, if any.")
    async def pledge(self, info: Info) -> PledgeNode | None:
        if self.pledge_pk is None:
            return None
        found = await info.context.loaders[PLEDGE].load(self.pledge_pk)
        return PledgeNode.from_model(found) if found else None

    @classmethod
    def from_model(cls, e: LedgerEntry) -> LedgerEntryNode:
        return cls(
            id=e.id,
            kind=e.kind,
            debit_account=e.debit_account,
            credit_account=e.credit_account,
            amount_cents=e.amount_cents,
            created_at=e.created_at,
            pledge_pk=e.pledge_id,
        )


PLEDGE = by_id(Pledge)
