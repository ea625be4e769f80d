"""Benchmark: what one hostile request costs the running server, and what it does to everyone else.

Against a server you started (`colab serve`, after `colab migrate` and `colab seed-demo`), sends
each costly request while a second client keeps asking a small query, and prints a Markdown
table for bench/RESULTS.md: the costly request's status, error code and time, and the small
query's median and worst latency meanwhile (the baseline is measured alone first).

    .venv/bin/python bench/request_cost.py --url http://127.0.0.1:8101
    .venv/bin/python bench/request_cost.py --url http://127.0.0.1:8101 --only nested-divs
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass

import httpx

SMALL = '{"query": "{ themes { id } }"}'
PASSWORD = "demo-colab-2026"
LOG_IN = "mutation($i: LogInInput!) { logIn(input: $i) { token } }"
PROPOSE = "mutation($i: ProposeIdeaInput!) { proposeIdea(input: $i) { idea { id } errors { code field } } }"


@dataclass
class Attack:
    name: str
    what: str
    build: Callable[[], tuple[bytes, dict[str, str]]]
    parallel: int = 1


_serial = iter(range(1_000_000))


def _json(payload: object) -> tuple[bytes, dict[str, str]]:
    headers = {"content-type": "application/json", "accept": "application/graphql-response+json"}
    return json.dumps(payload).encode(), headers


async def _upload(url: str, content: bytes, headers: dict[str, str]) -> tuple[int, str]:
    """POST as curl does a large body: `Expect: 100-continue`, and the body only once the server asks
    for it; a 413 comes before (httpx would write the body regardless and see the connection reset)."""
    parsed = httpx.URL(url)
    reader, writer = await asyncio.open_connection(parsed.host, parsed.port)
    head = f"POST /graphql HTTP/1.1\r\nhost: {parsed.host}\r\ncontent-length: {len(content)}\r\n"
    head += "expect: 100-continue\r\n"
    head += "".join(f"{name}: {value}\r\n" for name, value in headers.items()) + "\r\n"
    writer.write(head.encode())
    answer = await reader.readuntil(b"\r\n\r\n")
    if answer.startswith(b"HTTP/1.1 100"):
        for start in range(0, len(content), 65536):
            writer.write(content[start : start + 65536])
            await writer.drain()
        answer = await reader.readuntil(b"\r\n\r\n")
    lines = answer.lower().split(b"\r\n")
    length = next((int(line.split(b":")[1]) for line in lines if line.startswith(b"content-length:")), 0)
    body = await reader.readexactly(length)
    writer.close()
    return int(answer.split()[1]), _code(httpx.Response(200, content=body))


def repeated_field() -> tuple[bytes, dict[str, str]]:
    # ~8 KB, under the token (2,000), depth and alias limits: 490 times the same field; named
    # uniquely so that no parse or validation cache answers it
    return _json({"query": f"query Q{next(_serial)} {{ " + "themes { id } " * 490 + "}"})


def big_comment(megabytes: int) -> Callable[[], tuple[bytes, dict[str, str]]]:
    def build() -> tuple[bytes, dict[str, str]]:
        comment = f"{next(_serial)} " + "x" * (megabytes * 1024 * 1024)  # unique: no cache answers it
        return _json({"query": "{ __typename }\n#" + comment})

    return build


def nested_divs(token: str, territory: str, theme: str, depth: int) -> Callable[[], tuple[bytes, dict[str, str]]]:
    def build() -> tuple[bytes, dict[str, str]]:
        body = "<div>" * depth + "texte" + "</div>" * depth  # 11 bytes a level
        variables = {
            "i": {
                "title": "Une idée profonde",
                "summary": "Un résumé assez long pour passer.",
                "body": body,
                "territoryId": territory,
                "themeIds": [theme],
                "needs": ["TEAM"],
            }
        }
        data, headers = _json({"query": PROPOSE, "variables": variables})
        return data, {**headers, "authorization": f"Bearer {token}"}

    return build


async def _small(http: httpx.AsyncClient) -> float:
    started = time.perf_counter()
    response = await http.post("/graphql", content=SMALL, headers={"content-type": "application/json"})
    response.raise_for_status()
    return (time.perf_counter() - started) * 1000


async def baseline(http: httpx.AsyncClient, n: int = 50) -> list[float]:
    return [await _small(http) for _ in range(n)]


def _code(response: httpx.Response) -> str:
    try:
        body = response.json()
    except ValueError:
        return response.text[:40].replace("\n", " ")
    errors = body.get("errors") or []
    data = body.get("data") or {}
    for value in data.values() if isinstance(data, dict) else []:
        if isinstance(value, dict) and value.get("errors"):
            errors = value["errors"]
    if errors:
        first = errors[0]
        return str(first.get("code") or first.get("extensions", {}).get("code") or first.get("message", ""))[:60]
    return "ok"


async def run_attack(url: str, attack: Attack) -> dict[str, object]:
    requests = [attack.build() for _ in range(attack.parallel)]
    latencies: list[float] = []
    done = asyncio.Event()

    async def observer() -> None:
        async with httpx.AsyncClient(base_url=url, timeout=300) as http:
            while not done.is_set():
                latencies.append(await _small(http))
                await asyncio.sleep(0.01)

    async def one(content: bytes, headers: dict[str, str]) -> tuple[int, str, float]:
        if len(content) > 1_000_000:
            started = time.perf_counter()
            status, code = await _upload(url, content, headers)
            return status, code, (time.perf_counter() - started) * 1000
        async with httpx.AsyncClient(base_url=url, timeout=300) as http:
            started = time.perf_counter()
            try:
                response = await http.post("/graphql", content=content, headers=headers)
            except httpx.HTTPError as error:  # the server may cut an oversized upload short
                return 0, type(error).__name__, (time.perf_counter() - started) * 1000
            return response.status_code, _code(response), (time.perf_counter() - started) * 1000

    watching = asyncio.create_task(observer())
    await asyncio.sleep(0.1)
    results = await asyncio.gather(*(one(content, headers) for content, headers in requests))
    done.set()
    await watching
    status, code, _ = results[0]
    return {
        "name": attack.name,
        "what": attack.what,
        "status": status,
        "code": code,
        "ms": max(r[2] for r in results),
        "p50": statistics.median(latencies) if latencies else float("nan"),
        "max": max(latencies) if latencies else float("nan"),
    }


async def _login(url: str) -> tuple[str, str, str]:
    async with httpx.AsyncClient(base_url=url, timeout=60) as http:
        variables = {"i": {"email": "citoyen@colab.example", "password": PASSWORD}}
        token = (await http.post("/graphql", json={"query": LOG_IN, "variables": variables})).json()
        reference = (await http.post("/graphql", json={"query": "{ territories { id } themes { id } }"})).json()
    data = reference["data"]
    return token["data"]["logIn"]["token"], data["territories"][0]["id"], data["themes"][0]["id"]


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--url", default="http://127.0.0.1:8101")
    parser.add_argument("--only", action="append", help="run only these attacks (by name)")
    args = parser.parse_args()
    token, territory, theme = await _login(args.url)
    attacks = [
        Attack("repeated-field", "8 KB query, `themes { id }` × 490", repeated_field),
        Attack("repeated-field-x4", "the same, 4 at once", repeated_field, parallel=4),
        Attack("body-10mb", "10 MB body (tiny query + a comment)", big_comment(10)),
        Attack("body-100mb", "100 MB body", big_comment(100)),
        Attack(
            "nested-divs",
            "idea body of 40,000 nested `<div>` (440 KB)",
            nested_divs(token, territory, theme, 40_000),
        ),
        Attack(
            "nested-divs-15k",
            "idea body of 15,000 nested `<div>` (165 KB)",
            nested_divs(token, territory, theme, 15_000),
        ),
    ]
    async with httpx.AsyncClient(base_url=args.url, timeout=60) as http:
        alone = await baseline(http)
    print(f"small query alone: p50 {statistics.median(alone):.1f} ms, max {max(alone):.1f} ms\n")
    print("| request | status | answer | time ms | others' p50 ms | others' max ms |")
    print("|---|---|---|---|---|---|")
    for attack in attacks:
        if args.only and attack.name not in args.only:
            continue
        row = await run_attack(args.url, attack)
        print(
            f"| {row['what']} | {row['status']} | `{row['code']}` | {row['ms']:.0f} "
            f"| {row['p50']:.1f} | {row['max']:.1f} |",
            flush=True,
        )


if __name__ == "__main__":
    asyncio.run(main())
