"""Benchmark: the public challenge-list query (20 items with organization, territory, themes)
against a lab seeded with 10,000 challenges, beside the bare-Starlette floor (bench/floor_app.py).

Needs `wrk` (Debian package `wrk`). Runs each server as ONE uvicorn process on loopback, then
`wrk -t1 -c8 -d10s --latency` against it; prints a Markdown table for bench/RESULTS.md.

    .venv/bin/python bench/challenge_list.py                 # SQLite and PostgreSQL
    .venv/bin/python bench/challenge_list.py --backend sqlite
"""

from __future__ import annotations

import argparse
import json
import os
import re
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
QUERY = """query BenchChallengeList {
  challenges(first: 20) {
    totalCount
    edges { node {
      id title summary ideasOpenUntil needs
      organization { id name }
      territory { id name }
      themes { id name }
    } }
  }
}"""
BACKENDS = {
    "sqlite": f"sqlite://{ROOT / 'var' / 'bench.sqlite3'}",
    "postgres": "postgres://postgres@127.0.0.1:5432/colab_bench",
}


def _wait(url: str, body: bytes) -> None:
    for _ in range(100):
        try:
            if httpx.post(url, content=body, headers={"content-type": "application/json"}).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"{url} did not come up")


def _wrk(url: str, body: bytes, seconds: int, connections: int) -> dict[str, float]:
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(
            'wrk.method = "POST"\nwrk.headers["Content-Type"] = "application/json"\n'
            f"wrk.body = {json.dumps(body.decode())}\n"
        )
    out = subprocess.run(
        ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--latency", "-s", script.name, url],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    os.unlink(script.name)

    def ms(label: str) -> float:
        value, unit = re.search(rf"^\s+{label}\s+([\d.]+)(us|ms|s)\s*$", out, re.M).groups()  # type: ignore[union-attr]
        return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]

    if "Non-2xx" in out:
        raise RuntimeError(out)
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    return {"rps": rps, "p50": ms("50%"), "p99": ms("99%")}


def _serve(args: list[str], env: dict[str, str]) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        args, cwd=ROOT, env={**os.environ, **env}, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )


def run(backend: str, count: int, seconds: int, connections: int) -> list[str]:
    url = BACKENDS[backend]
    if backend == "postgres":
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
                "DROP DATABASE IF EXISTS colab_bench",
                "-c",
                "CREATE DATABASE colab_bench",
            ],
            check=True,
        )
    else:
        for suffix in ("", "-wal", "-shm"):
            Path(url[len("sqlite://") :] + suffix).unlink(missing_ok=True)
    subprocess.run([PY, "bench/seed_challenges.py", "--database-url", url, "--count", str(count)], cwd=ROOT, check=True)
    graphql_body = json.dumps({"query": QUERY}).encode()
    rows = []
    lab = _serve(
        [
            PY,
            "-m",
            "uvicorn",
            "web.app:create_app",
            "--factory",
            "--port",
            "8101",
            "--log-level",
            "warning",
            "--no-access-log",
        ],
        {
            "DATABASE_URL": url,
            "ENVIRONMENT": "production",
            "DEBUG": "false",
            "SECRET_KEY": secrets.token_urlsafe(32),
            # the benchmark is one client asking as fast as it can: the per-IP rate limit would answer 429
            "GRAPHQL_COST_LIMIT": "1000000000 per minute",
        },
    )
    floor = _serve(
        [PY, "-m", "uvicorn", "bench.floor_app:app", "--port", "8102", "--log-level", "warning", "--no-access-log"],
        {"BENCH_DATABASE_URL": url},
    )
    try:
        _wait("http://127.0.0.1:8101/graphql", graphql_body)
        _wait("http://127.0.0.1:8102/floor", b"{}")
        answer = httpx.post("http://127.0.0.1:8101/graphql", json={"query": QUERY}).json()
        assert len(answer["data"]["challenges"]["edges"]) == 20, answer
        lab_stats = _wrk("http://127.0.0.1:8101/graphql", graphql_body, seconds, connections)
        floor_stats = _wrk("http://127.0.0.1:8102/floor", b"{}", seconds, connections)
    finally:
        lab.terminate()
        floor.terminate()
        lab.wait()
        floor.wait()
    ratio = floor_stats["rps"] / lab_stats["rps"]
    for name, s in (("GraphQL `challenges(first: 20)`", lab_stats), ("floor: bare Starlette + 1 SQL", floor_stats)):
        rows.append(f"| {backend} | {name} | {s['rps']:.0f} | {s['p50']:.1f} | {s['p99']:.1f} |")
    rows.append(f"| {backend} | floor / GraphQL throughput ratio | {ratio:.1f}× | | |")
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--backend", choices=[*BACKENDS, "all"], default="all")
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=8)
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        sys.exit("wrk is needed: apt-get install wrk")
    backends = list(BACKENDS) if args.backend == "all" else [args.backend]
    print("| database | endpoint | requests/s | p50 ms | p99 ms |\n|---|---|---|---|---|")
    for backend in backends:
        for row in run(backend, args.count, args.seconds, args.connections):
            print(row, flush=True)


if __name__ == "__main__":
    main()
