"""Who is told what: the leads of the review and the ceiling, leads and backers of the end, a backer of their
pledge."""

from __future__ import annotations

from colab.funding.models import Campaign, CampaignStatus
from colab.funding.settlement import run_clock, settle_campaign
from colab.funding.transitions import expire_pledge, record_payment
from colab.notifications.models import Notification, NotificationKind
from colab.projects.follows import follow
from colab.projects.models import Project
from colab.projects.updates import UpdateDraft, post_update
from colab.validation import as_utc
from moderation.models import Decision, ReasonCode
from tests.funding.factories import admit, backer, holder_of, make_campaign, pledge


async def _kinds(user_id: int) -> list[NotificationKind]:
    return [n.kind for n in await Notification.filter(user_id=user_id).order_by("id")]


async def test_the_holder_is_told_the_terms_are_admitted(db: None) -> None:
    campaign = await make_campaign(status=CampaignStatus.SCHEDULED)
    holder_id = (await Project.get(id=campaign.project_id)).holder_id
    assert NotificationKind.CAMPAIGN_SCHEDULED in await _kinds(holder_id)


async def test_the_holder_reads_why_changes_are_requested(db: None) -> None:
    campaign = await make_campaign(status=CampaignStatus.IN_REVIEW)
    await admit(campaign, Decision.REQUEST_CHANGES, reason=ReasonCode.INCOMPLETE, message="Ajoutez un budget.")
    holder_id = (await Project.get(id=campaign.project_id)).holder_id
    told = await Notification.get(user_id=holder_id, kind=NotificationKind.CAMPAIGN_CHANGES_REQUESTED)
    assert told.subject_type == "project" and told.subject_id == campaign.project_id
    assert "Ajoutez un budget." in told.message


async def test_a_backer_is_told_of_payment_and_expiry(db: None) -> None:
    campaign = await make_campaign()
    me = await backer()
    paid = await pledge(campaign, 1_000, who=me)
    await record_payment(paid.id, 1_000, reference="r1")
    lapsed = await pledge(campaign, 1_000, who=me)
    await expire_pledge(lapsed.id)
    assert me.user_id is not None
    assert await _kinds(me.user_id) == [NotificationKind.PLEDGE_PAID, NotificationKind.PLEDGE_EXPIRED]


async def test_backers_and_holder_are_told_the_campaign_failed(db: None) -> None:
    campaign = await make_campaign(100_000, 100_000)
    me, other = await backer("Payeur"), await backer("Jamais payé")
    paid = await pledge(campaign, 1_000, who=me)
    await record_payment(paid.id, 1_000, reference="r1")
    await pledge(campaign, 1_000, who=other)
    await run_clock(as_utc(campaign.closes_at))
    await settle_campaign(campaign.id)
    assert (await Campaign.get(id=campaign.id)).status is CampaignStatus.FAILED
    holder_id = (await Project.get(id=campaign.project_id)).holder_id
    assert me.user_id is not None and other.user_id is not None
    assert NotificationKind.CAMPAIGN_FAILED in await _kinds(holder_id)
    assert NotificationKind.CAMPAIGN_FAILED in await _kinds(me.user_id)
    assert NotificationKind.CAMPAIGN_FAILED not in await _kinds(other.user_id)  # their money never moved


async def test_the_leads_are_told_the_ceiling_is_reached(db: None) -> None:
    campaign = await make_campaign(5_000, 5_000)
    await pledge(campaign, 5_000)
    holder_id = (await Project.get(id=campaign.project_id)).holder_id
    assert NotificationKind.CAMPAIGN_FUNDED in await _kinds(holder_id)


async def test_backers_hear_of_the_projects_news_once(db: None) -> None:
    campaign = await make_campaign()
    me, follower = await backer("Soutien Discret"), await backer("Soutien Suiveur")
    await pledge(campaign, 1_000, who=me)
    await pledge(campaign, 1_000, who=follower)
    assert follower.user_id is not None and me.user_id is not None
    await follow(follower, campaign.project_id)
    news = UpdateDraft("Le chantier commence", "Les travaux démarrent lundi !")
    await post_update(await holder_of(campaign), campaign.project_id, news)
    assert NotificationKind.BACKER_UPDATE in await _kinds(me.user_id)
    assert await _kinds(follower.user_id) == [NotificationKind.PROJECT_UPDATE]  # told as a follower, once
