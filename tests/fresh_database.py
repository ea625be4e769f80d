"""A fresh, empty database for tests that run real migrations (a temp SQLite file, or a new PostgreSQL database)."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from tests.conftest import DATABASE_URL, ON_POSTGRES


@asynccontextmanager
async def fresh_database(tmp_path: Path) -> AsyncIterator[str]:
    if not ON_POSTGRES:
        yield f"sqlite://{tmp_path / 'colab.sqlite3'}"
        return
    import asyncpg

    base = DATABASE_URL.rpartition("/")[0]
    name = f"colab_fresh_{uuid.uuid4().hex[:12]}"
    admin = await asyncpg.connect(DATABASE_URL.replace("postgres://", "postgresql://", 1))
    try:
        await admin.execute(f'CREATE DATABASE "{name}"')
        try:
            yield f"{base}/{name}"
        finally:
            await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await admin.close()
