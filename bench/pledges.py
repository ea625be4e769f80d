"""Pledges per second on ONE hot campaign on PostgreSQL, at the service level, beside a raw asyncpg floor.

.venv/bin/python bench/pledges.py                     # drops and recreates the database colab_bench_pledges
.venv/bin/python bench/pledges.py --pledges 20000 --backers 100 --pool 10

100 concurrent backers (asyncio tasks) pledge 5 euros each to the same live campaign until `--pledges`
attempts are made; the ceiling is set so the last ~1 % are refused (CEILING_REACHED), so the run ends at the
limit. Measured twice on the same database and pool size:

- service: `colab.funding.pledges.pledge_funds` (the campaign read, then one transaction: the pledge row,
  its PledgeRecorded event with its in-transaction subscribers, the conditional ceiling UPDATE, the matching
  stub), through Tortoise;
- floor: a raw asyncpg loop running the same statements (the same read, INSERT pledge, INSERT event,
  conditional UPDATE ... RETURNING, in one transaction), nothing else.

After each run the script checks zero overshoot: committed_cents <= ceiling_cents and committed_cents equals
the sum of the live pledges.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import asyncpg
from tortoise import Tortoise

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import colab.domains  # noqa: E402, F401
from colab.actors import Actor  # noqa: E402
from colab.db import migrate, tortoise_config  # noqa: E402
from colab.errors import ColabError, ErrorCode  # noqa: E402
from colab.funding.pledges import PledgeDraft, pledge_funds  # noqa: E402

SERVER = os.environ.get("BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432")
NAME = "colab_bench_pledges"
AMOUNT = 500
ASYNC_COMMIT = [False]

SEED = """
INSERT INTO "user" (email, password_hash, display_name, role, is_active, created_at)
  SELECT 'soutien' || n || '@bench.example', 'x', 'Soutien ' || n, 'CITIZEN', true, now()
  FROM generate_series(0, {backers}) AS n;
INSERT INTO idea (author_id, title, summary, body, territory_id, status, search_text, created_at, updated_at,
                  needs_funds, needs_team, needs_advice, needs_hands)
  SELECT min(id), 'Une serre', 'Une serre partagée', '<p>Serre.</p>', (SELECT min(id) FROM territory), 'ADMITTED',
         'serre', now(), now(), true, false, false, false FROM "user";
INSERT INTO project (idea_id, holder_id, territory_id, title, summary, story, created_at,
                     needs_funds, needs_team, needs_advice, needs_hands)
  SELECT id, author_id, territory_id, title, summary, body, now(), true, false, false, false FROM idea;
"""
CAMPAIGN = """
INSERT INTO campaign (project_id, active_project_id, status, mode, title, pitch, goal_cents, ceiling_cents,
                      opens_at, closes_at, committed_cents, paid_cents, matched_cents, backers_count,
                      cancel_reason, created_at, updated_at)
  SELECT id, NULL, 'LIVE', 'ALL_OR_NOTHING', $1, '', $2, $2, now() - interval '1 day', now() + interval '30 days',
         0, 0, 0, 0, '', now(), now() FROM project RETURNING id
