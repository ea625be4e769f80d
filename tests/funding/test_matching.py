"""Matching a pledge: which fund serves it, how much (factor and caps), giving it back, paying it."""

from __future__ import annotations

from datetime import timedelta

from tortoise.transactions import in_transaction

from colab.events import publish
from colab.funding import ledger
from colab.funding.events import PledgePaid
from colab.funding.fund_models import FundMatch, FundStatus, MatchingFund, MatchStatus
from colab.funding.matching import match_pledge, matched_for
from colab.funding.models import Campaign, LedgerEntry, LedgerKind, Pledge
from colab.validation import utcnow
from tests.conftest import SQLCounter, make_challenge, make_user, territory, theme
from tests.funding.fund_factories import live_campaign, make_fund, matched, pledge_row, released
from tests.projects.factories import make_project


async def _paid(pledge: Pledge) -> None:
    """The core's PledgePaid, as record_payment publishes it (this module's subscriber pays the match)."""
    campaign = await Campaign.get(id=pledge.campaign_id)
    async with in_transaction():
        await publish(
            PledgePaid(
                subject_id=pledge.id,
                project_id=campaign.project_id,
                pledge_id=pledge.id,
                campaign_id=pledge.campaign_id,
                backer_id=pledge.backer_id,
                amount_cents=pledge.amount_cents,
                method="TRANSFER",
                reference=f"test-{pledge.id}",
            )
        )


async def test_a_fund_doubles_a_pledge_one_euro_for_one(db: None) -> None:
    fund = await make_fund()
    pledge = await pledge_row(await live_campaign(), amount_cents=2_500)
    assert await matched(pledge) == 2_500
    assert pledge.match_fund_id == fund.id
    await fund.refresh_from_db()
    assert fund.committed_cents == 2_500
    (match,) = await matched_for(pledge.id)
    assert (match.fund_id, match.amount_cents, match.status) == (fund.id, 2_500, MatchStatus.HELD)


async def test_the_factor_multiplies_and_rounds_down_to_the_cent(db: None) -> None:
    await make_fund(factor_numerator=1, factor_denominator=3)
    pledge = await pledge_row(await live_campaign(), amount_cents=1_000)
    assert await matched(pledge) == 333


async def test_the_cap_per_pledge_limits_one_match(db: None) -> None:
    await make_fund(cap_per_pledge_cents=1_500)
    assert await matched(await pledge_row(await live_campaign(), amount_cents=5_000)) == 1_500


async def test_the_cap_per_project_counts_every_live_match_of_the_project(db: None) -> None:
    await make_fund(cap_per_project_cents=5_000)
    campaign = await live_campaign()
    assert await matched(await pledge_row(campaign, amount_cents=3_000)) == 3_000
    assert await matched(await pledge_row(campaign, amount_cents=3_000)) == 2_000
    assert await matched(await pledge_row(campaign, amount_cents=3_000)) == 0
    assert await matched(await pledge_row(await live_campaign(), amount_cents=3_000)) == 3_000  # another project


async def test_the_cap_per_backer_counts_the_backer_across_projects(db: None) -> None:
    await make_fund(cap_per_backer_cents=4_000)
    backer = await make_user()
    assert await matched(await pledge_row(await live_campaign(), backer, 3_000)) == 3_000
    assert await matched(await pledge_row(await live_campaign(), backer, 3_000)) == 1_000
    assert await matched(await pledge_row(await live_campaign(), amount_cents=3_000)) == 3_000  # someone else


async def test_the_budget_left_limits_the_match(db: None) -> None:
    fund = await make_fund(budget_cents=3_000)
    campaign = await live_campaign()
    assert await matched(await pledge_row(campaign, amount_cents=2_000)) == 2_000
    assert await matched(await pledge_row(campaign, amount_cents=2_000)) == 1_000
    assert await matched(await pledge_row(campaign, amount_cents=2_000)) == 0
    await fund.refresh_from_db()
    assert fund.committed_cents == fund.budget_cents == 3_000


async def test_the_room_under_the_ceiling_limits_the_match(db: None) -> None:
    await make_fund()
    assert await matched(await pledge_row(await live_campaign(), amount_cents=2_000), room_cents=700) == 700


async def test_no_room_matches_nothing(db: None) -> None:
    await make_fund()
    pledge = await pledge_row(await live_campaign())
    assert await matched(pledge, room_cents=0) == 0
    assert await FundMatch.all().count() == 0


async def test_a_fund_of_another_province_matches_nothing(db: None) -> None:
    await make_fund(territory_ids=[(await territory("60000")).id])  # Liège; the project is in Namur
    assert await matched(await pledge_row(await live_campaign())) == 0


async def test_a_province_fund_serves_its_communes_and_a_commune_fund_itself(db: None) -> None:
    province = await make_fund(territory_ids=[(await territory("90000")).id])
    assert await matched(await pledge_row(await live_campaign())) > 0
    await MatchingFund.filter(id=province.id).update(status=FundStatus.PAUSED)
    commune = await make_fund(territory_ids=[(await territory("92094")).id])
    pledge = await pledge_row(await live_campaign())
    assert await matched(pledge) > 0 and pledge.match_fund_id == commune.id


