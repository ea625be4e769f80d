"""Crowdfunding through GraphQL: campaigns and their tiers, what the public, the backer and the money team
see of pledges, the holder's verbs and the backer's, with their typed errors (who may call each verb:
test_funding_authorization.py)."""

import re
from datetime import timedelta
from typing import Any

import pytest

from colab.accounts.models import User
from colab.actors import ProjectRole, Role
from colab.api.ids import encode
from colab.funding.models import Campaign, CampaignStatus, PledgeStatus, RewardTier
from colab.funding.periods import brussels_day, day_end, day_start
from colab.funding.pledges import PledgeDraft, pledge_funds
from colab.funding.tiers import TierDraft
from colab.funding.transitions import record_payment
from colab.projects.models import Project
from colab.validation import utcnow
from tests.api.conftest import GraphQLClient, codes, top_codes
from tests.conftest import SQLCounter, make_user
from tests.funding.factories import backer, make_campaign, pledge
from tests.projects.factories import make_project, team_member


async def _holder(api: GraphQLClient, campaign: Campaign | Project) -> GraphQLClient:
    project = campaign if isinstance(campaign, Project) else await Project.get(id=campaign.project_id)
    return await api.as_user(await User.get(id=project.holder_id))


async def _paid(campaign: Campaign, amount: int, name: str, **draft: Any) -> int:
    made = await pledge_funds(await backer(name), campaign.id, PledgeDraft(amount_cents=amount, **draft))
    await record_payment(made.id, amount, reference=f"ref-{made.id}")
    return made.id


async def test_anyone_reads_a_live_campaign_with_its_tiers_and_paid_pledges(api: GraphQLClient) -> None:
    campaign = await make_campaign(100_000, 150_000, tiers=[TierDraft("Un panier", 5_000, stock=2)])
    tier = await RewardTier.get(campaign_id=campaign.id)
    await _paid(campaign, 5_000, "Bastien Soutien", tier_id=tier.id, message="Bravo !")
    await _paid(campaign, 2_000, "Anaïs Discrète", anonymous=True)
    await pledge(campaign, 3_000)  # waiting for its transfer: not public

    body = await api.run("Campaign", id=encode("Campaign", campaign.id))

    found = body["data"]["campaign"]
    assert found["status"] == "LIVE" and found["funded"] is False and found["daysLeft"] in (29, 30, 31)
    assert (found["paidCents"], found["committedCents"], found["backersCount"]) == (7_000, 10_000, 3)
    assert found["tiers"] == [
        {"id": encode("RewardTier", tier.id), "title": "Un panier", "description": "", "minAmountCents": 5_000,
         "stock": 2, "taken": 1, "stockLeft": 1, "soldOut": False}
    ]  # fmt: skip
    pledges = found["pledges"]
    assert pledges["totalCount"] == 2
    assert [(e["node"]["amountCents"], e["node"]["backerName"]) for e in pledges["edges"]] == [
        (2_000, None),
        (5_000, "Bastien Soutien"),
    ]
    assert found["viewerCanManage"] is False and found["viewerCanSeeMoney"] is False
    assert found["project"]["id"] == encode("Project", campaign.project_id)


async def test_a_project_shows_its_campaign(api: GraphQLClient) -> None:
    campaign = await make_campaign()
    body = await api.run("ProjectCampaign", id=encode("Project", campaign.project_id))
    assert body["data"]["project"]["campaign"]["id"] == encode("Campaign", campaign.id)
    empty = await make_project()
    assert (await api.run("ProjectCampaign", id=encode("Project", empty.id)))["data"]["project"]["campaign"] is None


