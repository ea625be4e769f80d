"""What the database itself enforces on the review queue, whatever code or person writes SQL: the moderation
log is append-only, and a moderator holds at most one pending item."""

from __future__ import annotations

from tortoise.backends.base.client import BaseDBAsyncClient

_SQLITE = [
    """CREATE TRIGGER IF NOT EXISTS moderation_log_no_update BEFORE UPDATE ON moderation_log
       BEGIN SELECT RAISE(ABORT, 'moderation_log is append-only'); END""",
    """CREATE TRIGGER IF NOT EXISTS moderation_log_no_delete BEFORE DELETE ON moderation_log
       BEGIN SELECT RAISE(ABORT, 'moderation_log is append-only'); END""",
]

_POSTGRES = [
    """CREATE OR REPLACE FUNCTION moderation_log_append_only() RETURNS trigger AS $$
       BEGIN RAISE EXCEPTION 'moderation_log is append-only'; END $$ LANGUAGE plpgsql""",
    "DROP TRIGGER IF EXISTS moderation_log_append_only ON moderation_log",
    """CREATE TRIGGER moderation_log_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON moderation_log
       FOR EACH STATEMENT EXECUTE FUNCTION moderation_log_append_only()""",
]


async def install_append_only_log(connection: BaseDBAsyncClient) -> None:
    """Refuse UPDATE and DELETE (and TRUNCATE on PostgreSQL) on the moderation log."""
    statements = _POSTGRES if connection.capabilities.dialect == "postgres" else _SQLITE
    for statement in statements:
        await connection.execute_script(statement)


# a partial unique index (SQLite and PostgreSQL alike): two pending items can never name the same holder,
# even when one moderator's claims race each other
_ONE_LEASE = """CREATE UNIQUE INDEX IF NOT EXISTS review_item_one_lease_per_moderator ON review_item (claimed_by_id)
   WHERE status = 'PENDING' AND claimed_by_id IS NOT NULL"""


async def install_one_lease_per_moderator(connection: BaseDBAsyncClient) -> None:
    await connection.execute_script(_ONE_LEASE)


async def drop_one_lease_per_moderator(connection: BaseDBAsyncClient) -> None:
    await connection.execute_script("DROP INDEX IF EXISTS review_item_one_lease_per_moderator")


async def install_guards(connection: BaseDBAsyncClient) -> None:
    """Every guard, as the migrations leave them (for databases built from the models, in tests)."""
    await install_append_only_log(connection)
    await install_one_lease_per_moderator(connection)
