"""Campaigns: drafting the terms, their checks, one campaign per project, review, cancellation."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest

from colab.actors import ProjectRole, Role
from colab.errors import ColabError, ErrorCode
from colab.events.models import Event
from colab.funding.campaigns import (
    campaign_of_project,
    campaigns_by_project,
    cancel_campaign,
    edit_campaign,
    open_campaign,
    submit_campaign,
)
from colab.funding.models import Campaign, CampaignStatus, PledgeStatus
from colab.funding.periods import brussels_day, day_end
from colab.funding.tiers import TierDraft, add_tier, set_tiers
from colab.funding.transitions import record_payment
from colab.validation import utcnow
from moderation.models import Decision, ReasonCode, ReviewItem
from tests.conftest import actor_of, make_user
from tests.funding.factories import admit, draft, holder_of, make_campaign, pledge
from tests.projects.factories import make_project, team_member


async def test_the_holder_drafts_a_campaign(db: None) -> None:
    project = await make_project()
    holder = actor_of(await project.holder)
    campaign = await open_campaign(holder, project.id, draft(100_000, 150_000))
    assert campaign.status is CampaignStatus.DRAFT
    assert (campaign.goal_cents, campaign.ceiling_cents, campaign.committed_cents) == (100_000, 150_000, 0)
    assert await campaign_of_project(project.id) == campaign


async def test_a_co_lead_may_open_a_campaign_but_a_member_may_not(db: None) -> None:
    project = await make_project()
    co_lead = actor_of(await team_member(project, ProjectRole.CO_LEAD))
    member = actor_of(await team_member(project, ProjectRole.MEMBER, name="Membre Simple"))
    with pytest.raises(ColabError) as refused:
        await open_campaign(member, project.id, draft())
    assert refused.value.code is ErrorCode.FORBIDDEN
    assert (await open_campaign(co_lead, project.id, draft())).status is CampaignStatus.DRAFT


async def test_a_ceiling_under_the_goal_is_refused(db: None) -> None:
    project = await make_project()
    with pytest.raises(ColabError) as refused:
        await open_campaign(actor_of(await project.holder), project.id, draft(100_000, 90_000))
    assert refused.value.code is ErrorCode.INVALID and refused.value.field == "ceilingCents"


@pytest.mark.parametrize("days", [0, 91])
async def test_a_period_outside_1_to_90_days_is_refused(db: None, days: int) -> None:
    project = await make_project()
    terms = draft()
    terms = replace(terms, closes_at=day_end(brussels_day(terms.opens_at) + timedelta(days=days - 1)))
    with pytest.raises(ColabError) as refused:
        await open_campaign(actor_of(await project.holder), project.id, terms)
    assert refused.value.code in (ErrorCode.INVALID, ErrorCode.DATE_IN_PAST)
    assert refused.value.field == "closesAt"


async def test_ninety_days_ending_at_midnight_in_brussels_is_accepted(db: None) -> None:
    project = await make_project()
    campaign = await open_campaign(actor_of(await project.holder), project.id, draft(days=90))
    local = campaign.closes_at.astimezone(__import__("zoneinfo").ZoneInfo("Europe/Brussels"))
    assert (local.hour, local.minute, local.second) == (0, 0, 0)


async def test_a_project_has_one_campaign_under_way(db: None) -> None:
    campaign = await make_campaign(status=CampaignStatus.DRAFT)
    holder = await holder_of(campaign)
    with pytest.raises(ColabError) as refused:
        await open_campaign(holder, campaign.project_id, draft())
    assert refused.value.code is ErrorCode.CAMPAIGN_EXISTS
    await cancel_campaign(holder, campaign.id, "")
    assert (await open_campaign(holder, campaign.project_id, draft())).status is CampaignStatus.DRAFT


async def test_submitting_queues_the_terms_for_the_moderators(db: None) -> None:
    campaign = await make_campaign(status=CampaignStatus.DRAFT, tiers=[TierDraft("Merci", 1_000)])
    await submit_campaign(await holder_of(campaign), campaign.id)
    assert (await Campaign.get(id=campaign.id)).status is CampaignStatus.IN_REVIEW
    assert await ReviewItem.filter(kind="CAMPAIGN", subject_id=campaign.id).exists()
    assert await Event.filter(kind="funding.campaign_submitted", subject_id=campaign.id).exists()


async def test_submitting_twice_is_an_illegal_transition(db: None) -> None:
    campaign = await make_campaign(status=CampaignStatus.IN_REVIEW)
    with pytest.raises(ColabError) as refused:
        await submit_campaign(await holder_of(campaign), campaign.id)
    assert refused.value.code is ErrorCode.ILLEGAL_TRANSITION


async def test_admitted_terms_are_scheduled_then_opened_by_the_clock(db: None) -> None:
    campaign = await make_campaign(status=CampaignStatus.SCHEDULED, opens_at=utcnow() + timedelta(days=2))
    assert await Event.filter(kind="funding.campaign_scheduled", subject_id=campaign.id).exists()
    from colab.funding.settlement import run_clock

    await run_clock(utcnow())
    assert (await Campaign.get(id=campaign.id)).status is CampaignStatus.SCHEDULED
    await run_clock(utcnow() + timedelta(days=2, minutes=1))
    assert (await Campaign.get(id=campaign.id)).status is CampaignStatus.LIVE


async def test_changes_requested_send_the_campaign_back_to_its_draft(db: None) -> None:
    campaign = await make_campaign(status=CampaignStatus.IN_REVIEW)
    campaign = await admit(campaign, Decision.REQUEST_CHANGES, reason=ReasonCode.INCOMPLETE, message="Précisez.")
    assert campaign.status is CampaignStatus.DRAFT
    edited = await edit_campaign(await holder_of(campaign), campaign.id, draft(50_000, 60_000))
    assert edited.goal_cents == 50_000


async def test_rejected_terms_cancel_the_campaign_and_free_the_project(db: None) -> None:
    campaign = await make_campaign(status=CampaignStatus.IN_REVIEW)
    campaign = await admit(campaign, Decision.REJECT, reason=ReasonCode.OFF_TOPIC, message="Hors sujet.")
    assert campaign.status is CampaignStatus.CANCELLED and campaign.cancel_reason == "Hors sujet."
    again = await open_campaign(await holder_of(campaign), campaign.project_id, draft())
    assert again.status is CampaignStatus.DRAFT


@pytest.mark.parametrize("status", [CampaignStatus.IN_REVIEW, CampaignStatus.SCHEDULED, CampaignStatus.LIVE])
async def test_the_terms_are_frozen_once_submitted(db: None, status: CampaignStatus) -> None:
    campaign = await make_campaign(status=status, opens_at=utcnow() + timedelta(days=1))
    holder = await holder_of(campaign)
    for change in (
        edit_campaign(holder, campaign.id, draft(1_000, 2_000)),
        set_tiers(holder, campaign.id, [TierDraft("Nouveau", 500)]),
        add_tier(holder, campaign.id, TierDraft("Nouveau", 500)),
    ):
        with pytest.raises(ColabError) as refused:
            await change
        assert refused.value.code is ErrorCode.CAMPAIGN_FROZEN
    kept = await Campaign.get(id=campaign.id)
    assert (kept.goal_cents, kept.ceiling_cents) == (campaign.goal_cents, campaign.ceiling_cents)


async def test_the_holder_cancels_before_any_payment_and_pledges_are_released(db: None) -> None:
    campaign = await make_campaign()
    pending = await pledge(campaign, 2_000)
    await cancel_campaign(await holder_of(campaign), campaign.id, "Le terrain n'est plus disponible.")
    campaign = await Campaign.get(id=campaign.id)
    assert campaign.status is CampaignStatus.CANCELLED and campaign.active_project_id is None
    assert campaign.committed_cents == 0 and campaign.backers_count == 0
    await pending.refresh_from_db()
    assert pending.status is PledgeStatus.CANCELLED


async def test_the_holder_may_not_cancel_once_a_pledge_is_paid(db: None) -> None:
    campaign = await make_campaign()
    paid = await pledge(campaign, 2_000)
    await record_payment(paid.id, 2_000, reference="bank-1")
    with pytest.raises(ColabError) as refused:
        await cancel_campaign(await holder_of(campaign), campaign.id, "Trop tard")
    assert refused.value.code is ErrorCode.TOO_LATE_TO_CANCEL


async def test_an_admin_cancels_with_a_reason_and_paid_pledges_go_to_refund(db: None) -> None:
    campaign = await make_campaign()
    paid = await pledge(campaign, 2_000)
    await record_payment(paid.id, 2_000, reference="bank-1")
    admin = actor_of(await make_user(Role.ADMIN, name="Admine"))
    with pytest.raises(ColabError) as refused:
        await cancel_campaign(admin, campaign.id, "  ")
    assert refused.value.code is ErrorCode.REASON_REQUIRED
    await cancel_campaign(admin, campaign.id, "Projet frauduleux.")
    await paid.refresh_from_db()
    assert paid.status is PledgeStatus.REFUND_PENDING
    assert await Event.filter(kind="funding.pledge_refund_requested", subject_id=paid.id).exists()
    assert (await Campaign.get(id=campaign.id)).paid_cents == 0


async def test_cancelling_a_cancelled_campaign_is_an_illegal_transition(db: None) -> None:
    campaign = await make_campaign(status=CampaignStatus.DRAFT)
    holder = await holder_of(campaign)
    await cancel_campaign(holder, campaign.id, "")
    with pytest.raises(ColabError) as refused:
        await cancel_campaign(holder, campaign.id, "")
    assert refused.value.code is ErrorCode.ILLEGAL_TRANSITION


async def test_campaigns_by_project_prefers_the_active_one_in_one_query(db: None, sql: object) -> None:
    first = await make_campaign(status=CampaignStatus.DRAFT)
    await cancel_campaign(await holder_of(first), first.id, "")
    second = await open_campaign(await holder_of(first), first.project_id, draft())
    other = await make_campaign(status=CampaignStatus.DRAFT)
    sql.reset()  # type: ignore[attr-defined]
    found = await campaigns_by_project([first.project_id, other.project_id])
    assert sql.count == 1  # type: ignore[attr-defined]
    assert found[first.project_id].id == second.id and found[other.project_id].id == other.id
