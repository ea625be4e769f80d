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
