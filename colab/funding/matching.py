"""Matching funds' side of a pledge: how much an institution's fund adds, and giving it back.

The funding core calls both functions inside the pledge's transaction (after it reserved the pledge's own
room under the ceiling). Why a fund is never over-committed, and its caps never exceeded, under concurrency:

* the fund's row is locked first (`SELECT ... FOR UPDATE` on PostgreSQL; on SQLite a transaction holds the
  database's single write lock, and Tortoise serializes a process's transactions), so two pledges matched by
  the same fund run one after the other from the lock to the commit;
* under that lock the per-project and per-backer sums of the fund's live matches are read, the share
  computed, and `committed_cents` raised by a conditional `UPDATE ... WHERE committed_cents + x <=
  budget_cents AND status = 'ACTIVE'` (the budget holds even if a caller forgot the lock);
* the new FundMatch row is written in the same transaction, so the sums the next matcher reads include it.

Releasing flips the match to RETURNED with a conditional update first (HELD/PAID → RETURNED): only the call
that flips it gives money back, so a second call (or a racing one) returns nothing.
"""

from __future__ import annotations

from tortoise import connections
from tortoise.expressions import F
from tortoise.functions import Sum

from colab.db import placeholders
from colab.events import publish, subscribe
from colab.events.models import Event
from colab.funding import ledger
from colab.funding.events import PledgePaid
from colab.funding.fund_events import MatchPaid, MatchReturned, PledgeMatched
from colab.funding.fund_models import LIVE_MATCH, FundMatch, FundStatus, MatchingFund, MatchStatus
from colab.funding.fund_scope import open_funds, place_of_campaign, served_by, serves
from colab.funding.models import LedgerKind, Pledge
from colab.validation import utcnow


async def match_pledge(pledge: Pledge, room_cents: int) -> int:
    """Lock and return the matched cents for this new pledge (at most `room_cents`, what is left under the
    ceiling after the pledge itself); 0 when no fund matches it. The first serving fund with money for it
    matches it (one fund per pledge: `pledge.match_fund_id`, which the core saves with the pledge)."""
    if room_cents <= 0 or pledge.amount_cents <= 0:
        return 0
    now = utcnow()
    candidates = await open_funds(now)
    if not candidates:  # the usual case: one query
        return 0
    place = await place_of_campaign(pledge.campaign_id)
    served = await served_by([f.id for f in candidates])
    for candidate in candidates:
        if not serves(candidate, served[candidate.id], place, now):
            continue
        fund = await _locked(candidate.id)
        # read again under the lock: paused, closed or emptied meanwhile
        if fund is None or not serves(fund, served[fund.id], place, now):
            continue
        amount = min(await _share(fund, pledge, place.project_id), room_cents)
        if amount <= 0 or not await _commit(fund.id, amount):
            continue
        match = await FundMatch.create(
            fund_id=fund.id,
            pledge_id=pledge.id,
            campaign_id=pledge.campaign_id,
            project_id=place.project_id,
            backer_id=pledge.backer_id,
            amount_cents=amount,
            status=MatchStatus.HELD,
        )
        pledge.match_fund_id = fund.id
        await publish(
            PledgeMatched(
                subject_id=fund.id,
                actor_id=pledge.backer_id,
                challenge_id=place.challenge_id,
                project_id=place.project_id,
                match_id=match.id,
                pledge_id=pledge.id,
                campaign_id=pledge.campaign_id,
                amount_cents=amount,
            )
        )
        return amount
    return 0


async def _locked(fund_id: int) -> MatchingFund | None:
    """The fund's row, locked until the transaction ends (a no-op lock on SQLite, which serializes writers)."""
    return await MatchingFund.filter(id=fund_id).select_for_update().first()


async def _live_sum(fund_id: int, **where: int) -> int:
    rows = await (
        FundMatch.filter(fund_id=fund_id, status__in=LIVE_MATCH, **where)
        .annotate(total=Sum("amount_cents"))
        .values("total")
    )
    return int(rows[0]["total"] or 0) if rows else 0