@pytest.mark.parametrize(
    ("who", "sees"),
    [("anonymous", False), ("citizen", False), ("member", False), ("finance", True), ("holder", True),
     ("moderator", True)],
)  # fmt: skip
async def test_a_draft_is_seen_by_its_team_and_the_moderators_only(api: GraphQLClient, who: str, sees: bool) -> None:
    campaign = await make_campaign(status=CampaignStatus.DRAFT)
    project = await Project.get(id=campaign.project_id)
    users = {
        "anonymous": None,
        "citizen": await make_user(),
        "member": await team_member(project, ProjectRole.MEMBER),
        "finance": await team_member(project, ProjectRole.FINANCE, name="Fanny Finances"),
        "holder": await User.get(id=project.holder_id),
        "moderator": await make_user(Role.MODERATOR),
    }
    client = await api.as_user(users[who]) if users[who] else api
    found = (await client.run("Campaign", id=encode("Campaign", campaign.id)))["data"]["campaign"]
    assert (found is not None) is sees
    node = await client.raw("query($id: ID!) { node(id: $id) { id } }", {"id": encode("Campaign", campaign.id)})
    assert (node["data"]["node"] is not None) is sees


async def test_the_backer_sees_their_pledges_in_full(api: GraphQLClient) -> None:
    campaign = await make_campaign()
    me = await backer("Léa Martin")
    await pledge_funds(me, campaign.id, PledgeDraft(amount_cents=2_500, anonymous=True, message="Courage"))
    client = await api.as_user(await User.get(id=me.user_id))

    body = await client.run("MyPledges")

    (edge,) = body["data"]["myPledges"]["edges"]
    mine = edge["node"]
    assert mine["status"] == "PENDING_PAYMENT" and mine["method"] == "TRANSFER"
    assert mine["backerName"] == "Léa Martin" and mine["viewerIsBacker"] is True
    assert mine["expiresAt"] is not None
    assert mine["campaign"]["project"]["id"] == encode("Project", campaign.project_id)
    # others learn nothing of an unpaid pledge
    stranger = await api.as_user(await make_user())
    assert (await stranger.raw("query($id: ID!) { node(id: $id) { id } }", {"id": mine["id"]}))["data"]["node"] is None
    assert (await stranger.run("MyPledges"))["data"]["myPledges"]["totalCount"] == 0


async def test_my_pledges_need_a_login(api: GraphQLClient) -> None:
    assert top_codes(await api.run("MyPledges")) == ["UNAUTHENTICATED"]


async def test_the_public_sees_a_paid_pledge_without_its_private_fields(api: GraphQLClient) -> None:
    campaign = await make_campaign()
    pledge_id = await _paid(campaign, 2_000, "Anaïs Discrète", anonymous=True)
    query = "query($id: ID!) { node(id: $id) { ... on Pledge { amountCents backerName transferReference expiresAt } } }"
    public = await api.raw(query, {"id": encode("Pledge", pledge_id)})
    assert public["data"]["node"] == {"amountCents": 2_000, "backerName": None, "transferReference": None,
                                      "expiresAt": None}  # fmt: skip
    finance = await api.as_user(await team_member(await Project.get(id=campaign.project_id), ProjectRole.FINANCE))
    seen = await finance.raw(query, {"id": encode("Pledge", pledge_id)})
    assert seen["data"]["node"]["backerName"] == "Anaïs Discrète"


@pytest.mark.parametrize(("who", "code"), [("citizen", "FORBIDDEN"), ("member", "FORBIDDEN"), ("finance", None),
                                           ("holder", None), ("admin", None)])  # fmt: skip
