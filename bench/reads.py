"""Benchmark: the public GraphQL reads against their floor (bench/floor_app.py), same run, same data.

Seeds one SQLite and one PostgreSQL database (10,000 challenges, 10,000 ideas of which ~60 % admitted, each
admitted idea a project, 60 organizations), serves the lab (uvicorn, ENVIRONMENT=production, the cost limit
out of the way) uncached (READ_CACHE=false) and/or cached (READ_CACHE=true), and the floor, and runs
`wrk --latency` on each read, rounds interleaved (lab uncached, floor, lab cached, then the next read; the
next round starts again) so the machine's noise falls on all alike. Before measuring it checks that the
lab and the floor answer the same JSON for every read. Reports medians over the rounds: requests/s, p50,
p99, lab ÷ floor throughput, and the SERVER CPU per request: the CPU time of the server's process tree
(uvicorn and its workers) plus, on PostgreSQL, the backends serving the bench database, read from /proc
before and after each run, divided by the requests wrk made.

    .venv/bin/python bench/reads.py                                  # both databases, every read, both modes
    .venv/bin/python bench/reads.py --backend sqlite --reads challenges,ideas --rounds 5 --seconds 5
    .venv/bin/python bench/reads.py --uncached                       # must-show 1 (lean reads)
    .venv/bin/python bench/reads.py --cached                         # must-show 2 (cached ≥ floor)
    .venv/bin/python bench/reads.py --p99                            # must-show 3: 2 workers, -c50, list
    .venv/bin/python bench/reads.py --p99 --think 500                # 50 people, each reading 0.5 s
    .venv/bin/python bench/reads.py --prefix colab_lean --redis redis://127.0.0.1:6379/6   # on another branch

Databases: PostgreSQL `<prefix>_bench` on 127.0.0.1:5432 (user postgres), SQLite var/<prefix>_bench.sqlite3;
seeded once (--reseed to start over). Several workers share the cache and the limits through --redis.
Needs `wrk` (Debian package `wrk`). Prints a Markdown table for bench/RESULTS.md; per-round figures on stderr.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench.floor_app import QUERIES  # noqa: E402

PY = sys.executable
READS = tuple(QUERIES)
TICK = os.sysconf("SC_CLK_TCK")
BASE_URL = "http://127.0.0.1:8000"


# ---------------------------------------------------------------- CPU of processes, from /proc


def _stat(pid: int) -> tuple[int, float] | None:
    """(parent pid, CPU seconds user+system) of a live process, None if it is gone."""
    try:
        raw = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = raw[raw.rindex(")") + 2 :].split()
    return int(fields[1]), (int(fields[11]) + int(fields[12])) / TICK


def _all_stats() -> dict[int, tuple[int, float]]:
    stats = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit() and (s := _stat(int(entry))) is not None:
            stats[int(entry)] = s
    return stats


def _tree(root: int, stats: dict[int, tuple[int, float]]) -> set[int]:
    """The root and all its descendants."""
    found, frontier = {root}, [root]
    while frontier:
        parent = frontier.pop()
        for pid, (ppid, _) in stats.items():
            if ppid == parent and pid not in found:
                found.add(pid)
                frontier.append(pid)
    return found


def _backends(database: str) -> set[int]:
    """PostgreSQL backends connected to `database` ("postgres: 15/main: postgres <db> 127.0.0.1(…) idle")."""
    pids = set()
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            cmdline = Path(f"/proc/{entry}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        if re.match(rf"postgres: (\S+: )?postgres {re.escape(database)} ", cmdline):
            pids.add(int(entry))
    return pids


@dataclass
class CpuProbe:
    """CPU seconds of a server's process tree and of the database's backends, between two snapshots."""

    root: int
    database: str | None
    before: dict[int, float] = field(default_factory=dict)

    def _snapshot(self) -> dict[int, float]:
        stats = _all_stats()
        pids = _tree(self.root, stats) | (_backends(self.database) if self.database else set())
        return {pid: stats[pid][1] for pid in pids if pid in stats}

    def start(self) -> None:
        self.before = self._snapshot()

    def stop(self) -> tuple[float, float]:
        """(app seconds, database seconds) since start; a backend born meanwhile counts from zero."""
        after = self._snapshot()
        backends = _backends(self.database) if self.database else set()
        app = db = 0.0
        for pid, cpu in after.items():
            spent = cpu - self.before.get(pid, 0.0)
            if pid in backends:
                db += spent
            else:
                app += spent
        return app, db


# ---------------------------------------------------------------- servers and wrk


def _post(url: str, body: bytes) -> httpx.Response:
    return httpx.post(url, content=body, headers={"content-type": "application/json"}, timeout=30)


def _free_port() -> int:
    """A port nobody listens on now (several people may run this bench on one machine at once)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _wait(url: str, body: bytes, proc: subprocess.Popen[bytes]) -> None:
    for _ in range(150):
        if proc.poll() is not None:  # it could not start (a port taken meanwhile, a bad setting): not ours
            raise RuntimeError(f"the server for {url} exited with {proc.returncode}")
        try:
            if _post(url, body).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"{url} did not come up")


