"""Who may call each crowdfunding mutation: every actor against every verb, with the exact error code.

Access refusals are top-level errors (UNAUTHENTICATED, FORBIDDEN); someone else's pledge does not exist for
you (NOT_FOUND in the payload, as for any unknown id)."""

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest

from colab.accounts.models import User
from colab.actors import ProjectRole, Role
from colab.api.ids import encode
from colab.funding.models import Campaign, CampaignStatus
from colab.funding.periods import brussels_day
from colab.projects.models import Project
from colab.validation import utcnow
from tests.api.conftest import GraphQLClient, codes, top_codes
from tests.conftest import make_user
from tests.funding.factories import backer, make_campaign, pledge
from tests.projects.factories import make_project, team_member

ACTORS = ["anonymous", "citizen", "member", "finance", "co_lead", "holder", "backer", "moderator", "admin"]
OK = "ok"
LEADS_ONLY = {
    "anonymous": "UNAUTHENTICATED",
    "citizen": "FORBIDDEN",
    "member": "FORBIDDEN",
    "finance": "FORBIDDEN",
    "co_lead": OK,
    "holder": OK,
    "backer": "FORBIDDEN",
    "moderator": "FORBIDDEN",
    "admin": "FORBIDDEN",
}


@dataclass
class Case:
    project: Project
    campaign: Campaign | None
    backer: User


async def _actor(name: str, case: Case) -> User | None:
    if name == "anonymous":
        return None
    if name == "holder":
        return await User.get(id=case.project.holder_id)
    if name == "backer":
        return case.backer
    if name in ("member", "finance", "co_lead"):
        role = {"member": ProjectRole.MEMBER, "finance": ProjectRole.FINANCE, "co_lead": ProjectRole.CO_LEAD}[name]
        return await team_member(case.project, role)
    role = {"citizen": Role.CITIZEN, "moderator": Role.MODERATOR, "admin": Role.ADMIN}[name]
    return await make_user(role)


def _terms(starts_in_days: int = 1) -> dict[str, Any]:
    start = brussels_day(utcnow()) + timedelta(days=starts_in_days)
    return {"title": "Un four à pain partagé", "goalCents": 100_000, "ceilingCents": 120_000,
            "startsOn": start.isoformat(), "days": 20}  # fmt: skip


async def _draft_case() -> Case:
    campaign = await make_campaign(status=CampaignStatus.DRAFT)
    return Case(await Project.get(id=campaign.project_id), campaign, (await make_user()))


async def _live_case() -> Case:
    campaign = await make_campaign()
    who = await backer()
    await pledge(campaign, 2_000, who=who)
    return Case(await Project.get(id=campaign.project_id), campaign, await User.get(id=who.user_id))


async def _project_case() -> Case:
    return Case(await make_project(), None, await make_user())


def _campaign_id(case: Case) -> str:
    assert case.campaign is not None
    return encode("Campaign", case.campaign.id)


async def _pledge_id(case: Case) -> str:
    from colab.funding.models import Pledge

    return encode("Pledge", (await Pledge.get(backer_id=case.backer.id)).id)


@dataclass
class Verb:
    operation: str
    field: str
    setup: Callable[[], Awaitable[Case]]
    input: Callable[[Case], Awaitable[dict[str, Any]]]
    expected: dict[str, str]


async def _open(case: Case) -> dict[str, Any]:
    return {"projectId": encode("Project", case.project.id), **_terms()}


async def _edit(case: Case) -> dict[str, Any]:
    return {"campaignId": _campaign_id(case), "goalCents": 110_000}


async def _tiers(case: Case) -> dict[str, Any]:
    return {"campaignId": _campaign_id(case), "tiers": [{"title": "Une miche", "minAmountCents": 1_000, "stock": 5}]}


async def _campaign(case: Case) -> dict[str, Any]:
    return {"campaignId": _campaign_id(case)}


async def _cancel(case: Case) -> dict[str, Any]:
    return {"campaignId": _campaign_id(case), "reason": "Le projet change de lieu."}


async def _pledge(case: Case) -> dict[str, Any]:
    return {"campaignId": _campaign_id(case), "amountCents": 1_500}


async def _cancel_pledge(case: Case) -> dict[str, Any]:
    return {"pledgeId": await _pledge_id(case)}


VERBS = [
    Verb("OpenCampaign", "openCampaign", _project_case, _open, LEADS_ONLY),
    Verb("EditCampaign", "editCampaign", _draft_case, _edit, LEADS_ONLY),
    Verb("SetRewardTiers", "setRewardTiers", _draft_case, _tiers, LEADS_ONLY),
    Verb("SubmitCampaign", "submitCampaign", _draft_case, _campaign, LEADS_ONLY),
    Verb("CancelCampaign", "cancelCampaign", _draft_case, _cancel, {**LEADS_ONLY, "admin": OK}),
    Verb("Pledge", "pledge", _live_case, _pledge, {a: OK for a in ACTORS} | {"anonymous": "UNAUTHENTICATED"}),
    Verb(
        "CancelPledge",
        "cancelPledge",
        _live_case,
        _cancel_pledge,
        {a: "NOT_FOUND" for a in ACTORS} | {"anonymous": "UNAUTHENTICATED", "backer": OK},
    ),
]


@pytest.mark.parametrize("verb", VERBS, ids=[v.field for v in VERBS])
@pytest.mark.parametrize("actor", ACTORS)
async def test_every_actor_against_every_funding_mutation(api: GraphQLClient, verb: Verb, actor: str) -> None:
    case = await verb.setup()
    user = await _actor(actor, case)
    client = await api.as_user(user) if user else api
    body = await client.run(verb.operation, input=await verb.input(case))
    expected = verb.expected[actor]
    if expected in ("UNAUTHENTICATED", "FORBIDDEN"):
        assert top_codes(body) == [expected]
        return
    assert "errors" not in body, body
    payload = body["data"][verb.field]
    assert codes(payload) == ([] if expected == OK else [expected])
