"""The per-test database, built once per session and copied for every test (each test starts from the same
state and sees nothing of another's).

Building the schema, the 261 communes and the guards cost about three times a test's body; creating or
cloning a PostgreSQL database (`CREATE DATABASE ... TEMPLATE`) and dropping it costs more still on a busy
disk (0.3 to 1 s a test, measured), as does per-test DDL. So:

- SQLite: the template is a file; each test gets a new in-memory database filled from it with SQLite's
  online backup API (a page copy, well under a millisecond).
- PostgreSQL: one database per session holds the template's tables, and a copy of the rows the template
  starts with (the reference data) in the `colab_reference` schema. Before each test one batch, without DDL,
  empties every table, copies the reference rows back and resets the sequences (triggers, the append-only
  guard included, are off for that batch only). After each test the schema's fingerprint is compared with the
  template's: a test that changed the schema itself (DDL) makes the next test rebuild it first.
"""

from __future__ import annotations

import asyncio
import sqlite3
import uuid
import warnings
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import aiosqlite
from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.backends.base.config_generator import generate_config
from tortoise.context import TortoiseContext
from tortoise.warnings import TortoiseLoopSwitchWarning

from colab.db import MODEL_MODULES
from colab.search import install_indexes
from colab.territories.service import load_reference_data
from moderation.guards import install_guards

REFERENCE_SCHEMA = "colab_reference"


@asynccontextmanager
async def tortoise_on(url: str) -> AsyncIterator[BaseDBAsyncClient]:
    """An isolated Tortoise context on an existing database (as `tortoise_test_context`, without its DDL)."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", category=TortoiseLoopSwitchWarning)
        context = TortoiseContext()
        async with context:
            config = generate_config(url, app_modules={"models": MODEL_MODULES}, testing=True)
            await context.init(config=config, use_tz=True, timezone="UTC")
            client = context.connections.get("default")
            try:
                yield client
            finally:
                await client.close()


async def _build(url: str) -> None:
    """The schema from the models, the reference data and the guards, as the migrations leave a database."""
    async with tortoise_on(url) as client:
        await client.execute_script(client.schema_generator(client).get_create_schema_sql(safe=False))
        await load_reference_data()
        await install_guards(client)
        await install_indexes(client)


class SqliteTemplate:
    def __init__(self, folder: Path) -> None:
        self.path = folder / "template.sqlite3"
        asyncio.run(_build(f"sqlite://{self.path}"))

    @asynccontextmanager
    async def database(self) -> AsyncIterator[None]:
        async with tortoise_on("sqlite://:memory:") as client:
            async with client.acquire_connection() as target:
                source = await aiosqlite.connect(self.path)
                try:
                    await source.backup(target)
                finally:
                    await source.close()
            yield

    def copy_for_app(self, folder: Path) -> str:
        """The URL of a file database in the template's state, for an app that opens its own connections."""
        target = folder / "colab.sqlite3"
        source, copy = sqlite3.connect(self.path), sqlite3.connect(target)
        try:
            source.backup(copy)
        finally:
            source.close()
            copy.close()
        return f"sqlite://{target}"


_FINGERPRINT = """
SELECT md5(coalesce(string_agg(item, E'\\n' ORDER BY item), '')) AS fingerprint FROM (
  SELECT 'rel ' || relname || ' ' || relkind::text AS item FROM pg_class WHERE relnamespace = 'public'::regnamespace
  UNION ALL
  SELECT 'col ' || c.relname || '.' || a.attname || ' ' || format_type(a.atttypid, a.atttypmod) || ' '
         || a.attnotnull || ' ' || coalesce(pg_get_expr(d.adbin, d.adrelid), '')
    FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
    LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
   WHERE c.relnamespace = 'public'::regnamespace AND a.attnum > 0 AND NOT a.attisdropped
  UNION ALL
  SELECT 'idx ' || indexdef FROM pg_indexes WHERE schemaname = 'public'
  UNION ALL
  SELECT 'con ' || conname || ' ' || pg_get_constraintdef(oid) FROM pg_constraint
   WHERE connamespace = 'public'::regnamespace
  UNION ALL
  SELECT 'trg ' || t.tgname || ' ' || t.tgenabled::text || ' ' || pg_get_triggerdef(t.oid) FROM pg_trigger t
    JOIN pg_class c ON c.oid = t.tgrelid WHERE c.relnamespace = 'public'::regnamespace AND NOT t.tgisinternal
  UNION ALL
  SELECT 'fn ' || proname || ' ' || md5(prosrc) FROM pg_proc WHERE pronamespace = 'public'::regnamespace
) AS items
"""


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


