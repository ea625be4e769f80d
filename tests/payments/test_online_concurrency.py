"""Mollie's webhook called several times at once (PostgreSQL): the pledge is paid once."""

from __future__ import annotations

import asyncio

import pytest

from colab.funding.models import LedgerEntry, PaymentMethod, Pledge, PledgeStatus
from colab.payments.models import OnlinePayment
from colab.payments.online import apply_webhook, start_online_payment
from tests.conftest import actor_of, make_user
from tests.payments.factories import make_pledge
from tests.payments.fake_mollie import FakeMollie

pytestmark = pytest.mark.postgres


async def test_parallel_paid_webhooks_pay_once(db: None, mollie: FakeMollie) -> None:
    backer = await make_user()
    pledge = await make_pledge(backer=backer, method=PaymentMethod.ONLINE)
    await start_online_payment(actor_of(backer), pledge.id)
    payment = await OnlinePayment.get(pledge_id=pledge.id)
    mollie.set_status(payment.mollie_id, "paid")
    await asyncio.gather(*(apply_webhook(payment.mollie_id) for _ in range(6)))
    assert (await Pledge.get(id=pledge.id)).status is PledgeStatus.PAID
    assert await LedgerEntry.filter(pledge_id=pledge.id).count() == 1
