"""What the challenge tests share: a direct count of the challenge ↔ theme link rows."""

from __future__ import annotations

from tortoise import connections


async def challenge_theme_rows() -> int:
    """Rows of the many-to-many table, read with SQL so no ORM relation can hide a half-written link."""
    rows = await connections.get("default").execute_query_dict("SELECT COUNT(*) AS n FROM challenge_theme")
    return int(rows[0]["n"])
