"""What a campaign's page says of matching funds: the funds serving it now, and what each has matched."""

from colab.funding.fund_notes import fund_notes
from colab.funding.transitions import record_payment
from colab.validation import utcnow
from tests.conftest import territory
from tests.funding.factories import make_campaign, pledge
from tests.funding.fund_factories import make_fund


async def test_a_fund_serving_the_project_is_noted_with_what_it_matched(db: None) -> None:
    fund = await make_fund()
    campaign = await make_campaign()
    made = await pledge(campaign, 2_000)
    await record_payment(made.id, 2_000, reference="r1")
    (note,) = await fund_notes(campaign.id, utcnow())
    assert (note.fund.id, note.serving, note.matched_cents, note.factor) == (fund.id, True, 2_000, "1 € pour 1 €")


async def test_a_fund_serving_elsewhere_is_not_noted(db: None) -> None:
    await make_fund(territory_ids=[(await territory("60000")).id])  # the province of Liège
    campaign = await make_campaign()  # a project in Namur
    assert await fund_notes(campaign.id, utcnow()) == []
