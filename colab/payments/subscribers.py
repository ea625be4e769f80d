"""Refunds decided in the transaction that asks for them: a paid pledge that was not paid online (a transfer,
or money an admin recorded) is listed for a refund by transfer, and its backer is asked for their IBAN."""

from __future__ import annotations

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from colab.events import subscribe
from colab.events.models import Event
from colab.funding.events import PledgeRefundRequested
from colab.funding.models import Campaign, Pledge
from colab.notifications.models import NotificationKind
from colab.notifications.service import notify
from colab.notifications.wording import subject_titles
from colab.payments.models import OnlinePayment, RefundInstruction

#: notifications about a pledge's transfer refund: (subject_type, pledge id), they lead to its refund page
REFUND_SUBJECT = "pledge_refund"


async def paid_online(pledge_id: int) -> OnlinePayment | None:
    """The Mollie payment that paid the pledge, if it was paid online (then Mollie gives the money back)."""
    return await OnlinePayment.filter(pledge_id=pledge_id, status="paid").order_by("-id").first()


@subscribe(PledgeRefundRequested)
async def list_transfer_refund(event: PledgeRefundRequested, row: Event) -> None:
    if await paid_online(event.pledge_id) is not None or await RefundInstruction.exists(pledge_id=event.pledge_id):
        return
    try:
        async with in_transaction():  # a savepoint: the same request twice keeps the first instruction
            await RefundInstruction.create(
                pledge_id=event.pledge_id, backer_id=event.backer_id, amount_cents=event.amount_cents
            )
    except IntegrityError:
        return
    await notify(
        [event.backer_id], NotificationKind.REFUND_ACCOUNT_NEEDED, REFUND_SUBJECT, event.pledge_id, event_id=row.id
    )


@subject_titles(REFUND_SUBJECT)
async def _campaign_titles(pledge_ids: list[int]) -> dict[int, tuple[str, str]]:
    """A refund is named after the campaign of its pledge (two queries)."""
    pledges = {p.id: p.campaign_id for p in await Pledge.filter(id__in=pledge_ids).only("id", "campaign_id")}
    titles = {c.id: c.title for c in await Campaign.filter(id__in=set(pledges.values())).only("id", "title")}
    return {pid: (titles.get(cid, ""), "") for pid, cid in pledges.items()}