async def _share(fund: MatchingFund, pledge: Pledge, project_id: int) -> int:
    """min(amount × factor, the cap per pledge, what the project and the backer may still get, budget left)."""
    limits: list[int] = [fund.factor_of(pledge.amount_cents), fund.left_cents]
    if fund.cap_per_pledge_cents is not None:
        limits.append(fund.cap_per_pledge_cents)
    if fund.cap_per_project_cents is not None:
        limits.append(fund.cap_per_project_cents - await _live_sum(fund.id, project_id=project_id))
    if fund.cap_per_backer_cents is not None:
        limits.append(fund.cap_per_backer_cents - await _live_sum(fund.id, backer_id=pledge.backer_id))
    return max(0, int(min(limits)))


async def _commit(fund_id: int, amount: int) -> bool:
    """Raise the fund's committed money by `amount` only if the budget holds it and the fund is active."""
    connection = connections.get("default")
    marks = placeholders(connection, 4)
    written, _ = await connection.execute_query(
        f"UPDATE matching_fund SET committed_cents = committed_cents + {marks[0]}"
        f" WHERE id = {marks[1]} AND status = {marks[2]} AND committed_cents + {marks[3]} <= budget_cents",
        [amount, fund_id, FundStatus.ACTIVE.value, amount],
    )
    return bool(written)


async def release_match(pledge: Pledge) -> int:
    """Give the pledge's matched money back to its fund (pledge expired, cancelled, refunded, campaign failed);
    returns the cents released (0 if none). Idempotent: a second call releases nothing. Money a paid match had
    moved to the campaign goes back by a FUND_RETURN ledger row (campaign → fund)."""
    released = 0
    for match in await FundMatch.filter(pledge_id=pledge.id, status__in=LIVE_MATCH).order_by("fund_id"):
        flipped = await FundMatch.filter(id=match.id, status=match.status).update(
            status=MatchStatus.RETURNED, returned_at=utcnow()
        )
        if not flipped:
            continue  # another call returned it first
        await MatchingFund.filter(id=match.fund_id).update(committed_cents=F("committed_cents") - match.amount_cents)
        was_paid = match.status is MatchStatus.PAID
        if was_paid:
            await ledger.post_entry(
                LedgerKind.FUND_RETURN,
                debit=ledger.campaign_account(match.campaign_id),
                credit=ledger.fund(match.fund_id),
                amount_cents=match.amount_cents,
                campaign_id=match.campaign_id,
                key=ledger.movement_key(LedgerKind.FUND_RETURN, "pledge", pledge.id),
                pledge_id=pledge.id,
                fund_id=match.fund_id,
            )
        await publish(
            MatchReturned(
                subject_id=match.fund_id,
                project_id=match.project_id,
                match_id=match.id,
                pledge_id=pledge.id,
                campaign_id=match.campaign_id,
                amount_cents=match.amount_cents,
                was_paid=was_paid,
            )
        )
        released += match.amount_cents
    return released


async def matched_for(pledge_id: int) -> list[FundMatch]:
    """The matches of a pledge (at most one live), oldest first."""
    return await FundMatch.filter(pledge_id=pledge_id).order_by("id")


@subscribe(PledgePaid)
async def pay_matches(event: PledgePaid, row: Event) -> None:
    """A paid pledge's held match becomes the fund's money in the campaign: MATCH ledger row fund → campaign
    (the same key as the core's, so the movement is written once whoever posts it)."""
    for match in await FundMatch.filter(pledge_id=event.pledge_id, status=MatchStatus.HELD):
        if not await FundMatch.filter(id=match.id, status=MatchStatus.HELD).update(
            status=MatchStatus.PAID, paid_at=utcnow()
        ):
            continue
        await ledger.post_entry(
            LedgerKind.MATCH,
            debit=ledger.fund(match.fund_id),
            credit=ledger.campaign_account(match.campaign_id),
            amount_cents=match.amount_cents,
            campaign_id=match.campaign_id,
            key=ledger.movement_key(LedgerKind.MATCH, "pledge", event.pledge_id),
            pledge_id=event.pledge_id,
            fund_id=match.fund_id,
        )
        await publish(
            MatchPaid(
                subject_id=match.fund_id,
                project_id=match.project_id,
                match_id=match.id,
                pledge_id=event.pledge_id,
                campaign_id=match.campaign_id,
                amount_cents=match.amount_cents,
            )
        )
