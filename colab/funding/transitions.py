"""A pledge's changes after it is recorded: payment started, paid, expired, cancelled, refunded.

Each change is a conditional UPDATE on the pledge's status (or runs under the pledge's row lock), so a
change racing another one happens once; each publishes its event in the same transaction. Leaving the live
states gives back the room under the ceiling, the tier's unit and the matched money.
"""

from __future__ import annotations

from datetime import timedelta

from tortoise.transactions import in_transaction

from colab.actors import Actor, require_login
from colab.errors import ColabError, ErrorCode
from colab.events import publish
from colab.funding import counters, ledger, matching
from colab.funding.events import (
    PledgeCancelled,
    PledgeEvent,
    PledgeExpired,
    PledgePaid,
    PledgePaymentStarted,
    PledgeRefunded,
    PledgeRefundRequested,
)
from colab.funding.models import (
    UNPAID_PLEDGE,
    Campaign,
    CampaignStatus,
    LedgerKind,
    Pledge,
    PledgeStatus,
)
from colab.funding.rules import ceiling_reached, illegal_transition
from colab.validation import as_utc, utcnow

#: a backer may cancel until this long before the campaign's end
CANCEL_DEADLINE = timedelta(hours=24)
_SETTLED = (CampaignStatus.SUCCEEDED, CampaignStatus.FAILED, CampaignStatus.CANCELLED)


def _not_found() -> ColabError:
    return ColabError(ErrorCode.NOT_FOUND, "Ce soutien n'existe pas.", "pledgeId")


async def _locked(pledge_id: int) -> Pledge:
    """The pledge under its row lock (PostgreSQL; SQLite serializes writing transactions anyway)."""
    pledge = await Pledge.select_for_update().get_or_none(id=pledge_id)
    if pledge is None:
        raise _not_found()
    return pledge


def facts(pledge: Pledge, project_id: int, actor_id: int | None = None) -> dict[str, object]:
    """The fields every pledge event carries."""
    return {
        "subject_id": pledge.id,
        "actor_id": actor_id,
        "project_id": project_id,
        "pledge_id": pledge.id,
        "campaign_id": pledge.campaign_id,
        "backer_id": pledge.backer_id,
        "amount_cents": pledge.amount_cents,
        "method": pledge.method.value,
        "matched_cents": pledge.matched_cents,
    }


async def _project_of(campaign_id: int) -> int:
    campaign = await Campaign.get(id=campaign_id).only("id", "project_id")
    return campaign.project_id


async def _publish(event_type: type[PledgeEvent], pledge: Pledge, actor_id: int | None = None, **extra: object) -> None:
    project_id = await _project_of(pledge.campaign_id)
    await publish(event_type(**facts(pledge, project_id, actor_id), **extra))  # type: ignore[arg-type]


async def _move(
    pledge: Pledge, allowed: frozenset[PledgeStatus], to: PledgeStatus, action: str, **values: object
) -> None:
    """The pledge goes from one of `allowed` to `to`, unless another change got there first."""
    if pledge.status not in allowed:
        raise illegal_transition(pledge, action)
    moved = await Pledge.filter(id=pledge.id, status=pledge.status).update(status=to, **values)
    if not moved:
        raise illegal_transition(await Pledge.get(id=pledge.id), action)
    pledge.status = to
    for name, value in values.items():
        setattr(pledge, name, value)


async def leave(pledge: Pledge, *, was_paid: bool) -> None:
    """Give back what a live pledge held: its room (amount + match) under the ceiling, its paid amount, its
    tier's unit; matched money already received goes back to its fund in the ledger. The status is set by the
    caller (in the same transaction). Locks in the lab's order: tier, campaign, then the fund."""
    if pledge.tier_id is not None:
        await counters.give_back_unit(pledge.tier_id)
    await counters.release(
        pledge.campaign_id,
        amount_cents=pledge.amount_cents,
        matched_cents=pledge.matched_cents,
        paid_cents=pledge.amount_cents if was_paid else 0,
    )
    if pledge.matched_cents:
        if was_paid and pledge.match_fund_id is not None:
            await ledger.post_entry(
                LedgerKind.FUND_RETURN,
                debit=ledger.campaign_account(pledge.campaign_id),
                credit=ledger.fund(pledge.match_fund_id),
                amount_cents=pledge.matched_cents,
                campaign_id=pledge.campaign_id,
                key=ledger.movement_key(LedgerKind.FUND_RETURN, "pledge", pledge.id),
                pledge_id=pledge.id,
                fund_id=pledge.match_fund_id,
            )
        await matching.release_match(pledge)