async def test_the_ledger_is_for_the_money_team(api: GraphQLClient, who: str, code: str | None) -> None:
    campaign = await make_campaign()
    await _paid(campaign, 2_000, "Bastien Soutien")
    await pledge(campaign, 1_000, who=await backer("Pierre Pasencore"))
    project = await Project.get(id=campaign.project_id)
    user = {
        "citizen": await make_user(),
        "member": await team_member(project, ProjectRole.MEMBER),
        "finance": await team_member(project, ProjectRole.FINANCE, name="Fanny Finances"),
        "holder": await User.get(id=project.holder_id),
        "admin": await make_user(Role.ADMIN),
    }[who]
    body = await (await api.as_user(user)).run("CampaignLedger", id=encode("Campaign", campaign.id))
    if code:
        assert set(top_codes(body)) == {code}
        return
    found = body["data"]["campaign"]
    assert found["totals"]["receivedCents"] == 2_000 and found["totals"]["heldCents"] == 2_000
    (entry,) = [e["node"] for e in found["ledger"]["edges"]]
    assert entry["kind"] == "PLEDGE_PAID" and entry["amountCents"] == 2_000
    assert entry["creditAccount"] == f"campaign:{campaign.id}" and entry["pledge"]["backerName"] == "Bastien Soutien"
    assert [(p["node"]["status"], p["node"]["backerName"]) for p in found["allPledges"]["edges"]] == [
        ("PENDING_PAYMENT", "Pierre Pasencore"),
        ("PAID", "Bastien Soutien"),
    ]


async def test_the_holder_drafts_tiers_edits_and_submits(api: GraphQLClient) -> None:
    project = await make_project()
    holder = await _holder(api, project)
    start = brussels_day(utcnow()) + timedelta(days=3)
    opened = await holder.run(
        "OpenCampaign",
        input={"projectId": encode("Project", project.id), "title": "Un four à pain", "goalCents": 100_000,
               "ceilingCents": 120_000, "startsOn": start.isoformat(), "days": 15, "mode": "KEEP_IT_ALL"},
    )  # fmt: skip
    campaign = opened["data"]["openCampaign"]["campaign"]
    assert opened["data"]["openCampaign"]["errors"] == []
    assert campaign["status"] == "DRAFT" and campaign["mode"] == "KEEP_IT_ALL" and campaign["daysLeft"] is None
    stored = await Campaign.get(project_id=project.id)
    assert stored.opens_at == day_start(start) and stored.closes_at == day_end(start + timedelta(days=14))

    tiers = await holder.run(
        "SetRewardTiers",
        input={"campaignId": campaign["id"], "tiers": [{"title": "Une miche", "minAmountCents": 1_000, "stock": 5},
                                                       {"title": "Merci", "minAmountCents": 500}]},
    )  # fmt: skip
    assert [t["title"] for t in tiers["data"]["setRewardTiers"]["campaign"]["tiers"]] == ["Une miche", "Merci"]

    edited = await holder.run("EditCampaign", input={"campaignId": campaign["id"], "goalCents": 90_000, "days": 20})
    after = edited["data"]["editCampaign"]["campaign"]
    assert (after["goalCents"], after["ceilingCents"], after["title"]) == (90_000, 120_000, "Un four à pain")
    assert (await Campaign.get(id=stored.id)).closes_at == day_end(start + timedelta(days=19))

    submitted = await holder.run("SubmitCampaign", input={"campaignId": campaign["id"]})
    assert submitted["data"]["submitCampaign"]["campaign"]["status"] == "IN_REVIEW"
    frozen = await holder.run("EditCampaign", input={"campaignId": campaign["id"], "goalCents": 80_000})
    assert codes(frozen["data"]["editCampaign"]) == ["CAMPAIGN_FROZEN"]
    again = await holder.run("SubmitCampaign", input={"campaignId": campaign["id"]})
    assert codes(again["data"]["submitCampaign"]) == ["ILLEGAL_TRANSITION"]


@pytest.mark.parametrize(
    ("changes", "code", "field"),
    [
        ({"days": 91}, "INVALID", "days"),
        ({"days": 0}, "INVALID", "days"),
        ({"ceilingCents": 50_000}, "INVALID", "ceilingCents"),
        ({"goalCents": 0, "ceilingCents": 0}, "INVALID", "goalCents"),
        ({"title": ""}, "REQUIRED", "title"),
        ({"startsOn": "2020-01-01", "days": 10}, "DATE_IN_PAST", "closesAt"),
        ({"projectId": encode("Idea", 1)}, "INVALID_ID", "projectId"),
    ],
)
async def test_wrong_terms_are_typed_errors(api: GraphQLClient, changes: dict[str, Any], code: str, field: str) -> None:
    project = await make_project()
    holder = await _holder(api, project)
    start = brussels_day(utcnow()) + timedelta(days=1)
    terms = {"projectId": encode("Project", project.id), "title": "Un four", "goalCents": 100_000,
             "ceilingCents": 120_000, "startsOn": start.isoformat(), "days": 15}  # fmt: skip
    body = await holder.run("OpenCampaign", input={**terms, **changes})
    payload = body["data"]["openCampaign"]
    assert [(e["code"], e["field"]) for e in payload["errors"]][:1] == [(code, field)]
    assert payload["campaign"] is None


