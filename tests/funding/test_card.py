"""The needs board's FUNDS card: figures, the template's progress and links, in a bounded number of queries."""

from __future__ import annotations

from colab.actors import ANONYMOUS
from colab.funding.card import funding_cards
from colab.funding.models import CampaignStatus
from colab.funding.tiers import TierDraft
from colab.funding.transitions import record_payment
from colab.projects.board import Card
from tests.conftest import SQLCounter, actor_of, make_user
from tests.funding.factories import holder_of, make_campaign, pledge
from tests.projects.factories import make_project
from web.templating import environment


def _html(card: Card) -> str:
    assert card.template is not None
    return environment.get_template(card.template).render(card=card)


async def test_a_live_campaign_shows_its_progress_and_the_way_to_support(db: None) -> None:
    campaign = await make_campaign(10_000, 20_000, tiers=[TierDraft("Affiche", 1_000, stock=3)])
    recorded = await pledge(campaign, 4_000)
    await record_payment(recorded.id, 4_000, reference="r")
    card = (await funding_cards([campaign.project_id], ANONYMOUS))[campaign.project_id]
    assert card.open
    assert card.figures == {
        "paidCents": 4_000,
        "goalCents": 10_000,
        "ceilingCents": 20_000,
        "backers": 1,
        "daysLeft": card.figures["daysLeft"],
        "matchedCents": 0,
    }
    assert 28 <= card.figures["daysLeft"] <= 30
    html = _html(card)
    assert f'href="/projets/{campaign.project_id}/financement">Soutenir</a>' in html
    assert 'width="20"' in html  # 40 euros of a 200 euro ceiling
    assert "Affiche : 3 restants sur 3" in html
    assert "Ouvrir une campagne" not in html and "FINANCÉ" not in html


async def test_a_funded_campaign_wears_its_badge_and_takes_no_more(db: None) -> None:
    campaign = await make_campaign(5_000, 5_000)
    await pledge(campaign, 5_000)
    card = (await funding_cards([campaign.project_id], ANONYMOUS))[campaign.project_id]
    assert not card.open and "Financé" in card.summary
    html = _html(card)
    assert "FINANCÉ" in html and "Soutenir</a>" not in html


async def test_the_holder_without_a_campaign_may_open_one_the_public_may_not(db: None) -> None:
    holder = await make_user(name="Porteuse")
    project = await make_project(holder=holder)
    assert project.id not in await funding_cards([project.id], ANONYMOUS)  # the board's placeholder shows
    mine = (await funding_cards([project.id], actor_of(holder)))[project.id]
    assert f'<a class="button" href="/projets/{project.id}/financement/campagne">Ouvrir une campagne</a>' in _html(mine)


async def test_a_draft_is_the_teams_business(db: None) -> None:
    campaign = await make_campaign(status=CampaignStatus.DRAFT)
    assert campaign.project_id not in await funding_cards([campaign.project_id], ANONYMOUS)
    mine = (await funding_cards([campaign.project_id], await holder_of(campaign)))[campaign.project_id]
    assert "Gérer la campagne" in _html(mine) and "Brouillon" in _html(mine)


async def test_many_cards_cost_a_bounded_number_of_queries(db: None, sql: SQLCounter) -> None:
    campaigns = [await make_campaign(tiers=[TierDraft("T", 500)]) for _ in range(3)]
    ids = [c.project_id for c in campaigns]
    sql.reset()
    await funding_cards(ids[:1], ANONYMOUS)
    one = sql.count
    sql.reset()
    await funding_cards(ids, ANONYMOUS)
    assert sql.count == one <= 3
