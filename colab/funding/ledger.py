"""The double-entry ledger: every movement of money is one row from a debited account to a credited one.

Accounts are strings: "backer:<user_id>", "campaign:<id>", "fund:<id>", "project:<id>". A row's `key` names the
movement (its kind and what it is about), so posting the same movement twice writes it once. Totals shown
anywhere are derived from these rows, or checked against them (tests/funding/test_ledger.py).
"""

from __future__ import annotations

from dataclasses import dataclass

from tortoise import connections
from tortoise.functions import Sum

from colab.db import placeholders
from colab.funding.models import LedgerEntry, LedgerKind
from colab.validation import utcnow


def backer(user_id: int) -> str:
    return f"backer:{user_id}"


def campaign_account(campaign_id: int) -> str:
    return f"campaign:{campaign_id}"


def fund(fund_id: int) -> str:
    return f"fund:{fund_id}"


def project_account(project_id: int) -> str:
    return f"project:{project_id}"


def movement_key(kind: LedgerKind, subject: str, subject_id: int) -> str:
    """The one name of a movement: e.g. PLEDGE_PAID:pledge:12, PAYOUT:campaign:3."""
    return f"{kind.value}:{subject}:{subject_id}"


async def post_entry(
    kind: LedgerKind,
    *,
    debit: str,
    credit: str,
    amount_cents: int,
    campaign_id: int,
    key: str,
    pledge_id: int | None = None,
    fund_id: int | None = None,
) -> bool:
    """Write one movement (money leaves `debit`, reaches `credit`) unless a row with the same key exists;
    True when written. Inside the caller's transaction; `INSERT ... ON CONFLICT DO NOTHING` on both databases,
    so a racing second post neither fails the transaction nor writes twice."""
    if amount_cents <= 0:
        raise ValueError(f"a ledger movement moves a positive amount, not {amount_cents}")
    if debit == credit:
        raise ValueError("a ledger movement goes between two different accounts")
    conn = connections.get("default")
    marks = ", ".join(placeholders(conn, 9))
    sql = (
        "INSERT INTO ledger_entry (key, kind, debit_account, credit_account, amount_cents, campaign_id, pledge_id,"
        f" fund_id, created_at) VALUES ({marks}) ON CONFLICT (key) DO NOTHING"
    )
    values = [key, kind.value, debit, credit, amount_cents, campaign_id, pledge_id, fund_id, utcnow()]
    written, _ = await conn.execute_query(sql, values)
    return bool(written)


async def balance(account: str) -> int:
    """What the account holds: the money credited to it minus the money debited from it."""
    credited = await LedgerEntry.filter(credit_account=account).annotate(s=Sum("amount_cents")).values_list("s")
    debited = await LedgerEntry.filter(debit_account=account).annotate(s=Sum("amount_cents")).values_list("s")
    return int(credited[0][0] or 0) - int(debited[0][0] or 0)


@dataclass(frozen=True)
class CampaignTotals:
    """A campaign's money according to the ledger."""

    received_cents: int = 0  # from backers
    refunded_cents: int = 0  # back to backers
    matched_cents: int = 0  # from funds
    returned_cents: int = 0  # back to funds
    paid_out_cents: int = 0  # to the project

    @property
    def backers_net_cents(self) -> int:
        """Backers' money the campaign received and did not give back."""
        return self.received_cents - self.refunded_cents

    @property
    def funds_net_cents(self) -> int:
        return self.matched_cents - self.returned_cents

    @property
    def held_cents(self) -> int:
        """The campaign account's balance."""
        return self.backers_net_cents + self.funds_net_cents - self.paid_out_cents


_FIELDS = {
    LedgerKind.PLEDGE_PAID: "received_cents",
    LedgerKind.REFUND: "refunded_cents",
    LedgerKind.MATCH: "matched_cents",
    LedgerKind.FUND_RETURN: "returned_cents",
    LedgerKind.PAYOUT: "paid_out_cents",
}


async def campaign_totals(campaign_id: int) -> CampaignTotals:
    """One query: the sums of the campaign's movements by kind."""
    rows = (
        await LedgerEntry.filter(campaign_id=campaign_id)
        .annotate(s=Sum("amount_cents"))
        .group_by("kind")
        .values_list("kind", "s")
    )
    return CampaignTotals(**{_FIELDS[LedgerKind(kind)]: int(total or 0) for kind, total in rows})