async def test_a_second_campaign_is_refused(api: GraphQLClient) -> None:
    campaign = await make_campaign(status=CampaignStatus.DRAFT)
    holder = await _holder(api, campaign)
    start = brussels_day(utcnow()) + timedelta(days=1)
    body = await holder.run(
        "OpenCampaign",
        input={"projectId": encode("Project", campaign.project_id), "title": "Encore", "goalCents": 1_000,
               "ceilingCents": 1_000, "startsOn": start.isoformat(), "days": 5},
    )  # fmt: skip
    assert codes(body["data"]["openCampaign"]) == ["CAMPAIGN_EXISTS"]


async def test_a_tier_error_names_its_row(api: GraphQLClient) -> None:
    campaign = await make_campaign(status=CampaignStatus.DRAFT)
    body = await (await _holder(api, campaign)).run(
        "SetRewardTiers",
        input={"campaignId": encode("Campaign", campaign.id), "tiers": [{"title": "Ok", "minAmountCents": 500},
                                                                        {"title": "Zéro", "minAmountCents": 0}]},
    )  # fmt: skip
    assert [(e["code"], e["field"]) for e in body["data"]["setRewardTiers"]["errors"]] == [
        ("INVALID", "tiers.1.minAmountCents")
    ]


async def test_a_backer_pledges_and_cancels(api: GraphQLClient) -> None:
    campaign = await make_campaign(100_000, 150_000, tiers=[TierDraft("Une miche", 1_000, stock=3)])
    tier = await RewardTier.get(campaign_id=campaign.id)
    client = await api.as_user(await make_user(name="Léa Martin"))
    body = await client.run(
        "Pledge",
        input={"campaignId": encode("Campaign", campaign.id), "amountCents": 2_500,
               "tierId": encode("RewardTier", tier.id), "anonymous": True, "message": "Courage <script>x</script>"},
    )  # fmt: skip
    payload = body["data"]["pledge"]
    assert payload["errors"] == []
    made = payload["pledge"]
    assert made["status"] == "PENDING_PAYMENT" and made["backerName"] == "Léa Martin" and made["anonymous"] is True
    assert "<script>" not in made["message"] and made["tier"]["title"] == "Une miche"
    assert made["campaign"]["committedCents"] == 2_500 and made["campaign"]["backersCount"] == 1
    transfer = made["transferInstructions"]
    assert transfer["amountCents"] == 2_500 and re.fullmatch(
        r"\+\+\+\d{3}/\d{4}/\d{5}\+\+\+", transfer["structuredReference"]
    )
    assert transfer["qrSvg"].lstrip().startswith("<") and "<svg" in transfer["qrSvg"]
    stranger = await api.as_user(await make_user())
    query = "query($id: ID!) { node(id: $id) { ... on Pledge { transferInstructions { iban } } } }"
    assert (await stranger.raw(query, {"id": made["id"]}))["data"]["node"] is None

    cancelled = await client.run("CancelPledge", input={"pledgeId": made["id"]})
    assert cancelled["data"]["cancelPledge"]["pledge"]["status"] == "CANCELLED"
    assert (await Campaign.get(id=campaign.id)).committed_cents == 0
    assert (await RewardTier.get(id=tier.id)).taken == 0