async def mark_payment_started(pledge_id: int) -> Pledge:
    """The backer went to the online payment: the short hold becomes a pending payment."""
    async with in_transaction():
        pledge = await _locked(pledge_id)
        await _move(pledge, frozenset({PledgeStatus.RESERVED}), PledgeStatus.PENDING_PAYMENT, "commencer à payer")
        await _publish(PledgePaymentStarted, pledge, pledge.backer_id)
    return pledge


async def record_payment(pledge_id: int, amount_cents: int, *, reference: str) -> Pledge:
    """Money arrived for the pledge (its exact amount): PAID, with its ledger rows. The same reference twice
    changes nothing; another amount is PAYMENT_MISMATCH (nothing changes, a person resolves it); an expired
    pledge is taken again if its room is still free under the ceiling (else CEILING_REACHED)."""
    async with in_transaction():
        pledge = await _locked(pledge_id)
        if pledge.payment_reference == reference:
            return pledge  # this payment was recorded already
        if amount_cents != pledge.amount_cents:
            raise ColabError(
                ErrorCode.PAYMENT_MISMATCH,
                f"Montant reçu {amount_cents / 100:.2f} € pour un soutien de {pledge.amount_cents / 100:.2f} €.",
                "amountCents",
            )
        if pledge.status is PledgeStatus.EXPIRED:
            await _take_again(pledge)
        elif pledge.status not in UNPAID_PLEDGE:
            raise illegal_transition(pledge, "payer")
        now = utcnow()
        await _move(
            pledge,
            frozenset(UNPAID_PLEDGE),
            PledgeStatus.PAID,
            "payer",
            paid_at=now,
            payment_reference=reference,
            expires_at=None,
        )
        await counters.add_paid(pledge.campaign_id, pledge.amount_cents)
        await _post_payment(pledge)
        await _publish(PledgePaid, pledge, None, reference=reference)
    return pledge


async def _take_again(pledge: Pledge) -> None:
    """An expired pledge paid late: its room again under the ceiling (no match), its tier's unit if one is left;
    refused once the campaign is settled."""
    campaign = await Campaign.get(id=pledge.campaign_id).only("id", "status")
    if campaign.status not in (CampaignStatus.LIVE, CampaignStatus.SETTLING):
        raise ColabError(ErrorCode.CAMPAIGN_NOT_LIVE, "La campagne de ce soutien est clôturée.", "pledgeId")
    values: dict[str, object] = {"status": PledgeStatus.PENDING_PAYMENT, "matched_cents": 0, "match_fund_id": None}
    if pledge.tier_id is not None and not await counters.take_unit(pledge.tier_id):
        values["tier_id"] = None  # sold out meanwhile: the money is taken, the counterpart is not
    room = await counters.re_reserve(pledge.campaign_id, pledge.amount_cents)
    if room is None:
        raise ceiling_reached()
    await Pledge.filter(id=pledge.id).update(**values)
    for name, value in values.items():
        setattr(pledge, name, value)
    if room.left_cents <= 0:
        await counters.mark_funded(pledge.campaign_id, utcnow())


