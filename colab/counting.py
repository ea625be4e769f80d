"""Counting what a list matches without reading a million rows: exact up to COUNT_CAP, "more than" beyond.

`count(*)` grows with the table (0.5–1 s at 1,000,000 challenges on PostgreSQL). The capped count reads at most
COUNT_CAP + 1 ids of the filtered query, along its indexes, so its cost stops growing once COUNT_CAP rows
match: capped at 1,000 it costs about the same at 10,000 rows as at 1,000,000 (capped at 10,000, a theme's
count cost 5 to 10 times more at 1,000,000 rows than at 10,000: bench/RESULTS.md, "A million rows"). Nobody
pages through 50 pages of 20: past 1,000, a list says "more than 1,000".
"""

from __future__ import annotations

from typing import Any

from tortoise.queryset import QuerySet

from colab.db import sql_of

COUNT_CAP = 1_000


async def capped_count(query: QuerySet[Any], cap: int | None = None) -> int:
    """How many rows `query` matches, exactly when at most `cap` (COUNT_CAP); `cap + 1` means "more than `cap`"."""
    cap = COUNT_CAP if cap is None else cap
    page = query.only("id").order_by().limit(cap + 1)
    # Tortoise's count() ignores LIMIT: count the capped select of ids instead
    sql, params = sql_of(page)
    rows = await page._db.execute_query_dict(f"SELECT COUNT(*) AS n FROM ({sql}) AS capped", params)
    return int(rows[0]["n"])


def is_exact(total: int) -> bool:
    return total <= COUNT_CAP