@dataclass
class Run:
    rps: float
    p50: float
    p99: float
    requests: int
    app_cpu_ms: float  # per request
    db_cpu_ms: float


def _wrk(url: str, body: bytes, seconds: int, connections: int, threads: int, probe: CpuProbe, think: int) -> Run:
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(
            'wrk.method = "POST"\nwrk.headers["Content-Type"] = "application/json"\n'
            f"wrk.body = {json.dumps(body.decode())}\n"
        )
        if think:  # each connection waits this long before its next request (a person reading the page)
            script.write(f"function delay() return {think} end\n")
    probe.start()
    out = subprocess.run(
        [
            "wrk",
            f"-t{threads}",
            f"-c{connections}",
            f"-d{seconds}s",
            "--timeout",
            "30s",
            "--latency",
            "-s",
            script.name,
            url,
        ],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    app, db = probe.stop()
    os.unlink(script.name)

    def ms(label: str) -> float:
        value, unit = re.search(rf"^\s+{label}\s+([\d.]+)(us|ms|s)\s*$", out, re.M).groups()  # type: ignore[union-attr]
        return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]

    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    if "Non-2xx" in out or (errors and any(int(n) for n in errors.groups())):
        raise RuntimeError(out)  # a refusal, an error or a request over 30 s: the figures would mean nothing
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    requests = int(re.search(r"(\d+) requests in", out).group(1))  # type: ignore[union-attr]
    return Run(rps, ms("50%"), ms("99%"), requests, 1000 * app / requests, 1000 * db / requests)


@contextmanager
def _serve(args: list[str], env: dict[str, str]) -> Iterator[subprocess.Popen[bytes]]:
    log = tempfile.NamedTemporaryFile("w+b", prefix="bench-reads-", suffix=".log", delete=False)  # noqa: SIM115
    proc = subprocess.Popen(args, cwd=ROOT, env={**os.environ, **env}, stdout=log, stderr=subprocess.STDOUT)
    try:
        yield proc
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()
        os.unlink(log.name)


def _lab(url: str, port: int, workers: int, cached: bool, redis: str) -> list[Any]:
    env = {
        "DATABASE_URL": url,
        "ENVIRONMENT": "production",
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(32),
        "BASE_URL": BASE_URL,
        # the benchmark is one client asking as fast as it can: the per-IP rate limit would answer 429
        "GRAPHQL_COST_LIMIT": "1000000000 per minute",
        "READ_CACHE": "true" if cached else "false",
        "REDIS_URL": redis if workers > 1 else "",
    }
    # what `colab serve --workers N` runs (uvicorn.run of the factory), without the access log, like the floor
    command = [PY, "-m", "uvicorn", "web.app:create_app", "--factory", "--port", str(port), "--workers", str(workers)]
    return [command + ["--log-level", "warning", "--no-access-log"], env]


def _floor(url: str, port: int, workers: int) -> list[Any]:
    command = [PY, "-m", "uvicorn", "bench.floor_app:app", "--port", str(port), "--workers", str(workers)]
    command += ["--log-level", "warning", "--no-access-log"]
    return [command, {"BENCH_DATABASE_URL": url, "BASE_URL": BASE_URL}]


# ---------------------------------------------------------------- the run


