"""Latency of the public lists, their filters, search and the review queue at 10,000 and at 1,000,000 rows.

    .venv/bin/python bench/seed_million.py --database-url postgres://postgres@127.0.0.1:5432/colab_million_10k \
        --rows 10000
    .venv/bin/python bench/seed_million.py --database-url postgres://postgres@127.0.0.1:5432/colab_million_1m
    .venv/bin/python bench/million.py --rounds 4 --requests 25

Serves the lab twice (one uvicorn process each, READ_CACHE=false so every read is computed), one on each
database, and asks each read from ONE client, one request at a time, `--requests` times per round; rounds go
10k, 1M, 10k, 1M ... so both servers see the same machine load. Reports the median, p95 and p99 latency per
read and database, the 1M ÷ 10k ratio of the medians (target ≤ 1.5), and the server CPU per request (the
uvicorn process plus this database's PostgreSQL backends, from /proc).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import secrets
import socket
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import httpx
from tortoise import Tortoise, connections

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import colab.domains  # noqa: E402, F401
from colab.accounts.models import User  # noqa: E402
from colab.accounts.service import issue_token, sign_up  # noqa: E402
from colab.actors import Role  # noqa: E402
from colab.api.ids import encode  # noqa: E402
from colab.db import tortoise_config  # noqa: E402

DATABASES = {
    "10k": "postgres://postgres@127.0.0.1:5432/colab_million_10k",
    "1M": "postgres://postgres@127.0.0.1:5432/colab_million_1m",
}
CHALLENGES = """query($f: ChallengeFilterInput) { challenges(first: 20, filter: $f) { %s
  edges { node { id title summary ideasOpenUntil needs organization { id name } territory { id name }
  themes { id name } } } pageInfo { hasNextPage } } }"""
IDEAS = """query($f: IdeaFilterInput) { ideas(first: 20, filter: $f) { %s
  edges { node { id title summary needs authorName territory { id name } themes { id name }
  challenge { id title } } } pageInfo { hasNextPage } } }"""
QUEUE = """{ reviewQueue(first: 20) { totalCount totalCountIsExact edges { node { id kind priority submittedAt
  flags { code score detail } author { name history { submissions admitted rejected } } idea { id title } } } } }"""
SEARCH = "vélos partagés"


@dataclass(frozen=True)
class Read:
    name: str
    query: str
    filters: dict[str, str] | None = None
    moderator: bool = False
    #: sent to the floor (bench/floor_app.py: bare Starlette, one hand-written SQL) instead of the lab
    floor: bool = False

    def body(self, ids: dict[str, str]) -> bytes:
        if self.floor:
            return b"{}"
        variables = {"f": {k: ids.get(v, v) for k, v in self.filters.items()}} if self.filters else {}
        return json.dumps({"query": self.query, "variables": variables}).encode()


COUNT = "totalCount totalCountIsExact"
READS = [
    Read("`challenges(first: 20)`", CHALLENGES % ""),
    Read("`challenges(first: 20) { totalCount }`", CHALLENGES % COUNT),
    Read("challenges, province + totalCount", CHALLENGES % COUNT, {"territoryId": "province"}),
    Read("challenges, theme + totalCount", CHALLENGES % COUNT, {"themeId": "theme"}),
    Read("challenges, need HANDS + totalCount", CHALLENGES % COUNT, {"need": "HANDS"}),
    Read(f'challenges, search "{SEARCH}" + totalCount', CHALLENGES % COUNT, {"search": SEARCH}),
    Read("`ideas(first: 20)`", IDEAS % ""),
    Read("`ideas(first: 20) { totalCount }`", IDEAS % COUNT),
    Read("ideas, province + totalCount", IDEAS % COUNT, {"territoryId": "province"}),
    Read("ideas, theme + totalCount", IDEAS % COUNT, {"themeId": "theme"}),
    Read("ideas, need HANDS + totalCount", IDEAS % COUNT, {"need": "HANDS"}),
    Read(f'ideas, search "{SEARCH}" + totalCount', IDEAS % COUNT, {"search": SEARCH}),
    Read("`reviewQueue(first: 20) { totalCount }` (moderator)", QUEUE, moderator=True),
    Read("floor: bare Starlette, 1 SQL (page + exact `count(*)`)", "", floor=True),
]


async def _setup(url: str) -> dict[str, str]:
    """A moderator's token, and the global ids of the province of Liège and of one theme, in this database."""
    await Tortoise.init(config=tortoise_config(url))
    try:
        email = "moderateur-million@bench.example"
        user = await User.get_or_none(email=email) or await sign_up(
            email, "motdepasse-bench", "Modérateur Million", role=Role.MODERATOR
        )
        conn = connections.get("default")
        province = await conn.execute_query_dict(
            "SELECT id FROM territory WHERE level = 'PROVINCE' AND name LIKE 'Li%'"
        )
        theme = await conn.execute_query_dict("SELECT id FROM theme ORDER BY position, id LIMIT 1")
        return {
            "token": (await issue_token(user)).raw,
            "province": encode("Territory", province[0]["id"]),
            "theme": encode("Theme", theme[0]["id"]),
        }
    finally:
        await Tortoise.close_connections()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _serve(url: str) -> tuple[subprocess.Popen[bytes], str]:
    port = _free_port()
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "ENVIRONMENT": "production",
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(32),
        "READ_CACHE": "false",  # every read computed: the database's work is what is measured
        "GRAPHQL_COST_LIMIT": "1000000000 per minute",  # one client as fast as it can: no 429
    }
    server = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "web.app:create_app", "--factory", "--port", str(port)]
        + ["--log-level", "warning", "--no-access-log"],
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


