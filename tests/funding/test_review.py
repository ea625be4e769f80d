"""Campaigns in the review queue (the team does not decide its own), and pledge messages as reportable content."""

from __future__ import annotations

from datetime import timedelta

import pytest

from colab.actors import ProjectRole, Role
from colab.errors import ColabError, ErrorCode
from colab.funding.campaigns import submit_campaign
from colab.funding.models import CampaignStatus
from colab.funding.pledges import public_pledges
from colab.funding.transitions import record_payment
from colab.projects.models import Project
from colab.projects.roles import give_role
from moderation import registry
from moderation.models import ReportReason, ReviewItem
from moderation.queue import claim
from moderation.reports import ReportRule, report_content
from tests.conftest import actor_of, make_user
from tests.funding.factories import holder_of, make_campaign, pledge


async def test_a_moderator_reads_the_terms(db: None) -> None:
    campaign = await make_campaign(100_000, 150_000, status=CampaignStatus.IN_REVIEW)
    view = (await registry.subject("CAMPAIGN").load([campaign.id]))[campaign.id]
    facts = dict(view.facts)
    assert facts["Objectif"] == "1\u202f000 €" and facts["Plafond"] == "1\u202f500 €"
    assert facts["Mode"] == "Tout ou rien" and "(30 jours)" in facts["Période"]
    assert not view.public


async def test_a_team_member_who_moderates_may_not_decide_the_campaign(db: None) -> None:
    campaign = await make_campaign(status=CampaignStatus.DRAFT)
    project = await Project.get(id=campaign.project_id)
    moderator = await make_user(Role.MODERATOR, name="Modérateur Membre")
    await give_role(project.id, moderator.id, ProjectRole.MEMBER)
    await submit_campaign(await holder_of(campaign), campaign.id)
    item = await ReviewItem.get(kind="CAMPAIGN", subject_id=campaign.id)
    with pytest.raises(ColabError) as refused:
        await claim(actor_of(moderator), item.id)
    assert refused.value.code is ErrorCode.SELF_REVIEW


async def test_a_reported_pledge_message_leaves_the_public_list(db: None) -> None:
    campaign = await make_campaign()
    recorded = await pledge(campaign, 1_000, message="Achetez mes pilules")
    await record_payment(recorded.id, 1_000, reference="r")
    reporter = actor_of(await make_user(name="Vigilante"))
    await report_content(reporter, "PLEDGE", recorded.id, ReportReason.SPAM, rule=ReportRule(1, timedelta(0)))
    shown = await public_pledges(campaign.id)
    assert [p.id for p in shown] == [recorded.id] and shown[0].message == ""


async def test_an_unpaid_pledge_message_is_not_public_so_not_reportable(db: None) -> None:
    campaign = await make_campaign()
    recorded = await pledge(campaign, 1_000, message="Pas encore payé")
    reporter = actor_of(await make_user(name="Vigilante"))
    with pytest.raises(ColabError) as refused:
        await report_content(reporter, "PLEDGE", recorded.id, ReportReason.SPAM)
    assert refused.value.code in (ErrorCode.NOT_FOUND, ErrorCode.NOT_REPORTABLE)
