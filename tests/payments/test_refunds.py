"""Refunds: online payments through Mollie's refunds API (once, by idempotency key), transfers by hand."""

import json

import pytest

from colab.actors import ANONYMOUS
from colab.errors import ColabError, ErrorCode
from colab.events.base import decode
from colab.events.models import Event
from colab.events.worker import Worker
from colab.funding.events import PledgeRefundRequested
from colab.funding.models import PaymentMethod, Pledge, PledgeStatus
from colab.funding.pledges import cancel_pledge
from colab.payments.models import OnlinePayment, RefundInstruction
from colab.payments.online import apply_webhook, start_online_payment
from colab.payments.reconciliation import mark_pledge_paid
from colab.payments.refunds import (
    give_refund_account,
    mark_refund_done,
    refund_pledge,
    refunds_to_do,
)
from tests.conftest import SQLCounter, actor_of, make_user
from tests.payments.factories import live_campaign, make_admin, make_pledge
from tests.payments.fake_mollie import FakeMollie


async def _drain() -> None:
    worker = Worker()
    while await worker.run_once():
        pass


async def _paid_online(mollie: FakeMollie) -> tuple[Pledge, str]:
    backer = await make_user()
    pledge = await make_pledge(backer=backer, amount_cents=2500, method=PaymentMethod.ONLINE)
    await start_online_payment(actor_of(backer), pledge.id)
    (payment_id,) = mollie.payments
    mollie.set_status(payment_id, "paid")
    await apply_webhook(payment_id)
    await cancel_pledge(actor_of(backer), pledge.id)
    return pledge, payment_id


async def _refund_event(pledge: Pledge) -> tuple[PledgeRefundRequested, Event]:
    row = await Event.filter(kind="funding.pledge_refund_requested", subject_id=pledge.id).get()
    event = decode(row)
    assert isinstance(event, PledgeRefundRequested)
    return event, row


async def test_an_online_pledge_is_refunded_through_mollie_once(db: None, mollie: FakeMollie) -> None:
    pledge, payment_id = await _paid_online(mollie)
    assert (await Pledge.get(id=pledge.id)).status is PledgeStatus.REFUND_PENDING
    await _drain()
    refunded = await Pledge.get(id=pledge.id)
    assert refunded.status is PledgeStatus.REFUNDED
    (refund,) = mollie.refunds
    assert refunded.refund_reference == f"mollie:{refund['id']}"
    assert refund["paymentId"] == payment_id and refund["amount"] == {"currency": "EUR", "value": "25.00"}
    (request,) = [r for r in mollie.creates() if r.url.path.endswith("/refunds")]
    assert request.headers["Idempotency-Key"] == f"colab-pledge-{pledge.id}-refund"
    assert json.loads(request.content)["amount"]["value"] == "25.00"


async def test_a_refund_delivered_twice_refunds_once(db: None, mollie: FakeMollie) -> None:
    pledge, _ = await _paid_online(mollie)
    event, row = await _refund_event(pledge)
    await refund_pledge(event, row)
    await refund_pledge(event, row)  # at-least-once delivery
    assert len(mollie.refunds) == 1
    assert (await Pledge.get(id=pledge.id)).status is PledgeStatus.REFUNDED


async def test_a_retried_refund_request_reuses_its_idempotency_key(db: None, mollie: FakeMollie) -> None:
    """The refund was created at Mollie but our answer was lost: the retry's key gets Mollie's first answer."""
    pledge, _ = await _paid_online(mollie)
    event, row = await _refund_event(pledge)
    await refund_pledge(event, row)
    await OnlinePayment.filter(pledge_id=pledge.id).update(refund_id=None)  # as if the answer never came back
    await Pledge.filter(id=pledge.id).update(status=PledgeStatus.REFUND_PENDING, refund_reference=None)
    await refund_pledge(event, row)
    refund_requests = [r for r in mollie.creates() if r.url.path.endswith("/refunds")]
    assert len(refund_requests) == 2
    assert {r.headers["Idempotency-Key"] for r in refund_requests} == {f"colab-pledge-{pledge.id}-refund"}
    assert len(mollie.refunds) == 1


async def test_a_transfer_refund_is_listed_until_an_admin_sends_it(db: None) -> None:
    admin = actor_of(await make_admin())
    backer = await make_user()
    pledge = await make_pledge(backer=backer, amount_cents=4000)
    await mark_pledge_paid(admin, pledge.id)
    await cancel_pledge(actor_of(backer), pledge.id)
    await _drain()
    (refund,) = await refunds_to_do(admin)
    assert (refund.pledge_id, refund.amount_cents, refund.iban) == (pledge.id, 4000, "")
    with pytest.raises(ColabError) as no_iban:
        await mark_refund_done(admin, refund.id)
    assert no_iban.value.code is ErrorCode.REQUIRED
    await give_refund_account(actor_of(backer), pledge.id, "BE68 5390 0754 7034", "Marie Dupont")
    done = await mark_refund_done(admin, refund.id)
    assert done.done_at is not None and (await Pledge.get(id=pledge.id)).status is PledgeStatus.REFUNDED
    assert await refunds_to_do(admin) == []
    with pytest.raises(ColabError) as twice:
        await mark_refund_done(admin, refund.id)
    assert twice.value.code is ErrorCode.ALREADY_RESOLVED


async def test_a_wrong_iban_is_refused(db: None) -> None:
    backer = await make_user()
    pledge = await make_pledge(backer=backer)
    await RefundInstruction.create(pledge_id=pledge.id, backer_id=backer.id, amount_cents=pledge.amount_cents)
    with pytest.raises(ColabError) as refused:
        await give_refund_account(actor_of(backer), pledge.id, "BE68 5390 0754 7035", "Marie Dupont")
    assert refused.value.code is ErrorCode.INVALID_IBAN
    with pytest.raises(ColabError) as stranger:
        await give_refund_account(actor_of(await make_user()), pledge.id, "BE68539007547034", "X")
    assert stranger.value.code is ErrorCode.NOT_FOUND


@pytest.mark.parametrize("who", ["anonymous", "citizen"])
async def test_only_admins_see_and_mark_refunds(db: None, who: str) -> None:
    actor = ANONYMOUS if who == "anonymous" else actor_of(await make_user())
    expected = ErrorCode.UNAUTHENTICATED if who == "anonymous" else ErrorCode.FORBIDDEN
    for attempt in (refunds_to_do(actor), mark_refund_done(actor, 1)):
        with pytest.raises(ColabError) as refused:
            await attempt
        assert refused.value.code is expected


async def test_the_refund_list_costs_one_query(db: None, sql: SQLCounter) -> None:
    admin = actor_of(await make_admin())
    campaign = await live_campaign()
    for _ in range(8):
        backer = await make_user()
        pledge = await make_pledge(campaign, backer)
        await RefundInstruction.create(pledge_id=pledge.id, backer_id=backer.id, amount_cents=pledge.amount_cents)
    sql.reset()
    assert len(await refunds_to_do(admin)) == 8
    assert sql.count == 1