def _cpu_seconds(pids: list[int]) -> float:
    tick = os.sysconf("SC_CLK_TCK")
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / tick


def _backends(database: str) -> list[int]:
    out = subprocess.run(
        ["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", "test", "-Atc"]
        + [f"SELECT pid FROM pg_stat_activity WHERE datname = '{database}'"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return [int(p) for p in out.split()]


def _serve_floor(url: str) -> tuple[subprocess.Popen[bytes], str]:
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "bench.floor_app:app", "--port", str(port)]
        + ["--log-level", "warning", "--no-access-log"],
        cwd=ROOT,
        env={**os.environ, "BENCH_DATABASE_URL": url},
    )
    base = f"http://127.0.0.1:{port}"
    for _ in range(200):
        try:
            if httpx.post(base + "/floor", content=b"{}").status_code == 200:
                return server, base
        except httpx.TransportError:
            time.sleep(0.1)
    server.terminate()
    raise RuntimeError("the floor did not start")


def _round(client: httpx.Client, url: str, body: bytes, headers: dict[str, str], n: int) -> list[float]:
    samples = []
    for _ in range(n):
        start = time.perf_counter()
        response = client.post(url, content=body, headers=headers)
        samples.append((time.perf_counter() - start) * 1000)
        payload = response.json()
        if response.status_code != 200 or (isinstance(payload, dict) and payload.get("errors")):
            raise RuntimeError(payload)
    return samples


def _pct(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(len(ordered) * q))]


def _url(read: Read, lab: tuple[subprocess.Popen[bytes], str], floor: tuple[subprocess.Popen[bytes], str]) -> str:
    return floor[1] + "/floor" if read.floor else lab[1] + "/graphql"


def run(rounds: int, requests: int, only: str | None) -> None:
    ids = {name: asyncio.run(_setup(url)) for name, url in DATABASES.items()}
    servers = {name: _serve(url) for name, url in DATABASES.items()}
    floors = {name: _serve_floor(url) for name, url in DATABASES.items()}
    reads = [r for r in READS if only is None or only in r.name]
    latencies: dict[tuple[str, str], list[float]] = {}
    cpu: dict[tuple[str, str], float] = {}
    try:
        with httpx.Client(timeout=60) as client:
            for name in DATABASES:  # warm up: pools, plans, the disk cache
                for read in reads:
                    headers = {"content-type": "application/json", "authorization": f"Bearer {ids[name]['token']}"}
                    _round(client, _url(read, servers[name], floors[name]), read.body(ids[name]), headers, 3)
            for r in range(rounds):
                for name in DATABASES:
                    database = DATABASES[name].rsplit("/", 1)[1]
                    for read in reads:
                        headers = {"content-type": "application/json"}
                        if read.moderator:
                            headers["authorization"] = f"Bearer {ids[name]['token']}"
                        server = (floors if read.floor else servers)[name][0]
                        pids = [server.pid, *_backends(database)]
                        before = _cpu_seconds(pids)
                        url = _url(read, servers[name], floors[name])
                        samples = _round(client, url, read.body(ids[name]), headers, requests)
                        used = _cpu_seconds(pids) - before
                        latencies.setdefault((read.name, name), []).extend(samples)
                        cpu[(read.name, name)] = cpu.get((read.name, name), 0.0) + used
                print(f"round {r + 1}/{rounds} done", file=sys.stderr, flush=True)
    finally:
        for server, _ in [*servers.values(), *floors.values()]:
            server.terminate()
            server.wait(timeout=10)
    print(f"\n{rounds} interleaved rounds × {requests} requests per read and database, one client; CPU cores: "
          f"{os.cpu_count()}\n")
    print("| read | 10k p50 / p95 / p99 ms | 1M p50 / p95 / p99 ms | 1M ÷ 10k (p50) | CPU ms/req 10k / 1M |")
    print("|---|---|---|---|---|")
    for read in reads:
        cells = []
        for name in DATABASES:
            s = latencies[(read.name, name)]
            cells.append(f"{statistics.median(s):.1f} / {_pct(s, 0.95):.1f} / {_pct(s, 0.99):.1f}")
        ratio = statistics.median(latencies[(read.name, "1M")]) / statistics.median(latencies[(read.name, "10k")])
        per_request = [cpu[(read.name, n)] * 1000 / len(latencies[(read.name, n)]) for n in DATABASES]
        mark = "" if ratio <= 1.5 else " ✗"
        print(f"| {read.name} | {cells[0]} | {cells[1]} | {ratio:.2f}{mark} | "
              f"{per_request[0]:.1f} / {per_request[1]:.1f} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=4)
    parser.add_argument("--requests", type=int, default=25, help="requests per read, database and round")
    parser.add_argument("--only", help="only the reads whose name contains this")
    args = parser.parse_args()
    run(args.rounds, args.requests, args.only)


if __name__ == "__main__":
    main()
