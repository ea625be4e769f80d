"""Giving paid pledges back: an online payment is refunded through the provider (one refund per pledge, by its
idempotency key); a transfer is listed with the IBAN the backer gives, and an admin marks it done once sent."""

from __future__ import annotations

from schwifty import IBAN
from schwifty.exceptions import SchwiftyException
from tortoise.transactions import in_transaction

from colab.actors import Actor, require_admin, require_login, require_write
from colab.errors import ColabError, ErrorCode
from colab.events.consumers import consumer
from colab.events.models import Event
from colab.funding.events import PledgeRefundRequested
from colab.funding.pledges import mark_refunded
from colab.payments.gateway import current_gateway
from colab.payments.models import OnlinePayment, RefundInstruction
from colab.payments.online import idempotency_key, payment_reference
from colab.payments.subscribers import paid_online
from colab.validation import clean_line, utcnow


@consumer("payments.refunds", PledgeRefundRequested)
async def refund_pledge(event: PledgeRefundRequested, row: Event) -> None:
    """After the commit (at least once): a pledge paid online is refunded through the provider. Other paid
    pledges were listed for a transfer refund in the requesting transaction (colab/payments/subscribers.py)."""
    payment = await paid_online(event.pledge_id)
    if payment is not None:
        await _refund_online(event, payment)


async def _refund_online(event: PledgeRefundRequested, payment: OnlinePayment) -> None:
    if payment.refund_id is None:
        gateway = current_gateway()
        if gateway is None:  # the key was removed: the worker retries, then parks it for an admin
            raise RuntimeError("an online refund needs MOLLIE_API_KEY")
        payment.refund_id = await gateway.create_refund(
            payment.mollie_id,
            event.amount_cents,
            f"Colab Wallonie - remboursement du soutien n° {event.pledge_id}",
            idempotency_key=idempotency_key(event.pledge_id, "refund"),
        )
        await payment.save(update_fields=["refund_id"])
    await mark_refunded(event.pledge_id, reference=payment_reference(payment.refund_id))


def _not_found() -> ColabError:
    return ColabError(ErrorCode.NOT_FOUND, "Ce remboursement n'existe pas.", "pledgeId")


async def refund_of_pledge(actor: Actor, pledge_id: int) -> RefundInstruction | None:
    """The backer's transfer refund waiting for their account, if any."""
    user_id = require_login(actor)
    return await RefundInstruction.get_or_none(pledge_id=pledge_id, backer_id=user_id)


async def give_refund_account(actor: Actor, pledge_id: int, iban: str, account_holder: str) -> RefundInstruction:
    """The backer says where their money goes back (a valid IBAN), until the refund is done."""
    user_id = require_write(actor)
    refund = await RefundInstruction.get_or_none(pledge_id=pledge_id, backer_id=user_id)
    if refund is None:
        raise _not_found()
    if refund.done_at is not None:
        raise ColabError(ErrorCode.ALREADY_RESOLVED, "Ce remboursement a déjà été fait.", "pledgeId")
    try:
        checked = IBAN(iban.replace(" ", ""))
    except SchwiftyException as error:
        raise ColabError(ErrorCode.INVALID_IBAN, "Ce numéro de compte IBAN n'est pas valide.", "iban") from error
    holder = clean_line(account_holder)
    if not holder or len(holder) > 70:
        raise ColabError(
            ErrorCode.REQUIRED, "Le titulaire du compte est obligatoire (70 caractères au plus).", "accountHolder"
        )
    refund.iban, refund.account_holder = checked.compact, holder
    await refund.save(update_fields=["iban", "account_holder"])
    return refund


async def refunds_to_do(actor: Actor, *, limit: int = 200) -> list[RefundInstruction]:
    """The transfer refunds an admin still has to send, oldest first (one query)."""
    require_admin(actor)
    return await RefundInstruction.filter(done_at__isnull=True).order_by("id").limit(limit)


async def mark_refund_done(actor: Actor, refund_id: int) -> RefundInstruction:
    """An admin sent the transfer back to the IBAN the backer gave: the pledge is REFUNDED (once)."""
    user_id = require_admin(actor)
    async with in_transaction():
        refund = await RefundInstruction.select_for_update().get_or_none(id=refund_id)
        if refund is None:
            raise ColabError(ErrorCode.NOT_FOUND, "Ce remboursement n'existe pas.", "refundId")
        if refund.done_at is not None:
            raise ColabError(ErrorCode.ALREADY_RESOLVED, "Ce remboursement a déjà été fait.", "refundId")
        if not refund.iban:
            raise ColabError(ErrorCode.REQUIRED, "Le contributeur n'a pas encore donné son IBAN.", "refundId")
        await mark_refunded(refund.pledge_id, reference=f"transfer-refund:{refund.id}")
        refund.done_at, refund.done_by_id = utcnow(), user_id
        await refund.save(update_fields=["done_at", "done_by_id"])
    return refund
