"""Who sees what of a campaign: drafts for the team and the moderators, names behind anonymous pledges for
the backer and the money team."""

import pytest

from colab.accounts.models import User
from colab.actors import ANONYMOUS, Actor, ProjectRole, Role
from colab.funding.models import CampaignStatus, Pledge
from colab.funding.pledges import PledgeDraft, pledge_funds
from colab.funding.visibility import may_see_backer, may_see_campaign, may_see_money, may_see_pledge
from colab.projects.models import Project
from tests.conftest import actor_of, make_user
from tests.funding.factories import backer, make_campaign
from tests.projects.factories import team_member


async def _who(name: str, project: Project) -> Actor:
    if name == "anonymous":
        return ANONYMOUS
    if name == "holder":
        return actor_of(await User.get(id=project.holder_id))
    if name in ("member", "finance"):
        role = ProjectRole.MEMBER if name == "member" else ProjectRole.FINANCE
        return actor_of(await team_member(project, role))
    return actor_of(await make_user({"citizen": Role.CITIZEN, "moderator": Role.MODERATOR, "admin": Role.ADMIN}[name]))


@pytest.mark.parametrize(
    ("who", "draft", "money"),
    [("anonymous", False, False), ("citizen", False, False), ("member", False, False), ("finance", True, True),
     ("holder", True, True), ("moderator", True, False), ("admin", True, True)],
)  # fmt: skip
async def test_drafts_and_money_by_role(db: None, who: str, draft: bool, money: bool) -> None:
    campaign = await make_campaign(status=CampaignStatus.DRAFT)
    actor = await _who(who, await Project.get(id=campaign.project_id))
    assert await may_see_campaign(actor, campaign) is draft
    assert await may_see_money(actor, campaign.project_id) is money


async def test_an_admitted_campaign_is_public(db: None) -> None:
    campaign = await make_campaign(status=CampaignStatus.SCHEDULED)
    assert await may_see_campaign(ANONYMOUS, campaign)


async def test_an_anonymous_pledge_hides_its_backer_from_the_public_only(db: None) -> None:
    campaign = await make_campaign()
    me = await backer("Anaïs Discrète")
    made = await pledge_funds(me, campaign.id, PledgeDraft(amount_cents=2_000, anonymous=True))
    project = await Project.get(id=campaign.project_id)
    stranger = actor_of(await make_user())
    assert not await may_see_backer(stranger, made, project.id)
    assert await may_see_backer(me, made, project.id)
    assert await may_see_backer(actor_of(await User.get(id=project.holder_id)), made, project.id)
    # unpaid: not public at all, but its backer and the money team see it
    assert not await may_see_pledge(stranger, made, project.id) and await may_see_pledge(me, made, project.id)
    await Pledge.filter(id=made.id).update(status="PAID")
    assert await may_see_pledge(stranger, await Pledge.get(id=made.id), project.id)
