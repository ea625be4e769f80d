"""Tortoise's SQLite engine with write transactions that take the write lock when they begin (BEGIN IMMEDIATE).

Tortoise begins SQLite transactions DEFERRED: one reads first and asks for the write lock at its first write.
When another process (the command line next to the server, or a second server process) commits in between,
SQLite cannot let the stale reader write and answers "database is locked" at once, without waiting: the busy
timeout never applies. Taking the lock at BEGIN makes the second writer wait its turn (busy timeout) instead.
Within one process Tortoise already runs transactions one at a time, so nothing waits more than before.
"""

from __future__ import annotations

import sqlite3
from typing import Any

from tortoise.backends.base.client import NestedTransactionContext, TransactionContext
from tortoise.backends.sqlite.client import SqliteClient, SqliteTransactionContext, SqliteTransactionWrapper
from tortoise.exceptions import TransactionManagementError


class ImmediateTransactionWrapper(SqliteTransactionWrapper):
    async def begin(self) -> None:
        try:
            await self._connection.commit()
            await self._connection.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            raise TransactionManagementError(exc) from exc

    def _in_transaction(self) -> TransactionContext:
        return NestedTransactionContext(ImmediateTransactionWrapper(self))


class ImmediateSqliteClient(SqliteClient):
    def _in_transaction(self) -> TransactionContext:
        return SqliteTransactionContext(ImmediateTransactionWrapper(self), self._lock)


client_class = ImmediateSqliteClient


def get_client_class(db_info: dict[str, Any]) -> type[SqliteClient]:
    return ImmediateSqliteClient
