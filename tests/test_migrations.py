"""Migrations: committed ones match the models, and applying them builds the reference data, idempotently."""

from pathlib import Path

from tortoise import Tortoise

from colab.db import migrate, pending_model_changes, tortoise_config
from colab.territories.models import Territory, TerritoryLevel, Theme
from tests.fresh_database import fresh_database


async def test_committed_migrations_match_the_models() -> None:
    assert await pending_model_changes() == [], "models changed: run `colab makemigrations`"


async def _counts(url: str) -> dict[str, int]:
    await Tortoise.init(config=tortoise_config(url))
    try:
        return {
            "region": await Territory.filter(level=TerritoryLevel.REGION).count(),
            "provinces": await Territory.filter(level=TerritoryLevel.PROVINCE).count(),
            "communes": await Territory.filter(level=TerritoryLevel.COMMUNE).count(),
            "themes": await Theme.all().count(),
        }
    finally:
        await Tortoise.close_connections()


async def test_migrating_a_fresh_database_twice_loads_the_reference_data_once(tmp_path: Path) -> None:
    async with fresh_database(tmp_path) as url:
        await migrate(url)
        first = await _counts(url)
        await migrate(url)
        assert first == {"region": 1, "provinces": 5, "communes": 261, "themes": 14}
        assert await _counts(url) == first
