"""Review queue at 100,000 pending items on PostgreSQL: claimNextReview with 1 and 8 moderators, reviewQueue.

.venv/bin/python bench/review_queue.py                 # drops and recreates the database colab_bench_queue
.venv/bin/python bench/review_queue.py --items 100000 --rounds 200

Each moderator loops: claimNextReview (timed), then decideReview ADMIT (timed separately; it
writes the decision, the idea, the project and the notification). Requests go through the
real app (Starlette + Strawberry) in process with httpx's ASGI transport, so the times include
GraphQL parsing, validation and serialization but no network. The service-level claim (no HTTP,
no GraphQL) is measured too, to tell the two costs apart.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Awaitable, Callable
from pathlib import Path

import httpx
from asgi_lifespan import LifespanManager
from tortoise import Tortoise, connections

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from colab.accounts.models import User  # noqa: E402
from colab.accounts.service import issue_token, sign_up  # noqa: E402
from colab.actors import Actor, Role  # noqa: E402
from colab.config import load_settings  # noqa: E402
from colab.db import migrate, tortoise_config  # noqa: E402
from moderation.models import ReviewItem, ReviewStatus  # noqa: E402
from moderation.queue import claim_next, release  # noqa: E402
from web.app import create_app  # noqa: E402

URL = "postgres://postgres@127.0.0.1:5432/colab_bench_queue"

CLAIM = "mutation { claimNextReview(input: {}) { item { id } errors { code } } }"
DECIDE = """mutation($id: ID!) { decideReview(input: {itemId: $id, decision: ADMIT, message: "Bienvenue."}) {
  errors { code } } }"""
QUEUE = """{ reviewQueue(first: 20) { totalCount edges { node { id kind priority submittedAt
  flags { code score detail } author { name history { submissions admitted rejected } } idea { id title } } } } }"""

SEED = """
INSERT INTO "user" (email, password_hash, display_name, role, is_active, created_at)
  SELECT 'auteur' || n || '@bench.example', 'x', 'Auteur ' || n, 'CITIZEN', true, now() - interval '30 days'
  FROM generate_series(1, 1000) AS n;
INSERT INTO idea (author_id, title, summary, body, territory_id, status, search_text, created_at, updated_at,
                  submitted_at, needs_funds, needs_team, needs_advice, needs_hands)
  SELECT (SELECT min(id) FROM "user" WHERE email LIKE '%@bench.example') + n % 1000,
         'Idée ' || n, 'Résumé de l''idée ' || n, '<p>Une idée de banc pour le quartier ' || n || '.</p>',
         (SELECT min(id) FROM territory), 'SUBMITTED', 'idee ' || n, now(), now(),
         now() - (n || ' seconds')::interval, n % 2 = 0, n % 3 = 0, true, n % 5 = 0
  FROM generate_series(1, {items}) AS n;
INSERT INTO review_item (kind, subject_id, author_id, title, status, priority, queue_rank, submitted_at, message)
  SELECT 'IDEA', id, author_id, title, 'PENDING', p, -p, submitted_at, ''
  FROM (SELECT id, author_id, title, submitted_at,
               CASE WHEN id % 10 = 0 THEN 30 WHEN id % 7 = 0 THEN 15 ELSE 0 END AS p FROM idea) AS ideas;
INSERT INTO review_flag (item_id, code, score, detail)
  SELECT id, CASE WHEN priority = 30 THEN 'MANY_LINKS' ELSE 'NEW_ACCOUNT' END, priority, 'bench'
  FROM review_item WHERE priority > 0;