"""


def _recreate_database() -> None:
    subprocess.run(
        [
            "psql",
            f"{SERVER}/test",
            "-qc",
            f"DROP DATABASE IF EXISTS {NAME} WITH (FORCE)",
            "-c",
            f"CREATE DATABASE {NAME}",
        ],
        check=True,
    )


async def _seed(url: str, backers: int) -> list[int]:
    _recreate_database()
    await migrate(url)
    conn = await asyncpg.connect(url.replace("postgres://", "postgresql://", 1).split("?")[0])
    try:
        await conn.execute(SEED.replace("{backers}", str(backers)))
        rows = await conn.fetch("SELECT id FROM \"user\" WHERE email LIKE 'soutien%@bench.example' ORDER BY id")
        return [r["id"] for r in rows][1:]  # the first one holds the project
    finally:
        await conn.close()


async def _new_campaign(conn: asyncpg.Connection, title: str, ceiling: int) -> int:
    return int(await conn.fetchval(CAMPAIGN, title, ceiling))


async def _check(conn: asyncpg.Connection, campaign_id: int) -> tuple[int, int, int]:
    row = await conn.fetchrow(
        "SELECT committed_cents, ceiling_cents, backers_count,"
        " (SELECT coalesce(sum(amount_cents + matched_cents), 0) FROM pledge"
        "  WHERE campaign_id = $1 AND status IN ('RESERVED', 'PENDING_PAYMENT', 'PAID')) AS live,"
        " (SELECT count(*) FROM pledge WHERE campaign_id = $1) AS rows"
        " FROM campaign WHERE id = $1",
        campaign_id,
    )
    assert row is not None
    overshoot = row["committed_cents"] - row["ceiling_cents"]
    assert overshoot <= 0, f"OVERSHOOT by {overshoot} cents"
    assert row["committed_cents"] == row["live"], (row["committed_cents"], row["live"])
    assert row["backers_count"] == row["rows"]
    return int(row["committed_cents"]), int(row["ceiling_cents"]), int(row["rows"])


def _report(label: str, attempts: int, latencies: list[float], seconds: float, refused: dict[str, int]) -> dict:
    ordered = sorted(latencies)
    p99 = ordered[max(0, int(len(ordered) * 0.99) - 1)]
    rate = attempts / seconds
    print(
        f"{label:<8} {attempts} attempts in {seconds:.2f} s = {rate:,.0f} pledges/s;"
        f" p50 {statistics.median(ordered):.1f} ms, p99 {p99:.1f} ms; refused {refused}"
    )
    return {"label": label, "rate": rate, "p50": statistics.median(ordered), "p99": p99, "refused": refused}


async def _drive(backers: int, attempts: int, one: object) -> tuple[list[float], float, dict[str, int]]:
    latencies: list[float] = []
    refused: dict[str, int] = {}
    left = [attempts]

    async def backer(i: int) -> None:
        while left[0] > 0:
            left[0] -= 1
            start = time.perf_counter()
            try:
                await one(i)  # type: ignore[operator]
            except ColabError as e:
                refused[e.code.value] = refused.get(e.code.value, 0) + 1
            latencies.append((time.perf_counter() - start) * 1000)

    started = time.perf_counter()
    await asyncio.gather(*(backer(i) for i in range(backers)))
    return latencies, time.perf_counter() - started, refused


async def _service(url: str, users: list[int], attempts: int, ceiling: int) -> dict:
    await Tortoise.init(config=tortoise_config(url))
    try:
        conn = await asyncpg.connect(url.replace("postgres://", "postgresql://", 1).split("?")[0])
        campaign_id = await _new_campaign(conn, "Service", ceiling)
        actors = [Actor(user_id=u) for u in users]
        draft = PledgeDraft(amount_cents=AMOUNT)

        async def one(i: int) -> None:
            await pledge_funds(actors[i], campaign_id, draft)

        latencies, seconds, refused = await _drive(len(users), attempts, one)
        committed, ceiling, rows = await _check(conn, campaign_id)
        print(f"service  check: committed {committed} of ceiling {ceiling}, {rows} pledges")
        await conn.close()
        return _report("service", attempts, latencies, seconds, refused)
    finally:
        await Tortoise.close_connections()


async def _floor(url: str, users: list[int], attempts: int, ceiling: int, pool_size: int) -> dict:
    dsn = url.replace("postgres://", "postgresql://", 1).split("?")[0]
    pool = await asyncpg.create_pool(dsn, min_size=pool_size, max_size=pool_size)
    assert pool is not None
    async with pool.acquire() as conn:
        campaign_id = await _new_campaign(conn, "Plancher", ceiling)

    async def one(i: int) -> None:
        backer_id = users[i]
        async with pool.acquire() as conn:
            campaign = await conn.fetchrow(
                "SELECT id, project_id, title, status, closes_at FROM campaign WHERE id = $1 LIMIT 1", campaign_id
            )
            now = datetime.now(UTC)
            async with conn.transaction():
                pledge_id = await conn.fetchval(
                    "INSERT INTO pledge (campaign_id, backer_id, amount_cents, status, method, anonymous, message,"
                    " matched_cents, expires_at, created_at, updated_at)"
                    " VALUES ($1, $2, $3, 'PENDING_PAYMENT', 'TRANSFER', false, '', 0, $4, $5, $5) RETURNING id",
                    campaign_id,
                    backer_id,
                    AMOUNT,
                    now + timedelta(days=10),
                    now,
                )
                payload = {
                    "pledge_id": pledge_id,
                    "campaign_id": campaign_id,
                    "backer_id": backer_id,
                    "amount_cents": AMOUNT,
                    "method": "TRANSFER",
                    "matched_cents": 0,
                    "tier_id": None,
                }
                await conn.execute(
                    "INSERT INTO event (kind, subject_type, subject_id, actor_id, payload, public, project_id,"
                    " created_at) VALUES ('funding.pledge_recorded', 'pledge', $1, $2, $3, false, $4, $5)",
                    pledge_id,
                    backer_id,
                    json.dumps(payload),
                    campaign["project_id"],
                    now,
                )
                room = await conn.fetchrow(
                    "UPDATE campaign SET committed_cents = committed_cents + $1, backers_count = backers_count + 1"
                    " WHERE id = $2 AND status = 'LIVE' AND closes_at > $3 AND committed_cents + $1 <= ceiling_cents"
                    " RETURNING committed_cents, ceiling_cents"
                    + (", set_config('synchronous_commit', 'off', true)" if ASYNC_COMMIT[0] else ""),
                    AMOUNT,
                    campaign_id,
                    now,
                )
                if room is None:
                    raise ColabError(ErrorCode.CEILING_REACHED, "plafond")

    try:
        latencies, seconds, refused = await _drive(len(users), attempts, one)
        async with pool.acquire() as conn:
            committed, ceiling, rows = await _check(conn, campaign_id)
            print(f"floor    check: committed {committed} of ceiling {ceiling}, {rows} pledges")
    finally:
        await pool.close()
    return _report("floor", attempts, latencies, seconds, refused)


async def run(attempts: int, backers: int, pool_size: int, skip_seed: bool) -> None:
    url = f"{SERVER}/{NAME}?minsize={pool_size}&maxsize={pool_size}"
    users = await _seed(url.split("?")[0], backers) if not skip_seed else []
    ceiling = AMOUNT * (attempts - attempts // 100)  # the last 1 % are refused: the run ends at the ceiling
    floor = await _floor(url, users, attempts, ceiling, pool_size)
    service = await _service(url, users, attempts, ceiling)
    print(f"service / floor: {service['rate'] / floor['rate']:.0%}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pledges", type=int, default=20_000)
    parser.add_argument("--backers", type=int, default=100)
    parser.add_argument("--pool", type=int, default=10, help="database connections (both runs)")
    parser.add_argument("--sync-floor", action="store_true", help="floor commits synchronously")
    args = parser.parse_args()
    ASYNC_COMMIT[0] = not args.sync_floor
    import uvloop  # what uvicorn runs the lab on

    uvloop.run(run(args.pledges, args.backers, args.pool, False))


if __name__ == "__main__":
    main()
