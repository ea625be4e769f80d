"""The per-test database (tests/databases.py): every test starts from the template, whatever the last one did."""

from __future__ import annotations

import pytest
from tortoise import connections

from colab.accounts.models import User
from colab.territories.models import Territory, Theme
from tests.conftest import make_user
from tests.databases import PostgresTemplate, SqliteTemplate
from tests.ideas.factories import submitted_idea

Template = SqliteTemplate | PostgresTemplate


async def test_a_database_sees_nothing_of_the_previous_one(database_template: Template) -> None:
    async with database_template.database():
        first = await make_user()
        await Theme.create(slug="en-trop", name="En trop", position=99)
        await Territory.filter(nis_code="92094").update(name="Namur changée")
    async with database_template.database():
        assert await User.all().count() == 0
        assert await Theme.filter(slug="en-trop").count() == 0 and await Theme.all().count() == 14
        assert (await Territory.get(nis_code="92094")).name == "Namur"
        assert await Territory.all().count() == 267
        assert (await make_user()).id == first.id  # the sequences start again too


async def test_the_database_guards_hold_in_every_copy(database_template: Template) -> None:
    for _ in range(2):
        async with database_template.database():
            await submitted_idea()  # its submission is logged
            with pytest.raises(Exception, match="append-only"):  # each driver has its own class
                await connections.get("default").execute_script("DELETE FROM moderation_log")


@pytest.mark.postgres
async def test_a_schema_changed_by_a_test_is_rebuilt_for_the_next(database_template: PostgresTemplate) -> None:
    index = "review_item_one_lease_per_moderator"
    async with database_template.database():
        await connections.get("default").execute_script(f"DROP INDEX {index}")
    assert database_template.dirty
    async with database_template.database():
        rows = await connections.get("default").execute_query_dict(
            "SELECT count(*) AS n FROM pg_indexes WHERE indexname = $1", [index]
        )
        assert rows[0]["n"] == 1
    assert not database_template.dirty
