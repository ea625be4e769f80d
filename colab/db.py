"""Tortoise configuration (SQLite by default, PostgreSQL by DATABASE_URL) and migrations."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tortoise.backends.base.client import BaseDBAsyncClient

MODEL_MODULES = [
    "colab.accounts.models",
    "colab.organizations.models",
    "colab.territories.models",
    "colab.challenges.models",
    "colab.ideas.models",
    "colab.projects.models",
    "colab.funding.models",
    "colab.funding.fund_models",
    "colab.payments.models",
    "colab.notifications.models",
    "colab.partnership.models",
    "moderation.models",
    "colab.events.models",
    "colab.mail.models",
    "colab.readcache.models",
    "colab.acting.models",
    "colab.teams.models",
    "colab.advice.models",
]
MIGRATIONS_MODULE = "colab.migrations"
#: primary keys are 32-bit integers: a larger id names nothing (and PostgreSQL's driver refuses it)
MAX_PK = 2**31 - 1


def normalize_url(database_url: str) -> str:
    """Accept the usual `postgresql://` spelling besides Tortoise's `postgres://`."""
    for prefix in ("postgresql+asyncpg://", "postgresql://"):
        if database_url.startswith(prefix):
            return "postgres://" + database_url[len(prefix) :]
    return database_url


def tortoise_config(database_url: str) -> dict[str, Any]:
    from tortoise.backends.base.config_generator import expand_db_url

    url = normalize_url(database_url)
    if url.startswith("sqlite://") and url != "sqlite://:memory:":
        Path(url[len("sqlite://") :]).parent.mkdir(parents=True, exist_ok=True)
    connection: dict[str, Any] | str = url
    if url.startswith("sqlite://"):
        # WAL lets page reads go on while a write commits; transactions take the write lock when they begin
        connection = {
            "engine": "colab.sqlite_engine",
            "credentials": {
                "file_path": url[len("sqlite://") :],
                "journal_mode": "WAL",
                "foreign_keys": "ON",
            },
        }
    elif is_postgres(url):
        connection = expand_db_url(url)
        # every statement planned for its own values: asyncpg prepares each one and PostgreSQL switches a
        # statement run five times to a generic plan, blind to `status = $1` (850,000 rows or 3,000?); at
        # 1,000,000 rows such plans turned a 20 ms search into 5 s (bench/RESULTS.md, "A million rows")
        connection["credentials"].setdefault("server_settings", {})["plan_cache_mode"] = "force_custom_plan"
        from colab.pg_connection import PooledConnection  # asyncpg: the postgres extra

        connection["credentials"]["connection_class"] = PooledConnection
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
    from tortoise.transactions import in_transaction

    from colab.readcache import generation
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
        async with in_transaction():
            await generation.start_epoch()  # a new database: its own range of generations
            await generation.bump()  # cached answers naming territories or themes are computed again
    finally:
        await Tortoise.close_connections()


def __getattr__(name: str) -> Any:
    # `tortoise -c colab.db.TORTOISE_ORM ...` reads the settings only when asked
    if name == "TORTOISE_ORM":
        from colab.config import load_settings

        return tortoise_config(load_settings().database_url)
    raise AttributeError(name)


async def make_migrations(name: str | None = None) -> None:
    """Write a migration for the model changes (Tortoise's own `makemigrations`)."""
    from tortoise.cli.cli import run_cli_async

    argv = ["-c", "colab.db.TORTOISE_ORM", "makemigrations"] + (["--name", name] if name else [])
    await run_cli_async(argv)


async def pending_model_changes() -> list[str]:
    """Names of the migrations `makemigrations` would write now (empty when migrations match the models)."""
    from tortoise.cli.cli import tortoise_cli_context
    from tortoise.migrations.autodetector import MigrationAutodetector

    config = tortoise_config("sqlite://:memory:")
    async with tortoise_cli_context(config) as ctx:
        assert ctx.apps is not None
        writers = await MigrationAutodetector(ctx.apps, config["apps"]).changes()
    return [f"{w.app_label}.{w.name}" for w in writers]


def sql_of(query: Any) -> tuple[str, list[Any]]:
    """The parameterized SQL a Tortoise query (or values query) would run, with its parameters."""
    query._choose_db_if_not_chosen()
    query._make_query()
    sql, params = query.query.get_parameterized_sql()
    return sql, list(params)


def placeholders(connection: BaseDBAsyncClient, count: int) -> list[str]:
    """Parameter markers for raw SQL: `$1, $2...` on PostgreSQL, `?` on SQLite."""
    if connection.capabilities.dialect == "postgres":
        return [f"${n}" for n in range(1, count + 1)]
    return ["?"] * count