async def _post_payment(pledge: Pledge) -> None:
    """backer -> campaign, and the matched money fund -> campaign."""
    campaign = ledger.campaign_account(pledge.campaign_id)
    await ledger.post_entry(
        LedgerKind.PLEDGE_PAID,
        debit=ledger.backer(pledge.backer_id),
        credit=campaign,
        amount_cents=pledge.amount_cents,
        campaign_id=pledge.campaign_id,
        key=ledger.movement_key(LedgerKind.PLEDGE_PAID, "pledge", pledge.id),
        pledge_id=pledge.id,
    )
    if pledge.matched_cents and pledge.match_fund_id is not None:
        await ledger.post_entry(
            LedgerKind.MATCH,
            debit=ledger.fund(pledge.match_fund_id),
            credit=campaign,
            amount_cents=pledge.matched_cents,
            campaign_id=pledge.campaign_id,
            key=ledger.movement_key(LedgerKind.MATCH, "pledge", pledge.id),
            pledge_id=pledge.id,
            fund_id=pledge.match_fund_id,
        )


async def expire_pledge(pledge_id: int) -> Pledge:
    """An unpaid pledge lapses (transfer too late, online payment abandoned): its room, unit and match return."""
    async with in_transaction():
        pledge = await _locked(pledge_id)
        await _move(pledge, frozenset(UNPAID_PLEDGE), PledgeStatus.EXPIRED, "faire expirer", expires_at=None)
        await leave(pledge, was_paid=False)
        await _publish(PledgeExpired, pledge)
    return pledge


async def cancel_pledge(actor: Actor, pledge_id: int) -> Pledge:
    """The backer cancels until 24 hours before the campaign's end; a paid pledge goes to refund."""
    user_id = require_login(actor)
    async with in_transaction():
        pledge = await _locked(pledge_id)
        if pledge.backer_id != user_id:
            raise _not_found()
        campaign = await Campaign.get(id=pledge.campaign_id)
        if campaign.status in _SETTLED or utcnow() > as_utc(campaign.closes_at) - CANCEL_DEADLINE:
            raise ColabError(
                ErrorCode.TOO_LATE_TO_CANCEL,
                "Un soutien s'annule jusqu'à 24 heures avant la fin de la campagne.",
                "pledgeId",
            )
        await unwind(pledge, campaign.project_id, actor_id=user_id, reason="Annulé par le contributeur.")
    return pledge


async def unwind(
    pledge: Pledge,
    project_id: int,
    *,
    actor_id: int | None = None,
    reason: str = "",
    unpaid_to: PledgeStatus = PledgeStatus.CANCELLED,
) -> None:
    """A live pledge leaves: unpaid -> `unpaid_to`, paid -> REFUND_PENDING (PledgeRefundRequested)."""
    if pledge.status is PledgeStatus.PAID:
        await _move(pledge, frozenset({PledgeStatus.PAID}), PledgeStatus.REFUND_PENDING, "rembourser")
        await leave(pledge, was_paid=True)
        await publish(PledgeRefundRequested(**facts(pledge, project_id, actor_id), reason=reason))  # type: ignore[arg-type]
        return
    await _move(pledge, frozenset(UNPAID_PLEDGE), unpaid_to, "annuler", expires_at=None)
    await leave(pledge, was_paid=False)
    kind = PledgeExpired if unpaid_to is PledgeStatus.EXPIRED else PledgeCancelled
    await publish(kind(**facts(pledge, project_id, actor_id)))  # type: ignore[arg-type]


async def mark_refunded(pledge_id: int, *, reference: str) -> Pledge:
    """The money went back to the backer (provider refund or a transfer done by the finance role); the same
    reference twice changes nothing."""
    async with in_transaction():
        pledge = await _locked(pledge_id)
        if pledge.status is PledgeStatus.REFUNDED and pledge.refund_reference == reference:
            return pledge
        await _move(
            pledge,
            frozenset({PledgeStatus.REFUND_PENDING}),
            PledgeStatus.REFUNDED,
            "marquer remboursé",
            refund_reference=reference,
            refunded_at=utcnow(),
        )
        await ledger.post_entry(
            LedgerKind.REFUND,
            debit=ledger.campaign_account(pledge.campaign_id),
            credit=ledger.backer(pledge.backer_id),
            amount_cents=pledge.amount_cents,
            campaign_id=pledge.campaign_id,
            key=ledger.movement_key(LedgerKind.REFUND, "pledge", pledge.id),
            pledge_id=pledge.id,
        )
        await _publish(PledgeRefunded, pledge, None, reference=reference)
    return pledge