@pytest.mark.parametrize(
    ("setup", "amount", "code", "field"),
    [
        ("ceiling", 2_000, "CEILING_REACHED", "amountCents"),
        ("sold_out", 1_000, "SOLD_OUT", "tierId"),
        ("live", 100, "AMOUNT_TOO_LOW", "amountCents"),
        ("live", 2_000_000, "AMOUNT_TOO_HIGH", "amountCents"),
        ("scheduled", 1_000, "CAMPAIGN_NOT_LIVE", None),
    ],
)
async def test_refused_pledges_are_typed_errors(
    api: GraphQLClient, setup: str, amount: int, code: str, field: str | None
) -> None:
    if setup == "scheduled":
        later = utcnow() + timedelta(days=5)
        campaign = await make_campaign(status=CampaignStatus.SCHEDULED, opens_at=later)
    else:
        campaign = await make_campaign(10_000, 10_000, tiers=[TierDraft("Unique", 1_000, stock=1)])
    tier = await RewardTier.get_or_none(campaign_id=campaign.id)
    if setup == "ceiling":
        await pledge(campaign, 9_000)
    if setup == "sold_out" and tier:
        await pledge(campaign, 1_000, tier_id=tier.id)
    client = await api.as_user(await make_user())
    given: dict[str, Any] = {"campaignId": encode("Campaign", campaign.id), "amountCents": amount}
    if setup == "sold_out" and tier:
        given["tierId"] = encode("RewardTier", tier.id)
    payload = (await client.run("Pledge", input=given))["data"]["pledge"]
    assert [(e["code"], e["field"]) for e in payload["errors"]] == [(code, field)]
    assert payload["pledge"] is None


async def test_a_backer_cannot_cancel_once_settled_or_too_late(api: GraphQLClient) -> None:
    campaign = await make_campaign(days=1)  # ends tonight: less than 24 hours left
    me = await backer()
    made = await pledge(campaign, 2_000, who=me)
    client = await api.as_user(await User.get(id=me.user_id))
    body = await client.run("CancelPledge", input={"pledgeId": encode("Pledge", made.id)})
    assert codes(body["data"]["cancelPledge"]) == ["TOO_LATE_TO_CANCEL"]
    assert (await made.refresh_from_db()) is None and made.status is PledgeStatus.PENDING_PAYMENT


async def _campaign_statements(api: GraphQLClient, sql: SQLCounter, first: int) -> int:
    sql.reset()
    body = await api.run("ProjectCampaigns", first=first)
    assert "errors" not in body, body
    edges = body["data"]["projects"]["edges"]
    assert len(edges) == first and all(e["node"]["campaign"]["tiers"] for e in edges)
    assert all(e["node"]["campaign"]["pledges"]["totalCount"] == 2 for e in edges)
    return sql.count


async def test_projects_with_campaigns_tiers_and_pledges_do_not_grow_with_the_page(
    api: GraphQLClient, sql: SQLCounter
) -> None:
    for n in range(5):
        campaign = await make_campaign(tiers=[TierDraft(f"Palier {n}", 1_000, stock=10)])
        for k in range(2):
            await _paid(campaign, 1_000 + k, f"Soutien {n}-{k}", anonymous=k == 1)
    two = await _campaign_statements(api, sql, 2)
    five = await _campaign_statements(api, sql, 5)
    assert two == five


async def test_my_pledges_do_not_grow_with_the_page(api: GraphQLClient, sql: SQLCounter) -> None:
    me = await backer("Léa Martin")
    for _ in range(6):
        campaign = await make_campaign(tiers=[TierDraft("Merci", 500)])
        tier = await RewardTier.get(campaign_id=campaign.id)
        await pledge_funds(me, campaign.id, PledgeDraft(amount_cents=1_000, tier_id=tier.id))
    client = await api.as_user(await User.get(id=me.user_id))

    async def statements(first: int) -> int:
        sql.reset()
        body = await client.run("MyPledges", first=first)
        assert len(body["data"]["myPledges"]["edges"]) == first
        return sql.count

    assert await statements(2) == await statements(6)
