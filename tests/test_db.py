"""Database configuration: PostgreSQL plans every statement for its own values."""

from __future__ import annotations

from pathlib import Path

import pytest
from tortoise import Tortoise, connections

from colab.db import migrate, tortoise_config
from tests.fresh_database import fresh_database


def test_postgres_connections_plan_each_statement_for_its_values() -> None:
    config = tortoise_config("postgresql://colab@db.example:5432/colab")
    credentials = config["connections"]["default"]["credentials"]
    assert credentials["server_settings"] == {"plan_cache_mode": "force_custom_plan"}
    assert (credentials["host"], credentials["database"]) == ("db.example", "colab")


@pytest.mark.postgres
async def test_the_lab_connection_runs_with_custom_plans(tmp_path: Path) -> None:
    async with fresh_database(tmp_path) as url:
        await migrate(url)
        await Tortoise.init(config=tortoise_config(url))
        try:
            rows = await connections.get("default").execute_query_dict("SHOW plan_cache_mode")
        finally:
            await Tortoise.close_connections()
    assert rows == [{"plan_cache_mode": "force_custom_plan"}]


def test_postgres_pool_connections_are_not_reset_on_every_release() -> None:
    from colab.pg_connection import PooledConnection

    credentials = tortoise_config("postgresql://colab@db.example:5432/colab")["connections"]["default"]["credentials"]
    assert credentials["connection_class"] is PooledConnection


@pytest.mark.postgres
async def test_a_released_connection_is_not_sent_the_reset_query(tmp_path: Path) -> None:
    """Tortoise takes a pooled connection per statement; asyncpg's pool would then send RESET ALL and three more
    commands, one round trip, on every release (colab/pg_connection.py)."""
    async with fresh_database(tmp_path) as url:
        await migrate(url)
        await Tortoise.init(config=tortoise_config(url + "?minsize=1&maxsize=1"))
        try:
            client = connections.get("default")
            await client.execute_query("SELECT set_config('application_name', 'colab-lean', false)")
            rows = await client.execute_query_dict("SHOW application_name")  # the same, only connection
        finally:
            await Tortoise.close_connections()
    assert rows == [{"application_name": "colab-lean"}]  # RESET ALL would have brought back the default
