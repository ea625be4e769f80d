"""A paid pledge to give back by transfer is listed at once and its backer is asked for an IBAN."""

from colab.funding.models import PaymentMethod
from colab.funding.pledges import cancel_pledge
from colab.notifications.models import Notification, NotificationKind
from colab.notifications.service import list_notifications
from colab.payments.models import RefundInstruction
from colab.payments.online import apply_webhook, start_online_payment
from colab.payments.reconciliation import mark_pledge_paid
from tests.conftest import actor_of, make_user
from tests.payments.factories import make_admin, make_pledge
from tests.payments.fake_mollie import FakeMollie
from web.pages.notifications import link_of


async def test_a_transfer_refund_is_listed_in_the_cancelling_transaction_and_the_backer_asked(db: None) -> None:
    backer = await make_user()
    pledge = await make_pledge(backer=backer, amount_cents=3000)
    await mark_pledge_paid(actor_of(await make_admin()), pledge.id)
    await cancel_pledge(actor_of(backer), pledge.id)
    refund = await RefundInstruction.get(pledge_id=pledge.id)
    assert (refund.backer_id, refund.amount_cents, refund.iban) == (backer.id, 3000, "")
    notification = await Notification.get(user_id=backer.id, kind=NotificationKind.REFUND_ACCOUNT_NEEDED)
    assert link_of(notification) == f"/soutiens/{pledge.id}/remboursement"
    items, _ = await list_notifications(actor_of(backer), offset=0, limit=10)
    (asked,) = [n for n in items if n.kind is NotificationKind.REFUND_ACCOUNT_NEEDED]
    assert asked.title.startswith("Votre soutien à « Une serre partagée pour le quartier » vous sera remboursé")


async def test_an_online_payment_is_not_listed_for_a_transfer_refund(db: None, mollie: FakeMollie) -> None:
    backer = await make_user()
    pledge = await make_pledge(backer=backer, method=PaymentMethod.ONLINE)
    await start_online_payment(actor_of(backer), pledge.id)
    (payment_id,) = mollie.payments
    mollie.set_status(payment_id, "paid")
    await apply_webhook(payment_id)
    await cancel_pledge(actor_of(backer), pledge.id)
    assert not await RefundInstruction.exists(pledge_id=pledge.id)
    assert not await Notification.exists(user_id=backer.id, kind=NotificationKind.REFUND_ACCOUNT_NEEDED)
