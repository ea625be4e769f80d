"""The floor of this stack: bare Starlette endpoints answering the public reads' JSON, each from ONE
hand-written SQL query (no ORM, no GraphQL). Database from BENCH_DATABASE_URL.

    BENCH_DATABASE_URL=sqlite://var/bench.sqlite3 .venv/bin/uvicorn bench.floor_app:app --port 8102

Each route answers exactly what the GraphQL query of the same name in `QUERIES` answers (bench/reads.py
checks that the two JSON documents are equal before measuring): the same items, order, totals (capped
like colab.counting, hidden subjects left out like moderation.visibility), ids, datetimes and enums.
`POST /floor` is the challenge list (bench/challenge_list.py); `POST /floor/<read>` each read; the body is
the GraphQL request, parsed (the lab parses it too); `node` takes its id from `variables.id`.
"""

from __future__ import annotations

import base64
import json
import os
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from datetime import datetime
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from colab.counting import COUNT_CAP

URL = os.environ.get("BENCH_DATABASE_URL", "sqlite://var/bench.sqlite3")
PAGE = 20
CAP = COUNT_CAP  # the lab counts up to this too (a constant: nothing else of the lab runs here)
SERVED_AT = "/fichiers/"  # colab.storage.SERVED_AT (the seeded projects have no cover)
BASE_URL = os.environ.get("BASE_URL", "http://localhost:8000")
NEEDS = ("FUNDS", "TEAM", "ADVICE", "HANDS")
KIND_LABELS = {
    "COMMUNE": "Commune",
    "PROVINCE": "Province",
    "REGION": "Région",
    "PUBLIC_AGENCY": "Agence publique",
    "INNOVATION_HUB": "Hub d'innovation",
    "INCUBATOR": "Incubateur",
    "UNIVERSITY": "Université",
    "ASSOCIATION": "Association",
    "COMPANY": "Entreprise",
}

#: the GraphQL documents the floor stands beside: the fields the lab's pages show on each card
QUERIES = {
    "challenges": """query BenchChallengeList {
  challenges(first: 20) {
    totalCount
    edges { node {
      id title summary ideasOpenUntil needs
      organization { id name }
      territory { id name }
      themes { id name }
    } }
  }
}""",
    "ideas": """query BenchIdeaList {
  ideas(first: 20) {
    totalCount
    edges { node {
      id title summary needs decidedAt authorName
      challenge { id title }
      territory { id name }
      themes { id name }
    } }
  }
}""",
    "projects": """query BenchProjectList {
  projects(first: 20) {
    totalCount
    edges { node {
      id title summary needs createdAt holderName
      cover { url alt }
      challenge { id title }
      organization { id name }
      territory { id name }
    } }
  }
}""",
    "organizations": """query BenchOrganizationList {
  organizations(first: 20) {
    totalCount
    edges { node {
      id name slug kind kindLabel verified
      territory { id name }
    } }
  }
}""",
    "node": """query BenchChallengeNode($id: ID!) {
  node(id: $id) {
    ... on Challenge {
      id title summary body needs status ideasOpenUntil publishedAt
      organization { id name slug }
      territory { id name }
      themes { id name }
    }
  }
}""",
}


def _hidden(kind: str) -> str:
    """moderation.visibility.hidden_sql"""
    return f"SELECT subject_id FROM reported_content WHERE kind = '{kind}' AND visibility <> 'VISIBLE'"


def _themes(owner: str, table: str, alias: str) -> str:
    """A JSON array of an owner's themes in the themes' order (position, name), SQLite spelling."""
    return (
        f"(SELECT json_group_array(json_object('id', x.id, 'name', x.name)) FROM "
        f"(SELECT th.id, th.name FROM {table} l JOIN theme th ON th.id = l.theme_id "
        f"WHERE l.{owner}_id = {alias}.id ORDER BY th.position, th.name) x)"
    )


def _capped(where: str) -> str:
    return f"(SELECT count(*) FROM (SELECT id FROM {where} LIMIT {CAP + 1}) capped)"


