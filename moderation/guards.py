"""Database triggers that make the moderation log append-only, whatever code or person writes SQL."""

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
