"""Matching funds' side of a pledge: how much an institution's fund adds, and giving it back.

This is the stub the funding core calls; helper "matching" replaces this module (it owns the file): keep
these two signatures. Both run inside the pledge's transaction.
"""

from __future__ import annotations

from colab.funding.models import Pledge


async def match_pledge(pledge: Pledge, room_cents: int) -> int:
    """Lock and return the matched cents for this new pledge (at most `room_cents`, what is left under the
    ceiling after the pledge itself); 0 when no fund matches it. When it matches, set `pledge.match_fund_id`
    to the fund's id (the core saves the pledge, its `matched_cents` and the ledger's MATCH row at payment)."""
    return 0


async def release_match(pledge: Pledge) -> int:
    """Give the pledge's matched money back to its fund (pledge expired, cancelled, refunded, campaign failed);
    returns the cents released (0 if none). Idempotent: a second call releases nothing."""
    return 0
