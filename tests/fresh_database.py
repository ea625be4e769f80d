"""A fresh, empty database for tests that run real migrations (a temp SQLite file, or a new PostgreSQL database)."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from tests.conftest import DATABASE_URL, ON_POSTGRES


async def _admin_execute(statement: str) -> None:
    import asyncpg

    admin = await asyncpg.connect(DATABASE_URL.replace("postgres://", "postgresql://", 1))
    try:
        await admin.execute(statement)
    finally:
        await admin.close()


async def create_database(tmp_path: Path) -> str:
    if not ON_POSTGRES:
        return f"sqlite://{tmp_path / 'colab.sqlite3'}"
    name = f"colab_fresh_{uuid.uuid4().hex[:12]}"
    await _admin_execute(f'CREATE DATABASE "{name}"')
    return f"{DATABASE_URL.rpartition('/')[0]}/{name}"


async def drop_database(url: str) -> None:
    if ON_POSTGRES:
        await _admin_execute(f'DROP DATABASE IF EXISTS "{url.rpartition("/")[2]}" WITH (FORCE)')


@asynccontextmanager
async def fresh_database(tmp_path: Path) -> AsyncIterator[str]:
    url = await create_database(tmp_path)
    try:
        yield url
    finally:
        await drop_database(url)
