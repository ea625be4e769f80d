"""Campaigns for tests: drafted by a project's holder, admitted through the real review queue, opened by the
worker's clock."""

from __future__ import annotations

from datetime import datetime, timedelta

from colab.accounts.models import User
from colab.actors import Actor
from colab.funding.campaigns import CampaignDraft, open_campaign, set_tiers, submit_campaign
from colab.funding.models import Campaign, CampaignMode, CampaignStatus, PaymentMethod, Pledge
from colab.funding.periods import brussels_day, day_end
from colab.funding.pledges import PledgeDraft, pledge_funds
from colab.funding.settlement import run_clock
from colab.funding.tiers import TierDraft
from colab.projects.models import Project
from colab.validation import utcnow
from moderation.decisions import decide_review
from moderation.models import Decision
from moderation.queue import claim_next
from tests.conftest import actor_of, make_user
from tests.ideas.factories import make_moderator
from tests.projects.factories import make_project


def draft(
    goal: int = 100_000,
    ceiling: int = 150_000,
    *,
    days: int = 30,
    opens_at: datetime | None = None,
    mode: CampaignMode = CampaignMode.ALL_OR_NOTHING,
    title: str = "Une serre partagée pour le quartier",
) -> CampaignDraft:
    opens_at = opens_at or utcnow() - timedelta(minutes=1)
    return CampaignDraft(
        title=title,
        goal_cents=goal,
        ceiling_cents=ceiling,
        opens_at=opens_at,
        closes_at=day_end(brussels_day(opens_at) + timedelta(days=days - 1)),
        mode=mode,
        pitch="Nous construisons une serre.",
    )


async def holder_of(campaign: Campaign) -> Actor:
    project = await Project.get(id=campaign.project_id)
    return actor_of(await User.get(id=project.holder_id))


async def admit(campaign: Campaign, decision: Decision = Decision.ADMIT, **kwargs: object) -> Campaign:
    moderator = actor_of(await make_moderator())
    item = await claim_next(moderator)
    assert item is not None and item.subject_id == campaign.id
    await decide_review(moderator, item.id, decision, **kwargs)  # type: ignore[arg-type]
    return await Campaign.get(id=campaign.id)


async def make_campaign(
    goal: int = 100_000,
    ceiling: int = 150_000,
    *,
    status: CampaignStatus = CampaignStatus.LIVE,
    tiers: list[TierDraft] | None = None,
    project: Project | None = None,
    **kwargs: object,
) -> Campaign:
    """A campaign of a new project, brought to `status` (DRAFT, IN_REVIEW, SCHEDULED or LIVE) the real way."""
    project = project or await make_project()
    holder = actor_of(await User.get(id=project.holder_id))
    campaign = await open_campaign(holder, project.id, draft(goal, ceiling, **kwargs))  # type: ignore[arg-type]
    if tiers:
        await set_tiers(holder, campaign.id, tiers)
    if status is CampaignStatus.DRAFT:
        return campaign
    await submit_campaign(holder, campaign.id)
    if status is CampaignStatus.IN_REVIEW:
        return await Campaign.get(id=campaign.id)
    campaign = await admit(campaign)
    if status is CampaignStatus.LIVE:
        await run_clock(max(utcnow(), campaign.opens_at + timedelta(seconds=1)))
    campaign = await Campaign.get(id=campaign.id)
    assert campaign.status is status
    return campaign


async def backer(name: str = "Bastien Soutien") -> Actor:
    return actor_of(await make_user(name=name))


async def pledge(
    campaign: Campaign,
    amount: int = 2_000,
    *,
    who: Actor | None = None,
    method: PaymentMethod = PaymentMethod.TRANSFER,
    tier_id: int | None = None,
    message: str = "",
) -> Pledge:
    who = who or await backer()
    return await pledge_funds(
        who, campaign.id, PledgeDraft(amount_cents=amount, tier_id=tier_id, method=method, message=message)
    )