def _prepare(backend: str, url: str, database: str, args: argparse.Namespace) -> None:
    if backend == "postgres":
        psql = ["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", "postgres", "-qAtc"]
        exists = subprocess.run(
            [*psql, f"SELECT 1 FROM pg_database WHERE datname = '{database}'"], check=True, capture_output=True
        ).stdout.strip()
        if args.reseed and exists:
            subprocess.run([*psql, f"DROP DATABASE {database}"], check=True)
        if args.reseed or not exists:
            subprocess.run([*psql, f"CREATE DATABASE {database}"], check=True)
    elif args.reseed:
        for suffix in ("", "-wal", "-shm"):
            Path(url[len("sqlite://") :] + suffix).unlink(missing_ok=True)
    seed = [PY, "bench/seed_challenges.py", "--database-url", url, "--count", str(args.count)]
    subprocess.run([*seed, "--ideas", str(args.ideas)], cwd=ROOT, check=True, stdout=sys.stderr)


def _bodies(lab_url: str) -> dict[str, bytes]:
    first = _post(lab_url, json.dumps({"query": "{ challenges(first: 1) { edges { node { id } } } }"}).encode())
    node_id = first.json()["data"]["challenges"]["edges"][0]["node"]["id"]
    return {
        read: json.dumps({"query": query, **({"variables": {"id": node_id}} if read == "node" else {})}).encode()
        for read, query in QUERIES.items()
    }


def _check(read: str, lab_url: str, floor_url: str, body: bytes, cached: bool) -> str:
    """The lab and the floor answer the same JSON (else the comparison means nothing); 'hit' or 'miss'."""
    lab = _post(lab_url, body)
    floor = _post(floor_url, body)
    if lab.json() != floor.json():
        raise SystemExit(f"{read}: the lab and the floor differ\nlab:   {lab.text[:2000]}\nfloor: {floor.text[:2000]}")
    if lab.json()["data"][read if read != "node" else "node"] in (None, {}):
        raise SystemExit(f"{read}: empty answer {lab.text[:300]}")
    again = _post(lab_url, body)
    return again.headers.get("x-colab-cache", "miss") if cached else "-"


def run(backend: str, args: argparse.Namespace) -> list[str]:
    database = f"{args.prefix}_bench"
    url = (
        f"postgres://postgres@127.0.0.1:5432/{database}"
        if backend == "postgres"
        else f"sqlite://{ROOT / 'var' / (database + '.sqlite3')}"
    )
    _prepare(backend, url, database, args)
    modes = {"uncached": [False], "cached": [True], "both": [False, True]}[args.mode]
    pg = database if backend == "postgres" else None
    ports = {cached: _free_port() for cached in modes}
    labs = {cached: _lab(url, ports[cached], args.workers, cached, args.redis) for cached in modes}
    floor_port = _free_port()
    floor_cmd, floor_env = _floor(url, floor_port, args.workers)
    floor_url = f"http://127.0.0.1:{floor_port}/floor"
    results: dict[tuple[str, str], list[Run]] = {}
    with _serve(floor_cmd, floor_env) as floor_proc:
        servers = [_serve(*labs[cached]) for cached in modes]
        procs = [s.__enter__() for s in servers]
        try:
            lab_urls = {cached: f"http://127.0.0.1:{ports[cached]}/graphql" for cached in modes}
            for cached, proc in zip(modes, procs, strict=True):
                _wait(lab_urls[cached], json.dumps({"query": "{ __typename }"}).encode(), proc)
            _wait(f"{floor_url}/organizations", b"{}", floor_proc)
            bodies = _bodies(lab_urls[modes[0]])
            hits = {}
            for read in args.reads:
                for cached in modes:
                    hits[(read, cached)] = _check(read, lab_urls[cached], f"{floor_url}/{read}", bodies[read], cached)
            print(f"[{backend}] lab and floor agree on {', '.join(args.reads)}; cache: {hits}", file=sys.stderr)
            lab_procs = dict(zip(modes, procs, strict=True))
            for round_ in range(args.rounds):
                for read in args.reads:
                    order: list[tuple[str, str, int, bool | None]] = []
                    for i, cached in enumerate(modes):
                        order.append(("lab", lab_urls[cached], lab_procs[cached].pid, cached))
                        if i == 0:
                            order.append(("floor", f"{floor_url}/{read}", floor_proc.pid, None))
                    for _who, target, pid, cached in order:
                        label = "floor" if cached is None else ("cached" if cached else "uncached")
                        probe = CpuProbe(pid, pg)
                        result = _wrk(
                            target, bodies[read], args.seconds, args.connections, args.threads, probe, args.think
                        )
                        results.setdefault((read, label), []).append(result)
                        print(
                            f"[{backend} round {round_ + 1}] {read} {label}: {result.rps:.0f} req/s, "
                            f"p50 {result.p50:.1f} ms, p99 {result.p99:.1f} ms, "
                            f"CPU {result.app_cpu_ms:.2f} + {result.db_cpu_ms:.2f} ms/req",
                            file=sys.stderr,
                            flush=True,
                        )
        finally:
            for s in reversed(servers):
                s.__exit__(None, None, None)
    return _rows(backend, args, results, modes, hits)