SQLITE = {
    "challenges": f"""
SELECT c.id, c.title, c.summary, c.ideas_open_until,
       c.needs_funds, c.needs_team, c.needs_advice, c.needs_hands,
       o.id, o.name, t.id, t.name, {_themes("challenge", "challenge_theme", "c")},
       {_capped(f"challenge WHERE status = 'PUBLISHED' AND id NOT IN ({_hidden('CHALLENGE')})")}
  FROM challenge c
  JOIN organization o ON o.id = c.organization_id
  JOIN territory t ON t.id = c.territory_id
 WHERE c.status = 'PUBLISHED' AND c.id NOT IN ({_hidden("CHALLENGE")})
 ORDER BY c.created_at DESC, c.id DESC
 LIMIT {PAGE}""",
    "ideas": f"""
SELECT i.id, i.title, i.summary, i.decided_at,
       i.needs_funds, i.needs_team, i.needs_advice, i.needs_hands,
       u.display_name, c.id, c.title, t.id, t.name, {_themes("idea", "idea_theme", "i")},
       {_capped(f"idea WHERE status = 'ADMITTED' AND id NOT IN ({_hidden('IDEA')})")}
  FROM idea i
  JOIN "user" u ON u.id = i.author_id
  LEFT JOIN challenge c ON c.id = i.challenge_id
  JOIN territory t ON t.id = i.territory_id
 WHERE i.status = 'ADMITTED' AND i.id NOT IN ({_hidden("IDEA")})
 ORDER BY i.decided_at DESC, i.id DESC
 LIMIT {PAGE}""",
    "projects": f"""
SELECT p.id, p.title, p.summary, p.created_at,
       p.needs_funds, p.needs_team, p.needs_advice, p.needs_hands,
       u.display_name, p.cover_path, p.cover_alt, c.id, c.title, o.id, o.name, t.id, t.name,
       {_capped(f"project WHERE id NOT IN ({_hidden('PROJECT')})")}
  FROM project p
  JOIN "user" u ON u.id = p.holder_id
  LEFT JOIN challenge c ON c.id = p.challenge_id
  LEFT JOIN organization o ON o.id = p.organization_id
  JOIN territory t ON t.id = p.territory_id
 WHERE p.id NOT IN ({_hidden("PROJECT")})
 ORDER BY p.created_at DESC, p.id DESC
 LIMIT {PAGE}""",
    "organizations": f"""
SELECT o.id, o.name, o.slug, o.kind, o.verified, t.id, t.name, (SELECT count(*) FROM organization)
  FROM organization o
  LEFT JOIN territory t ON t.id = o.territory_id
 ORDER BY o.name, o.id
 LIMIT {PAGE}""",
    "node": f"""
SELECT c.id, c.title, c.summary, c.body, c.needs_funds, c.needs_team, c.needs_advice, c.needs_hands,
       c.status, c.ideas_open_until, c.published_at, o.id, o.name, o.slug, t.id, t.name,
       {_themes("challenge", "challenge_theme", "c")}
  FROM challenge c
  JOIN organization o ON o.id = c.organization_id
  JOIN territory t ON t.id = c.territory_id
 WHERE c.id = ? AND c.status IN ('PUBLISHED', 'CLOSED') AND c.id NOT IN ({_hidden("CHALLENGE")})""",
}


def _postgres(sql: str) -> str:
    # json_agg with ORDER BY in the aggregate: the same order as the SQLite subquery
    sql = sql.replace(
        "(SELECT json_group_array(json_object('id', x.id, 'name', x.name)) FROM ",
        "(SELECT json_agg(json_build_object('id', x.id, 'name', x.name) ORDER BY x.position, x.name) FROM ",
    )
    return (
        sql.replace("SELECT th.id, th.name FROM", "SELECT th.id, th.name, th.position FROM")
        .replace(" ORDER BY th.position, th.name) x)", ") x)")
        .replace("c.id = ?", "c.id = $1")
    )


POSTGRES = {name: _postgres(sql) for name, sql in SQLITE.items()}


def _gid(kind: str, pk: int) -> str:
    return base64.b64encode(f"{kind}:{pk}".encode()).decode()


def _pk(gid: str) -> int:
    kind, _, pk = base64.b64decode(gid).decode().partition(":")
    return int(pk)


def _when(value: Any) -> str | None:
    """A datetime as Strawberry writes it (isoformat, UTC offset); SQLite gives text, asyncpg datetimes."""
    if value is None:
        return None
    return (value if isinstance(value, datetime) else datetime.fromisoformat(value)).isoformat()


def _needs(flags: Any) -> list[str]:
    return [n for n, on in zip(NEEDS, flags, strict=True) if on]


def _theme_list(raw: Any) -> list[dict[str, Any]]:
    themes = json.loads(raw) if isinstance(raw, str) else raw or []
    return [{"id": _gid("Theme", t["id"]), "name": t["name"]} for t in themes]


def _place(pk: int | None, name: str | None) -> dict[str, Any] | None:
    return None if pk is None else {"id": _gid("Territory", pk), "name": name}


def _connection(name: str, rows: list[Any], total_at: int, node: Callable[[Any], dict[str, Any]]) -> bytes:
    total = rows[0][total_at] if rows else 0
    edges = [{"node": node(r)} for r in rows]
    return json.dumps({"data": {name: {"totalCount": total, "edges": edges}}}).encode()


