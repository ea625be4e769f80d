"""Read-side lists of the funding domain, paged and batched for the pages and the API: a campaign's public
pledges (many campaigns in one statement), a backer's pledges, a campaign's pledges and ledger for
its money team. Each function reads; the rules of who may see what are the callers' (colab.funding.visibility).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from tortoise import connections
from tortoise.functions import Count

from colab.db import placeholders
from colab.funding.models import PLEDGE_REVIEW_KIND, LedgerEntry, Pledge, PledgeStatus
from moderation.visibility import hidden_among

#: the pledges anyone may see on a campaign's page: paid ones (anonymous ones without their backer's name)
PUBLIC_PLEDGE = (PledgeStatus.PAID,)


async def _without_hidden_messages(pledges: list[Pledge]) -> list[Pledge]:
    """A reported message taken out of public view is blanked; the pledge itself still counts."""
    hidden = await hidden_among(PLEDGE_REVIEW_KIND, [p.id for p in pledges if p.message])
    for pledge in pledges:
        if pledge.id in hidden:
            pledge.message = ""
    return pledges


async def public_pledges_by_campaign(
    campaign_ids: Sequence[int], *, offset: int, limit: int
) -> dict[int, tuple[list[Pledge], int]]:
    """One page of each campaign's paid pledges (latest paid first) and their total: three statements whatever
    the number of campaigns (a window function ranks each campaign's pledges)."""
    ids = sorted(set(campaign_ids))
    pages: dict[int, tuple[list[Pledge], int]] = {i: ([], 0) for i in ids}
    if not ids:
        return pages
    statuses = [s.value for s in PUBLIC_PLEDGE]
    totals = dict(
        await Pledge.filter(campaign_id__in=ids, status__in=statuses)
        .group_by("campaign_id")
        .annotate(n=Count("id"))
        .values_list("campaign_id", "n")
    )
    connection = connections.get("default")
    marks = placeholders(connection, len(ids) + len(statuses) + 2)
    id_marks, status_marks = marks[: len(ids)], marks[len(ids) : len(ids) + len(statuses)]
    rows = await connection.execute_query_dict(
        f"""SELECT id FROM (
              SELECT id, ROW_NUMBER() OVER (
                PARTITION BY campaign_id ORDER BY paid_at DESC, id DESC) AS rank
              FROM pledge WHERE campaign_id IN ({", ".join(id_marks)}) AND status IN ({", ".join(status_marks)})
            ) ranked WHERE rank > {marks[-2]} AND rank <= {marks[-1]}""",
        [*ids, *statuses, offset, offset + limit],
    )
    found = await _without_hidden_messages(
        await Pledge.filter(id__in=[r["id"] for r in rows]).order_by("-paid_at", "-id")
    )
    by_campaign: dict[int, list[Pledge]] = {i: [] for i in ids}
    for pledge in found:
        by_campaign[pledge.campaign_id].append(pledge)
    return {i: (by_campaign[i], int(totals.get(i, 0))) for i in ids}


async def backer_pledges(backer_id: int, *, offset: int, limit: int) -> tuple[list[Pledge], int]:
    """« Mes soutiens »: a backer's pledges, newest first, in every state."""
    query = Pledge.filter(backer_id=backer_id)
    return await query.order_by("-created_at", "-id").offset(offset).limit(limit), await query.count()


async def campaign_pledges(campaign_id: int, *, offset: int = 0, limit: int = 100) -> tuple[list[Pledge], int]:
    """Every pledge of a campaign, newest first, for its money team (names included)."""
    query = Pledge.filter(campaign_id=campaign_id)
    return await query.order_by("-created_at", "-id").offset(offset).limit(limit), await query.count()


@dataclass(frozen=True)
class PledgePoint:
    at: datetime
    amount_cents: int


async def pledges_over_time(campaign_id: int) -> list[PledgePoint]:
    """When the campaign's pledges that still count were made, and their amounts (for the dashboard's chart)."""
    counted = [PledgeStatus.RESERVED, PledgeStatus.PENDING_PAYMENT, PledgeStatus.PAID]
    rows = (
        await Pledge.filter(campaign_id=campaign_id, status__in=counted)
        .order_by("created_at", "id")
        .values_list("created_at", "amount_cents")
    )
    return [PledgePoint(at, int(amount)) for at, amount in rows]


async def ledger_page(campaign_id: int, *, offset: int, limit: int) -> tuple[list[LedgerEntry], int]:
    """A campaign's ledger rows, oldest first (the order money moved)."""
    query = LedgerEntry.filter(campaign_id=campaign_id)
    return await query.order_by("id").offset(offset).limit(limit), await query.count()


async def pledges_by_id(pledge_ids: list[int]) -> dict[int, Pledge]:
    return {p.id: p for p in await Pledge.filter(id__in=pledge_ids)}