def _median(runs: list[Run], attr: str) -> float:
    return statistics.median(getattr(r, attr) for r in runs)


def _rows(
    backend: str,
    args: argparse.Namespace,
    results: dict[tuple[str, str], list[Run]],
    modes: list[bool],
    hits: dict[tuple[str, bool], str],
) -> list[str]:
    rows = []
    for read in args.reads:
        floor = results[(read, "floor")]
        floor_rps = _median(floor, "rps")
        for cached in modes:
            label = "cached" if cached else "uncached"
            lab = results[(read, label)]
            ratios = [lab_run.rps / floor_run.rps for lab_run, floor_run in zip(lab, floor, strict=True)]
            shown = f"{label} ({hits[(read, cached)]})" if cached else label
            cpu = f"{_median(lab, 'app_cpu_ms'):.2f}"
            floor_cpu = f"{_median(floor, 'app_cpu_ms'):.2f}"
            if backend == "postgres":
                cpu += f" + {_median(lab, 'db_cpu_ms'):.2f}"
                floor_cpu += f" + {_median(floor, 'db_cpu_ms'):.2f}"
            rows.append(
                f"| {backend} | `{read}` | {shown} | {_median(lab, 'rps'):.0f} | {floor_rps:.0f} | "
                f"{100 * statistics.median(ratios):.0f} % | {_median(lab, 'p50'):.1f} / {_median(lab, 'p99'):.1f} | "
                f"{_median(floor, 'p50'):.1f} / {_median(floor, 'p99'):.1f} | {cpu} | {floor_cpu} |"
            )
    return rows


HEADER = (
    "| database | read | lab | lab req/s | floor req/s | lab ÷ floor | lab p50 / p99 ms | floor p50 / p99 ms "
    "| lab CPU ms/req (app + db) | floor CPU ms/req (app + db) |\n|---|---|---|---|---|---|---|---|---|---|"
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--backend", choices=["sqlite", "postgres", "all"], default="all")
    parser.add_argument("--reads", default=",".join(READS), help=f"comma-separated, among {', '.join(READS)}")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--workers", type=int, default=1, help="uvicorn workers of the lab and of the floor")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--threads", type=int, default=1, help="wrk threads")
    parser.add_argument(
        "--think", type=int, default=0, help="ms each connection waits between requests (0: as fast as it can)"
    )
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--cached", dest="mode", action="store_const", const="cached")
    mode.add_argument("--uncached", dest="mode", action="store_const", const="uncached")
    mode.add_argument("--both", dest="mode", action="store_const", const="both")
    parser.set_defaults(mode="both")
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/5", help="REDIS_URL when --workers > 1")
    parser.add_argument("--p99", action="store_true", help="must-show 3: 2 workers, 50 connections, the challenge list")
    parser.add_argument("--prefix", default="colab_reads", help="database names: <prefix>_bench")
    parser.add_argument("--count", type=int, default=10_000, help="challenges")
    parser.add_argument("--ideas", type=int, default=10_000)
    parser.add_argument("--reseed", action="store_true")
    args = parser.parse_args()
    if args.p99:
        args.workers, args.connections = 2, 50
        if args.reads == ",".join(READS):
            args.reads = "challenges"
    args.reads = [r.strip() for r in args.reads.split(",") if r.strip()]
    if unknown := set(args.reads) - set(READS):
        parser.error(f"unknown reads: {', '.join(sorted(unknown))}")
    if shutil.which("wrk") is None:
        sys.exit("wrk is needed: apt-get install wrk")
    backends = ["sqlite", "postgres"] if args.backend == "all" else [args.backend]
    print(
        f"wrk -t{args.threads} -c{args.connections} -d{args.seconds}s"
        f"{f', {args.think} ms think time' if args.think else ''}, {args.rounds} rounds interleaved, "
        f"{args.workers} worker(s) each, medians; CPU: server process tree (+ PostgreSQL backends)\n"
    )
    print(HEADER, flush=True)
    for backend in backends:
        for row in run(backend, args):
            print(row, flush=True)


if __name__ == "__main__":
    main()
