"""The payments demo: a statement imported once, a pledge paid by it, lines waiting on the finance page."""

from colab.actors import Role
from colab.funding.models import Pledge, PledgeStatus
from colab.payments.demo import seed_payments
from colab.payments.models import BankStatement, LineStatus, StatementLine
from tests.conftest import make_user
from tests.payments.factories import live_campaign, make_pledge


async def test_the_demo_statement_pays_a_pledge_and_leaves_lines_to_resolve(db: None) -> None:
    await make_user(Role.ADMIN, email="admin@colab.example")
    campaign = await live_campaign()
    first, second = await make_pledge(campaign, amount_cents=2500), await make_pledge(campaign, amount_cents=4000)
    result = await seed_payments()
    assert result is not None and (result.matched, result.unmatched) == (1, 2)
    assert (await Pledge.get(id=first.id)).status is PledgeStatus.PAID
    assert (await Pledge.get(id=second.id)).status is PledgeStatus.PENDING_PAYMENT
    again = await seed_payments()
    assert again is not None and again.already_imported
    assert await BankStatement.all().count() == 1
    assert await StatementLine.filter(status=LineStatus.UNMATCHED).count() == 2


async def test_without_the_demo_admin_nothing_is_imported(db: None) -> None:
    assert await seed_payments() is None
