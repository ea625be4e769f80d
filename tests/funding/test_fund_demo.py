"""The demo's matching fund: the Province de Namur's fund, matching pledges to a live campaign of its communes."""

from __future__ import annotations

from colab.demo import DEMO_PASSWORD, seed_demo
from colab.funding.fund_demo import FUND_NAME, seed_matching
from colab.funding.fund_models import FundMatch, MatchingFund, MatchStatus
from colab.funding.models import Campaign, LedgerEntry, LedgerKind
from colab.organizations.models import Organization
from tests.funding.fund_factories import live_campaign


async def test_the_province_s_fund_matches_demo_pledges_once(db: None) -> None:
    campaign = await live_campaign()  # a project in Namur
    assert await seed_matching(DEMO_PASSWORD) == 3
    assert await seed_matching(DEMO_PASSWORD) == 0
    fund = await MatchingFund.get(name=FUND_NAME)
    assert (await Organization.get(id=fund.organization_id)).verified
    matches = await FundMatch.filter(fund_id=fund.id)
    assert sorted(m.amount_cents for m in matches) == [2_500, 4_000, 5_000]
    assert {m.campaign_id for m in matches} == {campaign.id}
    assert sum(m.status is MatchStatus.PAID for m in matches) == 2
    assert await LedgerEntry.filter(kind=LedgerKind.MATCH, fund_id=fund.id).count() == 2
    await fund.refresh_from_db()
    assert fund.committed_cents == 11_500


async def test_without_a_live_campaign_in_the_province_the_fund_waits(db: None) -> None:
    assert await seed_matching(DEMO_PASSWORD) == 0
    assert await MatchingFund.filter(name=FUND_NAME).count() == 1
    assert await FundMatch.all().count() == 0


async def test_the_whole_demo_shows_the_province_s_fund_doubling_the_namur_campaign(db: None) -> None:
    await seed_demo()
    fund = await MatchingFund.get(name=FUND_NAME)
    live = await Campaign.get(title="Financer l'atelier et ses outils")
    matches = await FundMatch.filter(fund_id=fund.id)
    assert {m.campaign_id for m in matches} == {live.id} and len(matches) == 4
    # the fourth pledge is paid too: the payments demo's bank statement pays the transfer it was waiting for
    assert sum(m.status is MatchStatus.PAID for m in matches) == 4
    assert live.matched_cents == fund.committed_cents == sum(m.amount_cents for m in matches)
    await seed_demo()
    assert await FundMatch.filter(fund_id=fund.id).count() == 4