ANALYZE;
"""


def _stats(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    return statistics.median(ordered), ordered[max(0, int(len(ordered) * 0.99) - 1)]


def _recreate_database() -> None:
    subprocess.run(
        [
            "psql",
            "-h",
            "127.0.0.1",
            "-U",
            "postgres",
            "-d",
            "test",
            "-qc",
            "DROP DATABASE IF EXISTS colab_bench_queue WITH (FORCE)",
            "-c",
            "CREATE DATABASE colab_bench_queue",
        ],
        check=True,
    )


async def _seed(items: int) -> None:
    _recreate_database()
    await migrate(URL)
    await Tortoise.init(config=tortoise_config(URL))
    try:
        await connections.get("default").execute_script(SEED.replace("{items}", str(items)))
    finally:
        await Tortoise.close_connections()


async def _moderators(n: int) -> list[tuple[User, str]]:
    found = []
    for i in range(n):
        user = await sign_up(f"moderateur{i}@bench.example", "motdepasse-bench", f"Modérateur {i}", role=Role.MODERATOR)
        found.append((user, (await issue_token(user)).token))
    return found


async def _timed(samples: list[float], action: Callable[[], Awaitable[object]]) -> object:
    start = time.perf_counter()
    result = await action()
    samples.append((time.perf_counter() - start) * 1000)
    return result


async def _work(client: httpx.AsyncClient, token: str, rounds: int, claims: list[float], decides: list[float]) -> None:
    headers = {"Authorization": f"Bearer {token}"}
    for _ in range(rounds):
        response = await _timed(claims, lambda: client.post("/graphql", json={"query": CLAIM}, headers=headers))
        payload = response.json()["data"]["claimNextReview"]  # type: ignore[attr-defined]
        assert payload["errors"] == [] and payload["item"], payload
        item_id = payload["item"]["id"]
        body = {"query": DECIDE, "variables": {"id": item_id}}
        decided = await _timed(decides, lambda b=body: client.post("/graphql", json=b, headers=headers))
        assert decided.json()["data"]["decideReview"]["errors"] == []  # type: ignore[attr-defined]


async def run(items: int, rounds: int, skip_seed: bool) -> None:
    if not skip_seed:
        await _seed(items)
    os.environ["DATABASE_URL"] = URL
    app = create_app(load_settings())
    rows: list[tuple[str, int, float, float]] = []
    transport = httpx.ASGITransport(app=app)
    async with LifespanManager(app), httpx.AsyncClient(transport=transport, base_url="http://bench") as client:
        moderators = await _moderators(8)
        pending = await ReviewItem.filter(status=ReviewStatus.PENDING).count()
        print(f"{pending} pending items")
        # service level: the claim alone, released at once (the item stays at the head of the queue)
        service: list[float] = []
        actor = Actor(user_id=moderators[0][0].id, role=Role.MODERATOR)
        for _ in range(rounds):
            item = await _timed(service, lambda: claim_next(actor))
            await release(actor, item.id)  # type: ignore[attr-defined]
        rows.append(("service claim_next, 1 moderator", len(service), *_stats(service)))
        for concurrency in (1, 8):
            claims: list[float] = []
            decides: list[float] = []
            await asyncio.gather(
                *(
                    _work(client, token, rounds // concurrency * (2 if concurrency == 8 else 1), claims, decides)
                    for _, token in moderators[:concurrency]
                )
            )
            rows.append((f"GraphQL claimNextReview, {concurrency} moderator(s)", len(claims), *_stats(claims)))
            rows.append((f"GraphQL decideReview ADMIT, {concurrency} moderator(s)", len(decides), *_stats(decides)))
        headers = {"Authorization": f"Bearer {moderators[0][1]}"}
        pages: list[float] = []
        for _ in range(rounds):
            response = await _timed(pages, lambda: client.post("/graphql", json={"query": QUEUE}, headers=headers))
            assert len(response.json()["data"]["reviewQueue"]["edges"]) == 20  # type: ignore[attr-defined]
        rows.append(("GraphQL reviewQueue(first: 20), 1 moderator", len(pages), *_stats(pages)))
        left = await ReviewItem.filter(status=ReviewStatus.PENDING).count()
    print(f"\n{left} items still pending at the end\n")
    print("| measure | samples | median ms | p99 ms |\n|---|---|---|---|")
    for name, n, p50, p99 in rows:
        print(f"| {name} | {n} | {p50:.1f} | {p99:.1f} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--items", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=200)
    parser.add_argument("--skip-seed", action="store_true", help="reuse the database of the previous run")
    args = parser.parse_args()
    asyncio.run(run(args.items, args.rounds, args.skip_seed))


if __name__ == "__main__":
    main()
