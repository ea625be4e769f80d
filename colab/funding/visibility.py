"""Who sees what of a campaign, written once for the pages and the API.

A campaign is public from its admission on; before that (draft, in review) only its project's leads, its
money team and the moderators see it. Totals are public; the list of pledges with every backer's name, the
ledger and the unpaid pledges are for the money team (ProjectAction.SEE_MONEY) and the lab's admins.
A backer always sees their own pledge in full; the public sees paid pledges, an anonymous one without name.
"""

from __future__ import annotations

from colab.actors import Actor, ProjectAction
from colab.funding.models import Campaign, CampaignStatus, Pledge
from colab.projects.roles import may_on_project

#: statuses in which the campaign's terms were not yet admitted by the moderators
UNPUBLISHED = frozenset({CampaignStatus.DRAFT, CampaignStatus.IN_REVIEW})


async def may_manage_campaign(actor: Actor, project_id: int) -> bool:
    return await may_on_project(actor, project_id, ProjectAction.MANAGE_CAMPAIGN)


async def may_see_money(actor: Actor, project_id: int) -> bool:
    """The project's money team (leads and FINANCE) and the lab's admins."""
    return await may_on_project(actor, project_id, ProjectAction.SEE_MONEY)


async def may_see_campaign(actor: Actor, campaign: Campaign) -> bool:
    if campaign.status not in UNPUBLISHED:
        return True
    return actor.is_moderator or await may_see_money(actor, campaign.project_id)


def is_public_pledge(pledge: Pledge) -> bool:
    from colab.funding.listing import PUBLIC_PLEDGE

    return pledge.status in PUBLIC_PLEDGE


async def may_see_pledge(actor: Actor, pledge: Pledge, project_id: int) -> bool:
    """Its backer, the campaign's money team; anyone when it is public."""
    if actor.user_id is not None and actor.user_id == pledge.backer_id:
        return True
    return is_public_pledge(pledge) or await may_see_money(actor, project_id)


async def may_see_backer(actor: Actor, pledge: Pledge, project_id: int) -> bool:
    """The backer's name: hidden from the public when they chose to stay anonymous."""
    if not pledge.anonymous or (actor.user_id is not None and actor.user_id == pledge.backer_id):
        return True
    return await may_see_money(actor, project_id)
