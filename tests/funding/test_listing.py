"""Paged reads for pages and API: many campaigns' public pledges at once, a backer's and the team's pledges."""

from datetime import timedelta

from colab.funding.listing import backer_pledges, campaign_pledges, pledges_over_time, public_pledges_by_campaign
from colab.funding.models import Campaign, Pledge
from colab.funding.transitions import record_payment
from moderation.models import ReportReason
from moderation.reports import ReportRule, report_content
from tests.conftest import SQLCounter, actor_of, make_user
from tests.funding.factories import backer, make_campaign, pledge


async def _paid(campaign: Campaign, amount: int, message: str = "") -> Pledge:
    made = await pledge(campaign, amount, message=message)
    return await record_payment(made.id, amount, reference=f"r-{made.id}")


async def test_a_page_of_each_campaigns_paid_pledges_in_three_statements(db: None, sql: SQLCounter) -> None:
    first, second, empty = await make_campaign(), await make_campaign(), await make_campaign()
    one = [await _paid(first, 1_000 + n) for n in range(3)]
    two = [await _paid(second, 2_000 + n) for n in range(2)]
    await pledge(first, 5_000)  # unpaid: not public

    sql.reset()
    pages = await public_pledges_by_campaign([first.id, second.id, empty.id], offset=1, limit=2)

    assert sql.count == 3
    assert [p.id for p in pages[first.id][0]] == [one[1].id, one[0].id] and pages[first.id][1] == 3
    assert [p.id for p in pages[second.id][0]] == [two[0].id] and pages[second.id][1] == 2
    assert pages[empty.id] == ([], 0)


async def test_a_hidden_message_is_blanked_but_the_pledge_still_shows(db: None) -> None:
    campaign = await make_campaign()
    paid = await _paid(campaign, 1_000, message="Achetez mes pilules")
    reporter = actor_of(await make_user(name="Vigilante"))
    await report_content(reporter, "PLEDGE", paid.id, ReportReason.SPAM, rule=ReportRule(1, timedelta(0)))
    (shown,), total = (await public_pledges_by_campaign([campaign.id], offset=0, limit=10))[campaign.id]
    assert shown.id == paid.id and shown.message == "" and total == 1


async def test_a_backer_and_the_team_page_through_pledges_newest_first(db: None) -> None:
    campaign = await make_campaign()
    me = await backer("Léa Martin")
    mine = [await pledge(campaign, 1_000 + n, who=me) for n in range(3)]
    await pledge(campaign, 9_000)
    assert me.user_id is not None
    page, total = await backer_pledges(me.user_id, offset=0, limit=2)
    assert [p.id for p in page] == [mine[2].id, mine[1].id] and total == 3
    everyone, count = await campaign_pledges(campaign.id)
    assert count == 4 and everyone[0].amount_cents == 9_000


async def test_the_chart_counts_live_pledges_only(db: None) -> None:
    campaign = await make_campaign()
    kept = await pledge(campaign, 1_500)
    gone = await pledge(campaign, 2_500)
    await Pledge.filter(id=gone.id).update(status="CANCELLED")
    points = await pledges_over_time(campaign.id)
    assert [(p.amount_cents) for p in points] == [kept.amount_cents]
