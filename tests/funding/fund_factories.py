"""Matching funds for tests: a verified organization's manager, a fund, a live campaign, pledge rows."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from typing import Any

from tortoise.transactions import in_transaction

from colab.accounts.models import User
from colab.actors import Actor
from colab.funding.fund_models import MatchingFund
from colab.funding.funds import FundDraft, create_matching_fund
from colab.funding.matching import match_pledge, release_match
from colab.funding.models import Campaign, CampaignStatus, PaymentMethod, Pledge, PledgeStatus
from colab.organizations.models import MembershipRole, Organization, OrganizationKind
from colab.projects.models import Project
from colab.validation import utcnow
from tests.conftest import actor_of, make_org, make_user
from tests.projects.factories import make_project

DRAFT = FundDraft(
    name="Fonds de doublement provincial",
    description="Un euro pour un euro donné par les citoyens.",
    budget_cents=100_000,
    factor_numerator=1,
    factor_denominator=1,
)


async def fund_manager(verified: bool = True) -> tuple[Actor, Organization]:
    """A province's manager and the province."""
    manager = await make_user(name="Gestionnaire Fonds")
    org = await make_org(verified=verified, kind=OrganizationKind.PROVINCE, members={manager: MembershipRole.MANAGER})
    return actor_of(manager), org


async def make_fund(**overrides: Any) -> MatchingFund:
    """A fund open now for a month (draft overrides: budget_cents, caps, factor, targets ...)."""
    actor, org = await fund_manager()
    draft = replace(DRAFT, closes_at=utcnow() + timedelta(days=30), **overrides)
    return await create_matching_fund(actor, org.id, draft)


async def live_campaign(project: Project | None = None, ceiling_cents: int = 1_000_000) -> Campaign:
    project = project or await make_project()
    now = utcnow()
    return await Campaign.create(
        project_id=project.id,
        status=CampaignStatus.LIVE,
        title="Campagne de test",
        goal_cents=ceiling_cents // 2,
        ceiling_cents=ceiling_cents,
        opens_at=now - timedelta(days=1),
        closes_at=now + timedelta(days=20),
    )


async def pledge_row(campaign: Campaign, backer: User | None = None, amount_cents: int = 2_000) -> Pledge:
    backer = backer or await make_user(name="Contributrice Petit")
    return await Pledge.create(
        campaign_id=campaign.id,
        backer_id=backer.id,
        amount_cents=amount_cents,
        status=PledgeStatus.PENDING_PAYMENT,
        method=PaymentMethod.TRANSFER,
    )


async def matched(pledge: Pledge, room_cents: int = 10_000_000) -> int:
    """match_pledge in its own transaction (the core calls it inside the pledge's)."""
    async with in_transaction():
        return await match_pledge(pledge, room_cents)


async def released(pledge: Pledge) -> int:
    async with in_transaction():
        return await release_match(pledge)