class PostgresTemplate:
    def __init__(self, server_url: str) -> None:
        """`server_url`: any database of the server (the session's own is created beside it)."""
        base = server_url.rpartition("/")[0]
        self.name = f"colab_session_{uuid.uuid4().hex[:12]}"
        self.url = f"{base}/{self.name}"
        self._admin_url = server_url.replace("postgres://", "postgresql://", 1)
        self.reset_sql = ""
        self.fingerprint = ""
        self.dirty = False
        asyncio.run(self._create())

    async def _admin(self, statement: str) -> None:
        import asyncpg

        admin = await asyncpg.connect(self._admin_url)
        try:
            await admin.execute(statement)
        finally:
            await admin.close()

    async def _create(self) -> None:
        await self._admin(f"CREATE DATABASE {_quoted(self.name)}")
        await self._prepare()

    async def _prepare(self) -> None:
        """(Re)build the schema and record its reference rows, sequences and fingerprint."""
        async with tortoise_on(self.url) as client:
            await client.execute_script(
                f"DROP SCHEMA IF EXISTS public CASCADE; DROP SCHEMA IF EXISTS {REFERENCE_SCHEMA} CASCADE;"
                f" CREATE SCHEMA public; CREATE SCHEMA {REFERENCE_SCHEMA}"
            )
        await _build(self.url)
        async with tortoise_on(self.url) as client:
            self.reset_sql = await self._record(client)
            self.fingerprint = await self._fingerprint(client)
        self.dirty = False

    async def _record(self, client: BaseDBAsyncClient) -> str:
        """Keep the template's rows aside; return the batch that brings every table back to them."""
        tables = [
            row["tablename"]
            for row in await client.execute_query_dict(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
            )
        ]
        statements = ["BEGIN", "SET LOCAL session_replication_role = replica"]
        statements += [f"DELETE FROM public.{_quoted(t)}" for t in tables]
        for table in tables:
            rows = await client.execute_query_dict(f"SELECT count(*) AS n FROM public.{_quoted(table)}")
            if rows[0]["n"]:
                kept = f"{REFERENCE_SCHEMA}.{_quoted(table)}"
                await client.execute_script(f"CREATE TABLE {kept} AS TABLE public.{_quoted(table)}")
                statements.append(f"INSERT INTO public.{_quoted(table)} SELECT * FROM {kept}")
        for row in await client.execute_query_dict(
            "SELECT sequencename, last_value FROM pg_sequences WHERE schemaname = 'public'"
        ):
            sequence = f"public.{_quoted(row['sequencename'])}"
            if row["last_value"] is None:
                statements.append(f"SELECT setval('{sequence}', 1, false)")
            else:
                statements.append(f"SELECT setval('{sequence}', {int(row['last_value'])}, true)")
        statements.append("COMMIT")
        return ";\n".join(statements)

    @staticmethod
    async def _fingerprint(client: BaseDBAsyncClient) -> str:
        rows = await client.execute_query_dict(_FINGERPRINT)
        return str(rows[0]["fingerprint"])

    @asynccontextmanager
    async def database(self) -> AsyncIterator[None]:
        if self.dirty:
            await self._prepare()
        async with tortoise_on(self.url) as client:
            await client.execute_script(self.reset_sql)
            try:
                yield
            finally:
                try:
                    self.dirty = await self._fingerprint(client) != self.fingerprint
                except Exception:
                    self.dirty = True
                    raise

    def copy_for_app(self, folder: Path) -> str:
        """The run's database, brought back to the template's state, for an app that opens its own connections."""

        async def reset() -> None:
            if self.dirty:
                await self._prepare()
            async with tortoise_on(self.url) as client:
                await client.execute_script(self.reset_sql)

        asyncio.run(reset())
        return self.url

    def drop(self) -> None:
        asyncio.run(self._admin(f"DROP DATABASE IF EXISTS {_quoted(self.name)} WITH (FORCE)"))
