"""Online payments through the provider (Mollie): the backer is sent to its checkout, and its webhook tells us
only a payment's id; we ask the provider for that payment and apply its status once, never backwards."""

from __future__ import annotations

import logging
import re

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from colab.actors import Actor, require_admin, require_login, require_write
from colab.errors import ColabError, ErrorCode
from colab.funding.models import UNPAID_PLEDGE, PaymentMethod, Pledge, PledgeStatus
from colab.funding.pledges import expire_pledge, mark_payment_started, record_payment
from colab.payments.gateway import GatewayError, PaymentGateway, PaymentRequest, current_gateway
from colab.payments.models import OnlinePayment
from colab.payments.settings import payment_settings

log = logging.getLogger(__name__)

#: Mollie's payment ids: "tr_" and letters/digits
_PAYMENT_ID = re.compile(r"^tr_[A-Za-z0-9]{1,40}$")
#: the statuses after which a payment never changes (a late "open" does not undo them)
FINAL = frozenset({"paid", "canceled", "expired", "failed"})
_LAPSED = frozenset({"canceled", "expired", "failed"})


def _gateway() -> PaymentGateway:
    gateway = current_gateway()
    if gateway is None:
        raise ColabError(ErrorCode.ONLINE_PAYMENTS_OFF, "Le paiement en ligne n'est pas proposé.", "pledgeId")
    return gateway


def payment_reference(mollie_id: str) -> str:
    return f"mollie:{mollie_id}"


def idempotency_key(pledge_id: int, what: str) -> str:
    """One payment and one refund per pledge: a retried create gets the provider's first answer."""
    return f"colab-pledge-{pledge_id}-{what}"


async def start_online_payment(actor: Actor, pledge_id: int) -> str:
    """The backer's own ONLINE pledge, reserved: create its payment at the provider; returns the checkout URL
    (the same one again while that payment is open)."""
    user_id = require_write(actor)
    gateway = _gateway()
    pledge = await Pledge.get_or_none(id=pledge_id)
    if pledge is None or pledge.backer_id != user_id:
        raise ColabError(ErrorCode.NOT_FOUND, "Ce soutien n'existe pas.", "pledgeId")
    started = await OnlinePayment.filter(pledge_id=pledge_id).order_by("-id").first()
    if started is not None and pledge.status is PledgeStatus.PENDING_PAYMENT and started.status not in FINAL:
        return started.checkout_url
    if pledge.method is not PaymentMethod.ONLINE or pledge.status is not PledgeStatus.RESERVED:
        raise ColabError(ErrorCode.NOT_PAYABLE, "Ce soutien n'attend pas de paiement en ligne.", "pledgeId")
    base = payment_settings().base_url
    request = PaymentRequest(
        amount_cents=pledge.amount_cents,
        description=f"Colab Wallonie - soutien n° {pledge.id}",
        redirect_url=f"{base}/soutiens/{pledge.id}/retour",
        webhook_url=f"{base}/paiements/mollie/webhook",
        pledge_id=pledge.id,
    )
    try:
        payment = await gateway.create_payment(request, idempotency_key=idempotency_key(pledge.id, "payment"))
    except GatewayError as error:
        log.warning("Mollie create payment failed for pledge %s: %s", pledge.id, error)
        raise _provider_error() from error
    try:
        async with in_transaction():
            await OnlinePayment.create(
                mollie_id=payment.id,
                pledge_id=pledge.id,
                amount_cents=pledge.amount_cents,
                status=payment.status,
                checkout_url=payment.checkout_url,
            )
            await mark_payment_started(pledge.id)
    except IntegrityError:  # the same payment (same idempotency key) stored by a concurrent click
        pass
    return payment.checkout_url


def _provider_error() -> ColabError:
    return ColabError(
        ErrorCode.PAYMENT_PROVIDER_ERROR,
        "Le service de paiement ne répond pas pour le moment ; réessayez dans quelques minutes.",
        "pledgeId",
    )


async def apply_webhook(mollie_id: str) -> bool:
    """The provider says a payment changed: fetch it and apply its status. An unknown or malformed id changes
    nothing (and says nothing about which ids exist). Raises GatewayError when the provider cannot be asked
    (the webhook answers an error, so the provider calls again). True when a payment of ours was looked at."""
    gateway = current_gateway()
    if gateway is None or not _PAYMENT_ID.match(mollie_id):
        return False
    local = await OnlinePayment.get_or_none(mollie_id=mollie_id)
    if local is None:
        return False
    remote = await gateway.get_payment(mollie_id)
    if remote is None or remote.id != mollie_id:
        return False
    try:
        if remote.status == "paid":
            await record_payment(local.pledge_id, remote.amount_cents, reference=payment_reference(mollie_id))
        elif remote.status in _LAPSED:
            await _lapse(local.pledge_id)
    except ColabError as error:
        log.warning("Mollie payment %s not applied to pledge %s: %s", mollie_id, local.pledge_id, error.message)
        if remote.status == "paid":
            await _give_back(gateway, local, remote.amount_cents, error.message)
    if local.status not in FINAL:  # a stale status never overwrites a final one
        await OnlinePayment.filter(id=local.id).update(status=remote.status)
    return True


async def _give_back(gateway: PaymentGateway, local: OnlinePayment, amount_cents: int, problem: str) -> None:
    """Money the pledge could not take goes back to the backer at once (once: the key names the payment)."""
    if local.refund_id is None:
        local.refund_id = await gateway.create_refund(
            local.mollie_id,
            amount_cents,
            f"Colab Wallonie - paiement du soutien n° {local.pledge_id} non retenu",
            idempotency_key=f"colab-payment-{local.mollie_id}-unapplied",
        )
    local.problem = problem[:200]
    await local.save(update_fields=["refund_id", "problem"])


async def _lapse(pledge_id: int) -> None:
    pledge = await Pledge.get_or_none(id=pledge_id).only("id", "status")
    if pledge is not None and pledge.status in UNPAID_PLEDGE:
        await expire_pledge(pledge_id)


async def payment_of_pledge(actor: Actor, pledge_id: int) -> tuple[Pledge, OnlinePayment | None]:
    """The backer's pledge and its last online payment (the return page after the checkout)."""
    user_id = require_login(actor)
    pledge = await Pledge.get_or_none(id=pledge_id)
    if pledge is None or pledge.backer_id != user_id:
        raise ColabError(ErrorCode.NOT_FOUND, "Ce soutien n'existe pas.", "pledgeId")
    return pledge, await OnlinePayment.filter(pledge_id=pledge_id).order_by("-id").first()


async def payments_given_back(actor: Actor, *, limit: int = 50) -> list[OnlinePayment]:
    """Admins: paid online payments no pledge could take, refunded at once, newest first (one query)."""
    require_admin(actor)
    return await OnlinePayment.exclude(problem="").order_by("-id").limit(limit)
