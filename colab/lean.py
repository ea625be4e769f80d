"""Lean reads: a filtered Tortoise query run for the columns a read needs, its rows kept as tuples.

Hydrating models costs more than the query on a public list (measured: 1.9 ms of CPU for 20 challenges against
0.16 ms for the same SELECT). Hot reads build their filters with Tortoise as everywhere else, then run the SQL
for a few named columns and convert the values they show themselves (`as_datetime`, `as_bool`), once.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from tortoise.queryset import QuerySet

Row = Sequence[Any]


async def rows(query: QuerySet[Any], columns: Sequence[str]) -> list[Row]:
    """The query's rows, each the values of `columns` in that order (no model is built)."""
    values = query.values_list(*columns)
    values._choose_db_if_not_chosen()
    values._make_query()
    sql, params = values.query.get_parameterized_sql()
    _, found = await values._db.execute_query(sql, params)
    return list(found)  # type: ignore[arg-type]  # tuples or records: execute_query types them as dicts


def as_datetime(value: Any) -> datetime:
    """A timestamp as PostgreSQL returns it or as SQLite stores it (ISO text, UTC)."""
    if isinstance(value, datetime):
        return value
    parsed = datetime.fromisoformat(value)
    return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=UTC)


def as_optional_datetime(value: Any) -> datetime | None:
    return None if value is None else as_datetime(value)


def as_bool(value: Any) -> bool:
    """A boolean as PostgreSQL returns it or as SQLite stores it (0 or 1)."""
    return bool(value)