async def test_a_fund_serving_a_theme_skips_projects_without_it(db: None) -> None:
    await make_fund(theme_ids=[(await theme("energie")).id])
    assert await matched(await pledge_row(await live_campaign())) == 0  # the project is about mobility
    energy = await make_project(theme_ids=[(await theme("energie")).id, (await theme("mobilite")).id])
    assert await matched(await pledge_row(await live_campaign(energy))) > 0


async def test_a_fund_serving_a_challenge_matches_only_its_answers(db: None) -> None:
    challenge = await make_challenge()
    await make_fund(challenge_ids=[challenge.id])
    assert await matched(await pledge_row(await live_campaign())) == 0
    answer = await make_project(challenge=challenge)
    assert await matched(await pledge_row(await live_campaign(answer))) > 0


async def test_paused_closed_and_out_of_period_funds_match_nothing(db: None) -> None:
    paused = await make_fund()
    await MatchingFund.filter(id=paused.id).update(status=FundStatus.PAUSED)
    closed = await make_fund()
    await MatchingFund.filter(id=closed.id).update(status=FundStatus.CLOSED)
    await make_fund(opens_at=utcnow() + timedelta(days=2))
    ended = await make_fund()
    await MatchingFund.filter(id=ended.id).update(closes_at=utcnow() - timedelta(minutes=1))
    assert await matched(await pledge_row(await live_campaign())) == 0


async def test_an_empty_fund_gives_way_to_the_next_one(db: None) -> None:
    first = await make_fund(budget_cents=1_000)
    second = await make_fund()
    campaign = await live_campaign()
    assert await matched(await pledge_row(campaign, amount_cents=1_000)) == 1_000
    pledge = await pledge_row(campaign, amount_cents=1_000)
    assert await matched(pledge) == 1_000 and pledge.match_fund_id == second.id
    assert first.id < second.id


async def test_release_gives_the_money_back_once(db: None) -> None:
    fund = await make_fund()
    pledge = await pledge_row(await live_campaign(), amount_cents=2_000)
    await matched(pledge)
    assert await released(pledge) == 2_000
    assert await released(pledge) == 0
    await fund.refresh_from_db()
    assert fund.committed_cents == 0
    (match,) = await matched_for(pledge.id)
    assert match.status is MatchStatus.RETURNED and match.returned_at is not None
    assert not await LedgerEntry.filter(kind=LedgerKind.FUND_RETURN).exists()  # it never reached the campaign


async def test_a_released_match_frees_the_caps(db: None) -> None:
    await make_fund(cap_per_backer_cents=2_000)
    backer = await make_user()
    first = await pledge_row(await live_campaign(), backer, 2_000)
    await matched(first)
    await released(first)
    assert await matched(await pledge_row(await live_campaign(), backer, 2_000)) == 2_000


async def test_a_paid_pledge_moves_the_match_to_the_campaign_in_the_ledger(db: None) -> None:
    fund = await make_fund()
    pledge = await pledge_row(await live_campaign(), amount_cents=2_000)
    await matched(pledge)
    await _paid(pledge)
    await _paid(pledge)  # a second delivery of the same fact writes nothing more
    (match,) = await matched_for(pledge.id)
    assert match.status is MatchStatus.PAID
    (entry,) = await LedgerEntry.filter(kind=LedgerKind.MATCH)
    assert (entry.debit_account, entry.credit_account, entry.amount_cents) == (
        ledger.fund(fund.id),
        ledger.campaign_account(pledge.campaign_id),
        2_000,
    )


async def test_releasing_a_paid_match_returns_it_to_the_fund_in_the_ledger(db: None) -> None:
    fund = await make_fund()
    pledge = await pledge_row(await live_campaign(), amount_cents=2_000)
    await matched(pledge)
    await _paid(pledge)
    assert await released(pledge) == 2_000
    assert await released(pledge) == 0
    assert await ledger.balance(ledger.fund(fund.id)) == 0
    assert await ledger.balance(ledger.campaign_account(pledge.campaign_id)) == 0
    assert await LedgerEntry.filter(kind=LedgerKind.FUND_RETURN).count() == 1
    await fund.refresh_from_db()
    assert fund.committed_cents == 0


async def test_without_an_open_fund_matching_costs_one_query(db: None, sql: SQLCounter) -> None:
    pledge = await pledge_row(await live_campaign())
    paused = await make_fund()
    await MatchingFund.filter(id=paused.id).update(status=FundStatus.PAUSED)
    async with in_transaction():
        sql.reset()
        assert await match_pledge(pledge, 10_000) == 0
        assert sql.count == 1


async def test_a_fund_that_does_not_serve_the_project_is_not_locked(db: None, sql: SQLCounter) -> None:
    await make_fund(territory_ids=[(await territory("60000")).id])
    pledge = await pledge_row(await live_campaign())
    sql.reset()
    assert await matched(pledge) == 0
    assert not [s for s in sql.statements if "matching_fund" in s and ("FOR UPDATE" in s or "UPDATE" in s)]
