"""Online payments: the checkout at Mollie, and its webhook applied once, never backwards."""

import json

import pytest

from colab.actors import ANONYMOUS
from colab.errors import ColabError, ErrorCode
from colab.funding.models import Campaign, CampaignStatus, PaymentMethod, Pledge, PledgeStatus
from colab.funding.pledges import expire_pledge
from colab.payments.gateway import online_payments_enabled
from colab.payments.models import OnlinePayment
from colab.payments.online import apply_webhook, payments_given_back, start_online_payment
from tests.conftest import actor_of, make_user
from tests.payments.factories import make_admin, make_pledge
from tests.payments.fake_mollie import FakeMollie


async def _started(mollie: FakeMollie, amount_cents: int = 2500) -> tuple[Pledge, OnlinePayment]:
    backer = await make_user()
    pledge = await make_pledge(backer=backer, amount_cents=amount_cents, method=PaymentMethod.ONLINE)
    await start_online_payment(actor_of(backer), pledge.id)
    return await Pledge.get(id=pledge.id), await OnlinePayment.get(pledge_id=pledge.id)


async def test_starting_creates_a_mollie_payment_with_the_real_contract(db: None, mollie: FakeMollie) -> None:
    backer = await make_user()
    pledge = await make_pledge(backer=backer, amount_cents=1250, method=PaymentMethod.ONLINE)
    url = await start_online_payment(actor_of(backer), pledge.id)
    assert url.startswith("https://www.mollie.com/checkout/")
    (request,) = mollie.creates()
    body = json.loads(request.content)
    assert body["amount"] == {"currency": "EUR", "value": "12.50"}
    assert body["metadata"] == {"pledge_id": pledge.id}
    assert body["method"] == ["bancontact", "creditcard"]
    assert body["redirectUrl"].endswith(f"/soutiens/{pledge.id}/retour")
    assert body["webhookUrl"].endswith("/paiements/mollie/webhook")
    assert request.headers["Idempotency-Key"] == f"colab-pledge-{pledge.id}-payment"
    assert (await Pledge.get(id=pledge.id)).status is PledgeStatus.PENDING_PAYMENT


async def test_starting_again_gives_the_same_checkout_without_a_second_payment(db: None, mollie: FakeMollie) -> None:
    backer = await make_user()
    pledge = await make_pledge(backer=backer, method=PaymentMethod.ONLINE)
    first = await start_online_payment(actor_of(backer), pledge.id)
    assert await start_online_payment(actor_of(backer), pledge.id) == first
    assert len(mollie.payments) == 1


async def test_a_paid_webhook_pays_the_pledge_once(db: None, mollie: FakeMollie) -> None:
    pledge, payment = await _started(mollie)
    mollie.set_status(payment.mollie_id, "paid")
    assert await apply_webhook(payment.mollie_id) is True
    assert await apply_webhook(payment.mollie_id) is True  # Mollie calls again: nothing more happens
    paid = await Pledge.get(id=pledge.id)
    assert paid.status is PledgeStatus.PAID and paid.payment_reference == f"mollie:{payment.mollie_id}"
    assert (await OnlinePayment.get(id=payment.id)).status == "paid"


async def test_a_stale_open_status_after_paid_changes_nothing(db: None, mollie: FakeMollie) -> None:
    pledge, payment = await _started(mollie)
    mollie.set_status(payment.mollie_id, "paid")
    await apply_webhook(payment.mollie_id)
    mollie.set_status(payment.mollie_id, "open")  # an out-of-order answer
    await apply_webhook(payment.mollie_id)
    assert (await Pledge.get(id=pledge.id)).status is PledgeStatus.PAID
    assert (await OnlinePayment.get(id=payment.id)).status == "paid"


@pytest.mark.parametrize("status", ["canceled", "expired", "failed"])
async def test_an_abandoned_payment_expires_its_pledge(db: None, mollie: FakeMollie, status: str) -> None:
    pledge, payment = await _started(mollie)
    mollie.set_status(payment.mollie_id, status)
    await apply_webhook(payment.mollie_id)
    await apply_webhook(payment.mollie_id)
    assert (await Pledge.get(id=pledge.id)).status is PledgeStatus.EXPIRED


async def test_a_late_failure_after_paid_does_not_unpay(db: None, mollie: FakeMollie) -> None:
    pledge, payment = await _started(mollie)
    mollie.set_status(payment.mollie_id, "paid")
    await apply_webhook(payment.mollie_id)
    mollie.set_status(payment.mollie_id, "expired")
    await apply_webhook(payment.mollie_id)
    assert (await Pledge.get(id=pledge.id)).status is PledgeStatus.PAID


async def test_an_open_payment_changes_nothing(db: None, mollie: FakeMollie) -> None:
    pledge, payment = await _started(mollie)
    await apply_webhook(payment.mollie_id)
    assert (await Pledge.get(id=pledge.id)).status is PledgeStatus.PENDING_PAYMENT


