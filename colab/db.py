"""Tortoise configuration (SQLite by default, PostgreSQL by DATABASE_URL) and migrations."""

from __future__ import annotations

from pathlib import Path
from typing import Any

MODEL_MODULES = [
    "colab.accounts.models",
    "colab.organizations.models",
    "colab.territories.models",
    "colab.challenges.models",
]
MIGRATIONS_MODULE = "colab.migrations"


def normalize_url(database_url: str) -> str:
    """Accept the usual `postgresql://` spelling besides Tortoise's `postgres://`."""
    for prefix in ("postgresql+asyncpg://", "postgresql://"):
        if database_url.startswith(prefix):
            return "postgres://" + database_url[len(prefix) :]
    return database_url


def tortoise_config(database_url: str) -> dict[str, Any]:
    url = normalize_url(database_url)
    if url.startswith("sqlite://") and url != "sqlite://:memory:":
        Path(url[len("sqlite://") :]).parent.mkdir(parents=True, exist_ok=True)
    connection: dict[str, Any] | str = url
    if url.startswith("sqlite://"):
        # WAL lets page reads go on while a write commits
        connection = {
            "engine": "tortoise.backends.sqlite",
            "credentials": {
                "file_path": url[len("sqlite://") :],
                "journal_mode": "WAL",
                "foreign_keys": "ON",
            },
        }
    return {
        "connections": {"default": connection},
        "apps": {
            "models": {
                "models": MODEL_MODULES,
                "default_connection": "default",
                "migrations": MIGRATIONS_MODULE,
            }
        },
        "use_tz": True,
        "timezone": "UTC",
    }


def is_postgres(database_url: str) -> bool:
    return normalize_url(database_url).startswith(("postgres://", "asyncpg://", "psycopg://"))


async def migrate(database_url: str) -> None:
    """Apply every committed migration, then (re)load the reference data."""
    from tortoise import Tortoise
    from tortoise.migrations.api import migrate as apply_migrations

    from colab.territories.service import load_reference_data

    config = tortoise_config(database_url)
    try:
        await apply_migrations(config=config)
    finally:
        await Tortoise.close_connections()
    # a fresh init: the migration run leaves the apps half-built for plain queries
    await Tortoise.init(config=config)
    try:
        await load_reference_data()
    finally:
        await Tortoise.close_connections()
