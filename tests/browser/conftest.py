"""A live lab for browser tests: uvicorn in a subprocess on a migrated fresh database, and headless Chromium."""

from __future__ import annotations

import asyncio
import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import httpx
import pytest
from playwright.async_api import Browser, async_playwright

from colab.db import migrate
from tests.conftest import CHROMIUM
from tests.fresh_database import create_database, drop_database

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def live_lab(tmp_path: Path) -> Iterator[str]:
    """Base URL of a lab served by uvicorn, as `make run` serves it, on its own empty database."""
    yield from _serve(tmp_path, "test")


@pytest.fixture
def live_dev_lab(tmp_path: Path) -> Iterator[str]:
    """The same, in the development environment (GraphiQL on /graphql)."""
    yield from _serve(tmp_path, "development")


def _serve(tmp_path: Path, environment: str) -> Iterator[str]:
    url = asyncio.run(create_database(tmp_path))
    asyncio.run(migrate(url))
    port = _free_port()
    env = {**os.environ, "DATABASE_URL": url, "ENVIRONMENT": environment, "DEBUG": "false"}
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "uvicorn",
            "web.app:create_app",
            "--factory",
            "--port",
            str(port),
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                if httpx.get(base + "/").status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.1)
        else:
            raise RuntimeError("the lab did not start")
        os.environ["COLAB_LIVE_DATABASE_URL"] = url
        yield base
    finally:
        server.terminate()
        server.wait(timeout=10)
        os.environ.pop("COLAB_LIVE_DATABASE_URL", None)
        asyncio.run(drop_database(url))


@pytest.fixture
async def browser() -> AsyncIterator[Browser]:
    assert CHROMIUM, "Chromium is required here (apt-get install chromium)"
    async with async_playwright() as playwright:
        launched = await playwright.chromium.launch(executable_path=shutil.which("chromium"), args=CHROMIUM_FLAGS)
        try:
            yield launched
        finally:
            await launched.close()
