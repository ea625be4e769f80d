"""Who is told what about a campaign, in the transaction of the change (a rolled-back change tells no one).

Notifications are about the project ("project", id): they lead to its page, where the campaign is shown.
The matching fund's organization is told by colab.funding.matching's own subscribers (it knows the fund)."""

from __future__ import annotations

from colab.activity.service import tell_in_activity
from colab.actors import ProjectRole
from colab.events import subscribe
from colab.events.models import Event
from colab.funding.events import (
    CampaignCancelled,
    CampaignChangesRequested,
    CampaignEvent,
    CampaignFailed,
    CampaignFunded,
    CampaignLive,
    CampaignRejected,
    CampaignScheduled,
    CampaignSettling,
    CampaignSucceeded,
    PledgeEvent,
    PledgeExpired,
    PledgePaid,
    PledgeRefunded,
)
from colab.funding.models import LIVE_PLEDGE, Pledge, PledgeStatus
from colab.notifications.emails import mail_notifications_of
from colab.notifications.models import NotificationKind
from colab.notifications.service import notify
from colab.notifications.subscribers import moderator_message
from colab.projects.events import ProjectUpdatePosted
from colab.projects.follows import followers_of
from colab.projects.models import ProjectMember

_LEADS = (ProjectRole.HOLDER, ProjectRole.CO_LEAD)
#: backers told of the campaign's end: those whose money moved
_BACKERS = (PledgeStatus.PAID, PledgeStatus.REFUND_PENDING, PledgeStatus.REFUNDED)


async def leads_of(project_id: int) -> list[int]:
    rows = await ProjectMember.filter(project_id=project_id, role__in=list(_LEADS)).values_list("user_id", flat=True)
    return [int(r) for r in rows]  # type: ignore[call-overload]


async def backers_of(campaign_id: int, statuses: tuple[PledgeStatus, ...] = _BACKERS) -> list[int]:
    rows = (
        await Pledge.filter(campaign_id=campaign_id, status__in=list(statuses))
        .distinct()
        .values_list("backer_id", flat=True)
    )
    return [int(r) for r in rows]  # type: ignore[call-overload]


def _project(event: CampaignEvent | PledgeEvent) -> int:
    assert event.project_id is not None
    return event.project_id


_DECISIONS = {
    CampaignScheduled: NotificationKind.CAMPAIGN_SCHEDULED,
    CampaignChangesRequested: NotificationKind.CAMPAIGN_CHANGES_REQUESTED,
    CampaignRejected: NotificationKind.CAMPAIGN_REJECTED,
}


@subscribe(CampaignScheduled, CampaignChangesRequested, CampaignRejected)
async def tell_the_leads_of_the_decision(
    event: CampaignScheduled | CampaignChangesRequested | CampaignRejected, row: Event
) -> None:
    message = "" if isinstance(event, CampaignScheduled) else moderator_message(event.reason, event.message)
    project_id = _project(event)
    await notify(
        await leads_of(project_id), _DECISIONS[type(event)], "project", project_id, message=message, event_id=row.id
    )


@subscribe(CampaignFunded)
async def tell_the_leads_it_is_funded(event: CampaignFunded, row: Event) -> None:
    project_id = _project(event)
    await notify(await leads_of(project_id), NotificationKind.CAMPAIGN_FUNDED, "project", project_id, event_id=row.id)


_ENDS = {
    CampaignSucceeded: NotificationKind.CAMPAIGN_SUCCEEDED,
    CampaignFailed: NotificationKind.CAMPAIGN_FAILED,
    CampaignCancelled: NotificationKind.CAMPAIGN_CANCELLED,
}


@subscribe(CampaignSucceeded, CampaignFailed, CampaignCancelled)
async def tell_leads_and_backers_of_the_end(
    event: CampaignSucceeded | CampaignFailed | CampaignCancelled, row: Event
) -> None:
    project_id = _project(event)
    people = [*await leads_of(project_id), *await backers_of(event.campaign_id)]
    message = event.reason if isinstance(event, CampaignCancelled) else ""
    await notify(people, _ENDS[type(event)], "project", project_id, message=message, event_id=row.id)


_PLEDGES = {
    PledgePaid: NotificationKind.PLEDGE_PAID,
    PledgeExpired: NotificationKind.PLEDGE_EXPIRED,
    PledgeRefunded: NotificationKind.PLEDGE_REFUNDED,
}


@subscribe(PledgePaid, PledgeExpired, PledgeRefunded)
async def tell_the_backer(event: PledgePaid | PledgeExpired | PledgeRefunded, row: Event) -> None:
    project_id = _project(event)
    await notify([event.backer_id], _PLEDGES[type(event)], "project", project_id, event_id=row.id)


@subscribe(ProjectUpdatePosted)
async def tell_the_backers_of_an_update(event: ProjectUpdatePosted, row: Event) -> None:
    """The backers of the project's campaigns hear of its news (those who follow it are told as followers)."""
    told = {*await followers_of(event.project_id), event.actor_id}
    pledges = await Pledge.filter(campaign__project_id=event.project_id, status__in=list(LIVE_PLEDGE)).only(
        "id", "backer_id"
    )
    backers = sorted({p.backer_id for p in pledges} - told)
    await notify(backers, NotificationKind.BACKER_UPDATE, "project_update", event.subject_id, event_id=row.id)


# the notifications above also go by email (each person's choices apply); public milestones show in activity
mail_notifications_of(
    CampaignScheduled,
    CampaignChangesRequested,
    CampaignRejected,
    CampaignFunded,
    CampaignSucceeded,
    CampaignFailed,
    CampaignCancelled,
    PledgePaid,
    PledgeExpired,
    PledgeRefunded,
    ProjectUpdatePosted,
)
tell_in_activity(CampaignScheduled.kind, "Campagne de financement acceptée : « {title} »")
tell_in_activity(CampaignLive.kind, "Campagne de financement ouverte : « {title} »")
tell_in_activity(CampaignFunded.kind, "Campagne financée, plafond atteint : « {title} »")
tell_in_activity(CampaignSettling.kind, "Campagne close, en attente des derniers virements : « {title} »")
tell_in_activity(CampaignSucceeded.kind, "Campagne réussie : « {title} »")
tell_in_activity(CampaignFailed.kind, "Campagne terminée sans atteindre son objectif : « {title} »")
tell_in_activity(CampaignCancelled.kind, "Campagne annulée : « {title} »")
