"""Matching funds through GraphQL: opening, editing, pausing, closing, and reading what a fund matched."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from colab.actors import Role
from colab.api.ids import encode
from colab.funding.fund_models import FundStatus, MatchingFund
from colab.organizations.models import Membership, MembershipRole
from colab.projects.models import Project
from colab.validation import utcnow
from moderation.models import ReportedContent, Visibility
from tests.api.conftest import GraphQLClient, codes, top_codes
from tests.conftest import SQLCounter, make_org, make_user, territory, theme
from tests.funding.fund_factories import live_campaign, make_fund, matched, pledge_row


def _input(org_id: int, **extra: Any) -> dict[str, Any]:
    return {
        "organizationId": encode("Organization", org_id),
        "name": "Fonds namurois de doublement",
        "budgetCents": 500_000,
        "factorNumerator": 1,
        "factorDenominator": 1,
        "capPerPledgeCents": 10_000,
        "closesAt": (utcnow() + timedelta(days=60)).isoformat(),
        **extra,
    }


async def _manager(api: GraphQLClient, verified: bool = True) -> tuple[GraphQLClient, int]:
    user = await make_user()
    org = await make_org(verified=verified, members={user: MembershipRole.MANAGER})
    return await api.as_user(user), org.id


async def test_a_manager_opens_a_fund_serving_a_province_and_a_theme(api: GraphQLClient) -> None:
    manager, org_id = await _manager(api)
    namur, energy = await territory("90000"), await theme("energie")
    body = await manager.run(
        "CreateMatchingFund",
        input=_input(org_id, territoryIds=[encode("Territory", namur.id)], themeIds=[encode("Theme", energy.id)]),
    )
    payload = body["data"]["createMatchingFund"]
    assert payload["errors"] == []
    fund = payload["matchingFund"]
    assert (fund["status"], fund["budgetCents"], fund["committedCents"], fund["leftCents"]) == (
        "ACTIVE",
        500_000,
        0,
        500_000,
    )
    assert fund["territories"] == [{"id": encode("Territory", namur.id), "name": "Namur", "nisCode": "90000"}]
    assert [t["slug"] for t in fund["themes"]] == ["energie"] and fund["challenges"] == []
    assert fund["organization"]["id"] == encode("Organization", org_id)


async def test_an_unverified_organization_gets_a_typed_error(api: GraphQLClient) -> None:
    manager, org_id = await _manager(api, verified=False)
    body = await manager.run("CreateMatchingFund", input=_input(org_id))
    assert codes(body["data"]["createMatchingFund"]) == ["ORGANIZATION_NOT_VERIFIED"]


async def test_bad_rules_come_back_as_field_errors(api: GraphQLClient) -> None:
    manager, org_id = await _manager(api)
    body = await manager.run("CreateMatchingFund", input=_input(org_id, budgetCents=0, themeIds=["nope"]))
    errors = body["data"]["createMatchingFund"]["errors"]
    assert [(e["code"], e["field"]) for e in errors] == [("INVALID_ID", "themeIds")]
    body = await manager.run("CreateMatchingFund", input=_input(org_id, budgetCents=0, factorNumerator=50))
    errors = body["data"]["createMatchingFund"]["errors"]
    assert [(e["code"], e["field"]) for e in errors] == [("INVALID", "budgetCents"), ("INVALID", "factorNumerator")]
    assert await MatchingFund.all().count() == 0


async def test_a_citizen_and_an_anonymous_caller_are_refused_at_the_top(api: GraphQLClient) -> None:
    org = await make_org()
    citizen = await api.as_user(await make_user())
    assert top_codes(await citizen.run("CreateMatchingFund", input=_input(org.id))) == ["FORBIDDEN"]
    assert top_codes(await api.run("CreateMatchingFund", input=_input(org.id))) == ["UNAUTHENTICATED"]


async def test_pause_resume_close_and_an_illegal_move(api: GraphQLClient) -> None:
    fund = await make_fund()
    user = await make_user()
    await Membership.create(organization_id=fund.organization_id, user=user, role=MembershipRole.MANAGER)
    manager = await api.as_user(user)
    target = {"fundId": encode("MatchingFund", fund.id)}
    paused = (await manager.run("PauseMatchingFund", input=target))["data"]["pauseMatchingFund"]
    assert paused["matchingFund"]["status"] == "PAUSED"
    resumed = (await manager.run("ResumeMatchingFund", input=target))["data"]["resumeMatchingFund"]
    assert resumed["matchingFund"]["status"] == "ACTIVE"
    closed = (await manager.run("CloseMatchingFund", input=target))["data"]["closeMatchingFund"]
    assert closed["matchingFund"]["status"] == "CLOSED"
    again = (await manager.run("PauseMatchingFund", input=target))["data"]["pauseMatchingFund"]
    assert codes(again) == ["ILLEGAL_TRANSITION"] and again["matchingFund"] is None
    assert (await MatchingFund.get(id=fund.id)).status is FundStatus.CLOSED


async def test_lowering_the_budget_under_the_committed_money_is_refused(api: GraphQLClient) -> None:
    fund = await make_fund()
    await matched(await pledge_row(await live_campaign(), amount_cents=4_000))
    admin = await api.as_user(await make_user(Role.ADMIN))
    body = await admin.run("EditMatchingFund", input={"fundId": encode("MatchingFund", fund.id), "budgetCents": 3_999})
    assert codes(body["data"]["editMatchingFund"]) == ["BUDGET_BELOW_COMMITTED"]
    body = await admin.run(
        "EditMatchingFund", input={"fundId": encode("MatchingFund", fund.id), "name": "Fonds renommé"}
    )
    assert body["data"]["editMatchingFund"]["matchingFund"]["name"] == "Fonds renommé"


async def test_anyone_reads_a_fund_and_its_matches_without_backers(api: GraphQLClient) -> None:
    fund = await make_fund()
    campaign = await live_campaign()
    for amount in (1_000, 2_000):
        await matched(await pledge_row(campaign, amount_cents=amount))
    body = await api.run("MatchingFund", id=encode("MatchingFund", fund.id), first=1)
    found = body["data"]["matchingFund"]
    assert (found["committedCents"], found["leftCents"]) == (3_000, 97_000)
    matches = found["matches"]
    assert matches["totalCount"] == 2 and matches["pageInfo"]["hasNextPage"] is True
    (edge,) = matches["edges"]
    assert edge["node"]["amountCents"] == 2_000 and edge["node"]["status"] == "HELD"
    assert edge["node"]["campaignId"] == encode("Campaign", campaign.id)
    assert edge["node"]["project"]["id"] == encode("Project", campaign.project_id)
    node = await api.raw("query($id: ID!) { node(id: $id) { ... on MatchingFund { name } } }", {"id": found["id"]})
    assert node["data"]["node"]["name"] == fund.name


async def test_the_list_filters_and_does_not_grow_with_the_page(api: GraphQLClient, sql: SQLCounter) -> None:
    first = await make_fund(territory_ids=[(await territory("90000")).id])
    campaign = await live_campaign()
    await matched(await pledge_row(campaign))
    sql.reset()
    await api.run("MatchingFunds")
    few = sql.count
    for _ in range(4):
        fund = await make_fund(territory_ids=[(await territory("90000")).id])
        await MatchingFund.filter(id=first.id).update(status=FundStatus.PAUSED)
        await matched(await pledge_row(campaign))
        await MatchingFund.filter(id=fund.id).update(status=FundStatus.PAUSED)
    sql.reset()
    body = await api.run("MatchingFunds")
    assert body["data"]["matchingFunds"]["totalCount"] == 5
    assert sql.count == few
    paused = await api.run("MatchingFunds", status="ACTIVE")
    assert paused["data"]["matchingFunds"]["totalCount"] == 0
    mine = await api.run("MatchingFunds", organizationId=encode("Organization", first.organization_id))
    assert [e["node"]["id"] for e in mine["data"]["matchingFunds"]["edges"]] == [encode("MatchingFund", first.id)]


async def test_a_project_hidden_by_moderation_is_null_in_the_matches(api: GraphQLClient) -> None:
    fund = await make_fund()
    campaign = await live_campaign()
    await matched(await pledge_row(campaign))
    project = await Project.get(id=campaign.project_id)
    await ReportedContent.create(
        kind="PROJECT",
        subject_id=project.id,
        author_id=project.holder_id,
        title=project.title,
        visibility=Visibility.HIDDEN,
        created_at=utcnow(),
    )
    body = await api.run("MatchingFund", id=encode("MatchingFund", fund.id))
    (edge,) = body["data"]["matchingFund"]["matches"]["edges"]
    assert edge["node"]["project"] is None and edge["node"]["amountCents"] == 2_000
