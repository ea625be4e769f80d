"""The campaign's and tiers' counters, moved by conditional UPDATEs inside the caller's transaction.

The ceiling and the stock are enforced here and only here: `committed_cents + x <= ceiling_cents` and
`taken < stock` are conditions of the UPDATE itself, so two concurrent pledges cannot both pass a check
that only one of them fits (PostgreSQL re-evaluates the condition on the row the other one committed).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import Enum

from tortoise import connections

from colab.db import placeholders
from colab.funding.models import Pledge


@dataclass(frozen=True)
class CampaignHead:
    """What recording a pledge reads of its campaign (one plain SELECT, no lock)."""

    project_id: int
    title: str
    live: bool


async def live_campaign(campaign_id: int, now: datetime) -> CampaignHead | None:
    conn = connections.get("default")
    a, b = placeholders(conn, 2)
    rows = await conn.execute_query_dict(
        f"SELECT project_id, title, status = 'LIVE' AND closes_at > {a} AS live FROM campaign WHERE id = {b}",
        [now, campaign_id],
    )
    if not rows:
        return None
    return CampaignHead(int(rows[0]["project_id"]), str(rows[0]["title"]), bool(rows[0]["live"]))


_PLEDGE_COLUMNS = (
    "campaign_id",
    "backer_id",
    "amount_cents",
    "tier_id",
    "status",
    "method",
    "anonymous",
    "message",
    "matched_cents",
    "expires_at",
    "created_at",
    "updated_at",
)


async def insert_pledge(pledge: Pledge) -> None:
    """Write a new pledge row (the hot path's one INSERT, without the ORM's query building); sets its id."""
    conn = connections.get("default")
    marks = ", ".join(placeholders(conn, len(_PLEDGE_COLUMNS)))
    values = [getattr(pledge, c) for c in _PLEDGE_COLUMNS]
    values = [v.value if isinstance(v, Enum) else v for v in values]
    rows = await conn.execute_query_dict(
        f"INSERT INTO pledge ({', '.join(_PLEDGE_COLUMNS)}) VALUES ({marks}) RETURNING id", values
    )
    pledge.id = int(rows[0]["id"])
    pledge._saved_in_db = True


@dataclass(frozen=True)
class Room:
    committed_cents: int
    ceiling_cents: int

    @property
    def left_cents(self) -> int:
        return self.ceiling_cents - self.committed_cents


#: on PostgreSQL, a reservation made for a new pledge (the last statement of its transaction) also lets that
#: transaction commit without waiting for the disk: the hot campaign row is unlocked at once instead of after a
#: WAL flush (5 ms here), which bounds the pledges per second of a popular campaign. A pledge is a promise, not
#: money: a crash may lose the last fraction of a second of promises, the database stays consistent; payments,
#: refunds and payouts keep synchronous commits. (set_config in RETURNING: no extra round trip, and only when
#: the reservation succeeded.)
_ASYNC_COMMIT = ", set_config('synchronous_commit', 'off', true)"


async def reserve(
    campaign_id: int, amount_cents: int, *, now: datetime, backers: int = 1, promise: bool = False
) -> Room | None:
    """Hold `amount_cents` under a live campaign's ceiling; None when it is not live or the room is short."""
    conn = connections.get("default")
    a, b, c, d, e = placeholders(conn, 5)
    returning = _ASYNC_COMMIT if promise and conn.capabilities.dialect == "postgres" else ""
    rows = await conn.execute_query_dict(
        f"UPDATE campaign SET committed_cents = committed_cents + {a}, backers_count = backers_count + {b}"
        f" WHERE id = {c} AND status = 'LIVE' AND closes_at > {d} AND committed_cents + {e} <= ceiling_cents"
        f" RETURNING committed_cents, ceiling_cents{returning}",
        [amount_cents, backers, campaign_id, now, amount_cents],
    )
    return Room(int(rows[0]["committed_cents"]), int(rows[0]["ceiling_cents"])) if rows else None


