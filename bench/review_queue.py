"""Review queue at 100,000 pending items on PostgreSQL: claimNextReview with 1 and 8 moderators, reviewQueue.

.venv/bin/python bench/review_queue.py                 # drops and recreates the database colab_bench_queue
.venv/bin/python bench/review_queue.py --items 100000 --rounds 200

Each moderator loops: claim the next item (timed), then admit it (timed separately: that writes
the decision, the idea, the project and the notification), so every claim takes a fresh item
from the head of a 100,000-item queue. Measured twice: at the service level (moderation.queue,
no HTTP, no GraphQL: the database cost, 8 moderators = 8 concurrent tasks on the pool), and
over HTTP against the lab served by uvicorn in its own processes (--workers, 2 by default) with
the clients in this process on the same machine, so the two compete for its cores.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path

import httpx
from tortoise import Tortoise, connections

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import colab.domains  # noqa: E402, F401
from colab.accounts.models import User  # noqa: E402
from colab.accounts.service import issue_token, sign_up  # noqa: E402
from colab.actors import Actor, Role  # noqa: E402
from colab.db import migrate, tortoise_config  # noqa: E402
from moderation.decisions import decide_review  # noqa: E402
from moderation.models import Decision, ReviewItem, ReviewStatus  # noqa: E402
from moderation.queue import claim_next  # noqa: E402

URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/colab_bench_queue")

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
        email = f"moderateur{i}@bench.example"
        user = await User.get_or_none(email=email) or await sign_up(
            email, "motdepasse-bench", f"Modérateur {i}", role=Role.MODERATOR
        )
        found.append((user, (await issue_token(user)).raw))
    return found


async def _timed(samples: list[float], action: Callable[[], Awaitable[object]]) -> object:
    start = time.perf_counter()
    result = await action()
    samples.append((time.perf_counter() - start) * 1000)
    return result


async def _work(client: httpx.AsyncClient, token: str, rounds: int, claims: list[float], decides: list[float]) -> None:
    """One moderator: claim the next item (timed), then admit it (timed separately)."""
    headers = {"Authorization": f"Bearer {token}"}
    for _ in range(rounds):
        response = await _timed(claims, lambda: client.post("/graphql", json={"query": CLAIM}, headers=headers))
        payload = response.json()["data"]["claimNextReview"]  # type: ignore[attr-defined]
        assert payload["errors"] == [] and payload["item"], payload
        body = {"query": DECIDE, "variables": {"id": payload["item"]["id"]}}
        decided = await _timed(decides, lambda b=body: client.post("/graphql", json=b, headers=headers))
        assert decided.json()["data"]["decideReview"]["errors"] == []  # type: ignore[attr-defined]


async def _service_work(actor: Actor, rounds: int, claims: list[float]) -> None:
    """The same loop without HTTP or GraphQL: the claim is timed, the decision is not."""
    for _ in range(rounds):
        item = await _timed(claims, lambda: claim_next(actor))
        assert item is not None
        await decide_review(actor, item.id, Decision.ADMIT)  # type: ignore[attr-defined]


def _pgbench(clients: int, seconds: int) -> list[tuple[str, int, float, float]]:
    """The claim SQL alone under `clients` concurrent sessions (pgbench): no Python on the path."""
    if shutil.which("pgbench") is None:
        print("pgbench absent: the SQL-level measure is skipped")
        return []
    with tempfile.TemporaryDirectory() as tmp:
        prefix = str(Path(tmp) / "log")
        done = subprocess.run(
            ["pgbench", "-h", "127.0.0.1", "-U", "postgres", "-n", "-r", "-l", f"--log-prefix={prefix}"]
            + ["-c", str(clients), "-j", str(min(clients, 2)), "-T", str(seconds)]
            + ["-f", str(ROOT / "bench" / "claim_decide.sql"), URL.rsplit("/", 1)[1].split("?")[0]],
            capture_output=True,
            text=True,
            check=True,
        )
        latencies = [
            int(line.split()[2]) / 1000 for log in Path(tmp).glob("log*") for line in log.read_text().splitlines()
        ]
    claim_avg = next(float(line.split()[0]) for line in done.stdout.splitlines() if "WITH me AS" in line)
    decide_avg = next(float(line.split()[0]) for line in done.stdout.splitlines() if "UPDATE review_item" in line)
    print(f"pgbench, {clients} session(s): claim statement average {claim_avg} ms, decide {decide_avg} ms")
    return [(f"SQL claim + decide (pgbench), {clients} session(s)", len(latencies), *_stats(latencies))]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _serve(workers: int) -> tuple[subprocess.Popen[bytes], str]:
    """The lab as deployed: uvicorn in its own processes on the bench database."""
    port = _free_port()
    env = {**os.environ, "DATABASE_URL": URL, "ENVIRONMENT": "test", "DEBUG": "false"}
    env["GRAPHQL_COST_LIMIT"] = "1000000000 per minute"  # a few clients as fast as they can: no 429 here
    server = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "web.app:create_app", "--factory", "--port", str(port)]
        + ["--workers", str(workers), "--log-level", "warning"],
        cwd=ROOT,
        env=env,
    )
    base = f"http://127.0.0.1:{port}"
    for _ in range(200):
        try:
            if httpx.get(base + "/").status_code == 200:
                return server, base
        except httpx.TransportError:
            time.sleep(0.1)
    server.terminate()
    raise RuntimeError("the lab did not start")


async def run(items: int, rounds: int, skip_seed: bool, workers: int) -> None:
    if not skip_seed:
        await _seed(items)
    rows: list[tuple[str, int, float, float]] = []
    await Tortoise.init(config=tortoise_config(URL))
    try:
        moderators = await _moderators(8)
        print(f"{await ReviewItem.filter(status=ReviewStatus.PENDING).count()} pending items")
        for concurrency in (1, 8):
            service: list[float] = []
            actors = [Actor(user_id=user.id, role=Role.MODERATOR) for user, _ in moderators[:concurrency]]
            await asyncio.gather(
                *(_service_work(a, rounds // concurrency * min(concurrency, 2), service) for a in actors)
            )
            rows.append((f"service claim_next, {concurrency} moderator(s)", len(service), *_stats(service)))
    finally:
        await Tortoise.close_connections()
    for clients in (1, 8):
        rows.extend(_pgbench(clients, 10))
    server, base = _serve(workers)
    try:
        async with httpx.AsyncClient(base_url=base, timeout=30) as client:
            for concurrency in (1, 8):
                claims: list[float] = []
                decides: list[float] = []
                per_moderator = rounds // concurrency * min(concurrency, 2)
                await asyncio.gather(
                    *(_work(client, token, per_moderator, claims, decides) for _, token in moderators[:concurrency])
                )
                rows.append((f"HTTP claimNextReview, {concurrency} moderator(s)", len(claims), *_stats(claims)))
                rows.append((f"HTTP decideReview ADMIT, {concurrency} moderator(s)", len(decides), *_stats(decides)))
            headers = {"Authorization": f"Bearer {moderators[0][1]}"}
            pages: list[float] = []
            for _ in range(rounds):
                response = await _timed(pages, lambda: client.post("/graphql", json={"query": QUEUE}, headers=headers))
                assert len(response.json()["data"]["reviewQueue"]["edges"]) == 20  # type: ignore[attr-defined]
            rows.append(("HTTP reviewQueue(first: 20), 1 moderator", len(pages), *_stats(pages)))
    finally:
        server.terminate()
        server.wait(timeout=10)
    await Tortoise.init(config=tortoise_config(URL))
    try:
        claims = await connections.get("default").execute_query_dict(
            "SELECT count(*) AS claims, count(*) - count(DISTINCT item_id) AS twice"
            " FROM moderation_log WHERE action = 'CLAIMED'"
        )
    finally:
        await Tortoise.close_connections()
    print(f"\n{claims[0]['claims']} claims logged, {claims[0]['twice']} of an item claimed before (must be 0)")
    print(f"uvicorn workers: {workers}; CPU cores: {os.cpu_count()}\n")
    print("| measure | samples | median ms | p99 ms |\n|---|---|---|---|")
    for name, n, p50, p99 in rows:
        print(f"| {name} | {n} | {p50:.1f} | {p99:.1f} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--items", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=200)
    parser.add_argument("--skip-seed", action="store_true", help="reuse the database of the previous run")
    parser.add_argument("--workers", type=int, default=2, help="uvicorn worker processes (one per core)")
    args = parser.parse_args()
    asyncio.run(run(args.items, args.rounds, args.skip_seed, args.workers))


if __name__ == "__main__":
    main()
