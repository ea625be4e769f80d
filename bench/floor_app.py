"""The floor of this stack: a bare Starlette endpoint answering the challenge-list query's JSON
from ONE hand-written SQL query (no ORM, no GraphQL). Database from BENCH_DATABASE_URL.

    BENCH_DATABASE_URL=sqlite://var/bench.sqlite3 .venv/bin/uvicorn bench.floor_app:app --port 8102
"""

from __future__ import annotations

import base64
import json
import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

URL = os.environ.get("BENCH_DATABASE_URL", "sqlite://var/bench.sqlite3")
PAGE = 20

SQLITE_QUERY = f"""
SELECT c.id, c.title, c.summary, c.ideas_open_until,
       c.needs_funds, c.needs_team, c.needs_advice, c.needs_hands,
       o.id, o.name, t.id, t.name,
       (SELECT json_group_array(json_object('id', th.id, 'name', th.name))
          FROM challenge_theme ct JOIN theme th ON th.id = ct.theme_id
         WHERE ct.challenge_id = c.id) AS themes,
       (SELECT count(*) FROM challenge WHERE status = 'PUBLISHED') AS total
  FROM challenge c
  JOIN organization o ON o.id = c.organization_id
  JOIN territory t ON t.id = c.territory_id
 WHERE c.status = 'PUBLISHED'
 ORDER BY c.created_at DESC, c.id DESC
 LIMIT {PAGE}
"""
POSTGRES_QUERY = SQLITE_QUERY.replace("json_group_array", "json_agg").replace("json_object", "json_build_object")
NEEDS = ("FUNDS", "TEAM", "ADVICE", "HANDS")


def _gid(kind: str, pk: int) -> str:
    return base64.b64encode(f"{kind}:{pk}".encode()).decode()


def _shape(rows: list[Any]) -> bytes:
    edges = []
    for r in rows:
        themes = json.loads(r[12]) if isinstance(r[12], str) else r[12]
        edges.append(
            {
                "node": {
                    "id": _gid("Challenge", r[0]),
                    "title": r[1],
                    "summary": r[2],
                    "ideasOpenUntil": str(r[3]),
                    "needs": [n for n, on in zip(NEEDS, r[4:8], strict=True) if on],
                    "organization": {"id": _gid("Organization", r[8]), "name": r[9]},
                    "territory": {"id": _gid("Territory", r[10]), "name": r[11]},
                    "themes": [{"id": _gid("Theme", t["id"]), "name": t["name"]} for t in themes],
                }
            }
        )
    total = rows[0][13] if rows else 0
    return json.dumps({"data": {"challenges": {"totalCount": total, "edges": edges}}}).encode()


@asynccontextmanager
async def lifespan(app: Starlette) -> AsyncIterator[None]:
    if URL.startswith("sqlite://"):
        import aiosqlite

        conn = await aiosqlite.connect(URL[len("sqlite://") :])

        async def fetch() -> list[Any]:
            async with conn.execute(SQLITE_QUERY) as cursor:
                return list(await cursor.fetchall())

        app.state.fetch = fetch
        yield
        await conn.close()
    else:
        import asyncpg

        pool = await asyncpg.create_pool(URL.replace("postgres://", "postgresql://"), min_size=2, max_size=10)

        async def fetch() -> list[Any]:
            async with pool.acquire() as conn:
                return list(await conn.fetch(POSTGRES_QUERY))

        app.state.fetch = fetch
        yield
        await pool.close()


async def challenges(request: Request) -> Response:
    return Response(_shape(await request.app.state.fetch()), media_type="application/json")


app = Starlette(routes=[Route("/floor", challenges, methods=["POST"])], lifespan=lifespan)