def _challenges(rows: list[Any]) -> bytes:
    return _connection(
        "challenges",
        rows,
        13,
        lambda r: {
            "id": _gid("Challenge", r[0]),
            "title": r[1],
            "summary": r[2],
            "ideasOpenUntil": _when(r[3]),
            "needs": _needs(r[4:8]),
            "organization": {"id": _gid("Organization", r[8]), "name": r[9]},
            "territory": _place(r[10], r[11]),
            "themes": _theme_list(r[12]),
        },
    )


def _ideas(rows: list[Any]) -> bytes:
    return _connection(
        "ideas",
        rows,
        14,
        lambda r: {
            "id": _gid("Idea", r[0]),
            "title": r[1],
            "summary": r[2],
            "needs": _needs(r[4:8]),
            "decidedAt": _when(r[3]),
            "authorName": r[8],
            "challenge": None if r[9] is None else {"id": _gid("Challenge", r[9]), "title": r[10]},
            "territory": _place(r[11], r[12]),
            "themes": _theme_list(r[13]),
        },
    )


def _projects(rows: list[Any]) -> bytes:
    return _connection(
        "projects",
        rows,
        17,
        lambda r: {
            "id": _gid("Project", r[0]),
            "title": r[1],
            "summary": r[2],
            "needs": _needs(r[4:8]),
            "createdAt": _when(r[3]),
            "holderName": r[8],
            "cover": None if r[9] is None else {"url": BASE_URL.rstrip("/") + SERVED_AT + r[9], "alt": r[10]},
            "challenge": None if r[11] is None else {"id": _gid("Challenge", r[11]), "title": r[12]},
            "organization": None if r[13] is None else {"id": _gid("Organization", r[13]), "name": r[14]},
            "territory": _place(r[15], r[16]),
        },
    )


def _organizations(rows: list[Any]) -> bytes:
    return _connection(
        "organizations",
        rows,
        7,
        lambda r: {
            "id": _gid("Organization", r[0]),
            "name": r[1],
            "slug": r[2],
            "kind": r[3],
            "kindLabel": KIND_LABELS[r[3]],
            "verified": bool(r[4]),
            "territory": _place(r[5], r[6]),
        },
    )


def _node(rows: list[Any]) -> bytes:
    if not rows:
        return json.dumps({"data": {"node": None}}).encode()
    r = rows[0]
    node = {
        "id": _gid("Challenge", r[0]),
        "title": r[1],
        "summary": r[2],
        "body": r[3],
        "needs": _needs(r[4:8]),
        "status": r[8],
        "ideasOpenUntil": _when(r[9]),
        "publishedAt": _when(r[10]),
        "organization": {"id": _gid("Organization", r[11]), "name": r[12], "slug": r[13]},
        "territory": _place(r[14], r[15]),
        "themes": _theme_list(r[16]),
    }
    return json.dumps({"data": {"node": node}}).encode()


SHAPES: dict[str, Callable[[list[Any]], bytes]] = {
    "challenges": _challenges,
    "ideas": _ideas,
    "projects": _projects,
    "organizations": _organizations,
    "node": _node,
}
Fetch = Callable[[str, tuple[Any, ...]], Awaitable[list[Any]]]


@asynccontextmanager
async def lifespan(app: Starlette) -> AsyncIterator[None]:
    if URL.startswith("sqlite://"):
        import aiosqlite

        conn = await aiosqlite.connect(URL[len("sqlite://") :])

        async def fetch_sqlite(read: str, args: tuple[Any, ...]) -> list[Any]:
            async with conn.execute(SQLITE[read], args) as cursor:
                return list(await cursor.fetchall())

        app.state.fetch = fetch_sqlite
        yield
        await conn.close()
    else:
        import asyncpg

        pool = await asyncpg.create_pool(URL.replace("postgres://", "postgresql://"), min_size=2, max_size=10)

        async def fetch_postgres(read: str, args: tuple[Any, ...]) -> list[Any]:
            async with pool.acquire() as conn:
                return list(await conn.fetch(POSTGRES[read], *args))

        app.state.fetch = fetch_postgres
        yield
        await pool.close()


async def answer(request: Request) -> Response:
    read = request.path_params.get("read", "challenges")
    if read not in SHAPES:
        return Response(status_code=404)
    body = await request.body()
    params = json.loads(body) if body else {}
    args: tuple[Any, ...] = (_pk(params["variables"]["id"]),) if read == "node" else ()
    fetch: Fetch = request.app.state.fetch
    return Response(SHAPES[read](await fetch(read, args)), media_type="application/json")


app = Starlette(
    routes=[Route("/floor", answer, methods=["POST"]), Route("/floor/{read}", answer, methods=["POST"])],
    lifespan=lifespan,
)
