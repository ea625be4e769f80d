"""`colab serve --workers 2`: two uvicorn processes serve the same lab (pages, GraphQL, the in-process worker)."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import sys
from pathlib import Path

import httpx

from colab.config import ROOT
from colab.db import migrate
from tests.fresh_database import fresh_database

QUERY = {"query": "{ territories(level: PROVINCE) { name } }"}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _children(pid: int) -> list[int]:
    found = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    return [int(p) for p in found]


async def _ready(client: httpx.AsyncClient) -> None:
    for _ in range(300):
        try:
            if (await client.get("/")).status_code == 200:
                return
        except httpx.TransportError:
            pass
        await asyncio.sleep(0.1)
    raise AssertionError("the server did not start")


async def test_two_workers_serve_the_same_lab(tmp_path: Path) -> None:
    async with fresh_database(tmp_path) as url:
        await migrate(url)
        port = _free_port()
        env = {**os.environ, "DATABASE_URL": url, "MAIL_BACKEND": "console", "REDIS_URL": ""}
        process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "colab.cli", "serve", "--port", str(port), "--workers", "2",
            cwd=ROOT, env=env, stderr=asyncio.subprocess.PIPE,
        )  # fmt: skip
        try:
            async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}", timeout=10) as client:
                await _ready(client)
                assert len(_children(process.pid)) >= 2  # the two worker processes
                answers = await asyncio.gather(*(client.post("/graphql", json=QUERY) for _ in range(40)))
                assert {r.status_code for r in answers} == {200}
                assert all(len(r.json()["data"]["territories"]) == 5 for r in answers)
                pages = await asyncio.gather(*(client.get("/defis") for _ in range(10)))
                assert {r.status_code for r in pages} == {200}
        finally:
            process.send_signal(signal.SIGTERM)
            _, err = await asyncio.wait_for(process.communicate(), timeout=30)
        assert process.returncode == 0, err.decode()
        assert b"sans REDIS_URL" in err  # the operator is told the processes keep their own limits
