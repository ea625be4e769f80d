"""A fund's managers are told how the campaigns it matched ended, with what the fund put in."""

from __future__ import annotations

from colab.funding.models import Campaign, CampaignStatus
from colab.funding.pledges import PledgeDraft, pledge_funds, record_payment
from colab.funding.settlement import settle_campaign
from colab.notifications.models import Notification, NotificationKind
from colab.organizations.models import Membership, MembershipRole
from tests.conftest import actor_of, make_user
from tests.funding.fund_factories import live_campaign, make_fund


async def _settled(goal_reached: bool) -> tuple[Campaign, list[int]]:
    fund = await make_fund()
    managers = await Membership.filter(organization_id=fund.organization_id, role=MembershipRole.MANAGER)
    campaign = await live_campaign(ceiling_cents=8_000)  # goal 40 euros
    backer = await make_user()
    pledge = await pledge_funds(
        actor_of(backer), campaign.id, PledgeDraft(amount_cents=2_000 if goal_reached else 1_000)
    )
    await record_payment(pledge.id, pledge.amount_cents, reference=f"ref-{pledge.id}")
    await Campaign.filter(id=campaign.id).update(status=CampaignStatus.SETTLING)
    return await settle_campaign(campaign.id), [m.user_id for m in managers]


async def test_the_fund_s_managers_hear_of_a_success_and_what_the_fund_added(db: None) -> None:
    campaign, managers = await _settled(goal_reached=True)
    assert campaign.status is CampaignStatus.SUCCEEDED
    (told,) = await Notification.filter(user_id__in=managers)
    assert (told.kind, told.subject_type, told.subject_id) == (
        NotificationKind.CAMPAIGN_SUCCEEDED,
        "project",
        campaign.project_id,
    )
    assert "y a ajouté 20 €" in told.message


async def test_the_fund_s_managers_hear_of_a_failure_and_the_money_coming_back(db: None) -> None:
    campaign, managers = await _settled(goal_reached=False)
    assert campaign.status is CampaignStatus.FAILED
    (told,) = await Notification.filter(user_id__in=managers)
    assert told.kind is NotificationKind.CAMPAIGN_FAILED and "lui revient" in told.message


async def test_a_campaign_without_matches_tells_no_fund(db: None) -> None:
    campaign = await live_campaign(ceiling_cents=8_000)
    await Campaign.filter(id=campaign.id).update(status=CampaignStatus.SETTLING)
    await settle_campaign(campaign.id)
    assert await Notification.filter(message__contains="fonds").count() == 0