async def test_an_unknown_or_malformed_id_is_not_even_asked_to_mollie(db: None, mollie: FakeMollie) -> None:
    assert await apply_webhook("tr_unknown123") is False
    assert await apply_webhook("'; DROP TABLE pledge; --") is False
    assert mollie.requests == []


async def test_a_payment_of_another_amount_does_not_pay(db: None, mollie: FakeMollie) -> None:
    pledge, payment = await _started(mollie)
    mollie.payments[payment.mollie_id]["amount"] = {"currency": "EUR", "value": "1.00"}
    mollie.set_status(payment.mollie_id, "paid")
    await apply_webhook(payment.mollie_id)
    await apply_webhook(payment.mollie_id)
    assert (await Pledge.get(id=pledge.id)).status is PledgeStatus.PENDING_PAYMENT
    (refund,) = mollie.refunds  # the money goes back at once, once
    assert refund["amount"] == {"currency": "EUR", "value": "1.00"}
    stored = await OnlinePayment.get(id=payment.id)
    assert stored.refund_id == refund["id"] and stored.problem.startswith("Montant reçu 1.00")


async def test_a_payment_arriving_after_its_campaign_closed_is_given_back(db: None, mollie: FakeMollie) -> None:
    pledge, payment = await _started(mollie)
    await expire_pledge(pledge.id)  # the hold ran out while the backer was at the checkout
    await Campaign.filter(id=pledge.campaign_id).update(status=CampaignStatus.FAILED)
    mollie.set_status(payment.mollie_id, "paid")
    await apply_webhook(payment.mollie_id)
    assert (await Pledge.get(id=pledge.id)).status is PledgeStatus.EXPIRED
    (refund,) = mollie.refunds
    assert refund["paymentId"] == payment.mollie_id and refund["amount"]["value"] == "25.00"
    refund_request = [r for r in mollie.creates() if r.url.path.endswith("/refunds")][0]
    assert refund_request.headers["Idempotency-Key"] == f"colab-payment-{payment.mollie_id}-unapplied"


async def test_a_payment_paid_late_while_room_is_left_takes_its_pledge_again(db: None, mollie: FakeMollie) -> None:
    pledge, payment = await _started(mollie)
    await expire_pledge(pledge.id)
    mollie.set_status(payment.mollie_id, "paid")
    await apply_webhook(payment.mollie_id)
    assert (await Pledge.get(id=pledge.id)).status is PledgeStatus.PAID
    assert mollie.refunds == []


async def test_mollie_down_is_a_typed_error_and_changes_nothing(db: None, mollie: FakeMollie) -> None:
    backer = await make_user()
    pledge = await make_pledge(backer=backer, method=PaymentMethod.ONLINE)
    mollie.failing = 503
    with pytest.raises(ColabError) as refused:
        await start_online_payment(actor_of(backer), pledge.id)
    assert refused.value.code is ErrorCode.PAYMENT_PROVIDER_ERROR
    assert (await Pledge.get(id=pledge.id)).status is PledgeStatus.RESERVED
    assert not await OnlinePayment.exists(pledge_id=pledge.id)


async def test_only_the_backer_starts_the_payment_of_an_online_pledge(db: None, mollie: FakeMollie) -> None:
    backer = await make_user()
    online = await make_pledge(backer=backer, method=PaymentMethod.ONLINE)
    transfer = await make_pledge(backer=backer)
    cases = [
        (ANONYMOUS, online.id, ErrorCode.UNAUTHENTICATED),
        (actor_of(await make_user(name="Autre")), online.id, ErrorCode.NOT_FOUND),
        (actor_of(backer), transfer.id, ErrorCode.NOT_PAYABLE),
    ]
    for actor, pledge_id, code in cases:
        with pytest.raises(ColabError) as refused:
            await start_online_payment(actor, pledge_id)
        assert refused.value.code is code


async def test_without_a_key_online_payments_are_off(db: None) -> None:
    assert online_payments_enabled() is False
    backer = await make_user()
    pledge = await make_pledge(backer=backer, method=PaymentMethod.ONLINE)
    with pytest.raises(ColabError) as refused:
        await start_online_payment(actor_of(backer), pledge.id)
    assert refused.value.code is ErrorCode.ONLINE_PAYMENTS_OFF


async def test_admins_see_the_payments_given_back(db: None, mollie: FakeMollie) -> None:
    pledge, payment = await _started(mollie)
    mollie.payments[payment.mollie_id]["amount"] = {"currency": "EUR", "value": "1.00"}
    mollie.set_status(payment.mollie_id, "paid")
    await apply_webhook(payment.mollie_id)
    (given,) = await payments_given_back(actor_of(await make_admin()))
    assert given.id == payment.id
    with pytest.raises(ColabError) as refused:
        await payments_given_back(actor_of(await make_user()))
    assert refused.value.code is ErrorCode.FORBIDDEN