async def re_reserve(campaign_id: int, amount_cents: int) -> Room | None:
    """Hold room again for a pledge paid after it expired (any state but closed for good): under the ceiling."""
    conn = connections.get("default")
    a, b, c = placeholders(conn, 3)
    rows = await conn.execute_query_dict(
        f"UPDATE campaign SET committed_cents = committed_cents + {a}, backers_count = backers_count + 1"
        f" WHERE id = {b} AND status IN ('LIVE', 'SETTLING') AND committed_cents + {c} <= ceiling_cents"
        " RETURNING committed_cents, ceiling_cents",
        [amount_cents, campaign_id, amount_cents],
    )
    return Room(int(rows[0]["committed_cents"]), int(rows[0]["ceiling_cents"])) if rows else None


async def add_match(campaign_id: int, matched_cents: int) -> Room | None:
    """Count matched money toward the ceiling (and the matched total), if it fits."""
    conn = connections.get("default")
    a, b, c, d = placeholders(conn, 4)
    rows = await conn.execute_query_dict(
        f"UPDATE campaign SET committed_cents = committed_cents + {a}, matched_cents = matched_cents + {b}"
        f" WHERE id = {c} AND committed_cents + {d} <= ceiling_cents RETURNING committed_cents, ceiling_cents",
        [matched_cents, matched_cents, campaign_id, matched_cents],
    )
    return Room(int(rows[0]["committed_cents"]), int(rows[0]["ceiling_cents"])) if rows else None


async def release(campaign_id: int, *, amount_cents: int, matched_cents: int, paid_cents: int) -> None:
    """Give back a pledge's room (its amount and match), and its paid amount if it was paid; a campaign back
    under its ceiling takes pledges again (no more FUNDED badge)."""
    conn = connections.get("default")
    a, b, c, d, e = placeholders(conn, 5)
    await conn.execute_query(
        f"UPDATE campaign SET committed_cents = committed_cents - {a}, matched_cents = matched_cents - {b},"
        f" paid_cents = paid_cents - {c}, backers_count = backers_count - 1,"
        f" funded_at = CASE WHEN committed_cents - {d} < ceiling_cents THEN NULL ELSE funded_at END WHERE id = {e}",
        [amount_cents + matched_cents, matched_cents, paid_cents, amount_cents + matched_cents, campaign_id],
    )


async def add_paid(campaign_id: int, paid_cents: int) -> None:
    conn = connections.get("default")
    a, b = placeholders(conn, 2)
    await conn.execute_query(
        f"UPDATE campaign SET paid_cents = paid_cents + {a} WHERE id = {b}", [paid_cents, campaign_id]
    )


async def take_unit(tier_id: int) -> bool:
    """One unit of the tier, if any is left (an unlimited tier always has one)."""
    conn = connections.get("default")
    (a,) = placeholders(conn, 1)
    written, _ = await conn.execute_query(
        f"UPDATE reward_tier SET taken = taken + 1 WHERE id = {a} AND (stock IS NULL OR taken < stock)", [tier_id]
    )
    return bool(written)


async def give_back_unit(tier_id: int) -> None:
    conn = connections.get("default")
    (a,) = placeholders(conn, 1)
    await conn.execute_query(f"UPDATE reward_tier SET taken = taken - 1 WHERE id = {a} AND taken > 0", [tier_id])


async def mark_funded(campaign_id: int, now: datetime) -> bool:
    """Set `funded_at` once, when the ceiling is reached; True for the pledge that reached it."""
    conn = connections.get("default")
    a, b = placeholders(conn, 2)
    written, _ = await conn.execute_query(
        f"UPDATE campaign SET funded_at = {a} WHERE id = {b} AND funded_at IS NULL"
        " AND committed_cents >= ceiling_cents",
        [now, campaign_id],
    )
    return bool(written)
