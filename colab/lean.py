"""Lean reads: a filtered Tortoise query run for the columns a read needs, its rows kept as tuples.

Hydrating models costs more than the query on a public list (measured: 1.9 ms of CPU for 20 challenges against
0.16 ms for the same SELECT). Hot reads build their filters with Tortoise as everywhere else, then run the SQL
for a few named columns and convert the values they show themselves (`as_datetime`, `as_bool`), once.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from cachetools import LRUCache
from tortoise import connections
from tortoise.queryset import QuerySet

from colab import counting
from colab.db import sql_of

Row = Sequence[Any]
_MARKER = re.compile(r"\$(\d+)")


async def rows(query: QuerySet[Any], columns: Sequence[str]) -> list[Row]:
    """The query's rows, each the values of `columns` in that order (no model is built)."""
    values = query.values_list(*columns)
    sql, params = sql_of(values)
    _, found = await values._db.execute_query(sql, params)
    return list(found)  # type: ignore[arg-type]  # tuples or records: execute_query types them as dicts


#: compiled page statements (SQL and parameters), by everything that decides them (see `page`)
_statements: LRUCache[Hashable, tuple[str, tuple[Any, ...]]] = LRUCache(maxsize=1024)


def _compile(
    query: QuerySet[Any],
    columns: Sequence[str],
    offset: int,
    limit: int,
    count: bool,
    exact: bool,
    computed: Sequence[str],
    ranked: bool,
) -> tuple[str, tuple[Any, ...]]:
    """The page's statement: [the count], [the computed expressions], then `columns`."""
    values = query.offset(offset).limit(limit).values_list(*columns)
    page_sql, page_params = sql_of(values)
    head = "SELECT DISTINCT " if page_sql.startswith("SELECT DISTINCT ") else "SELECT "
    if not page_sql.startswith(head):
        raise ValueError(page_sql)
    # spliced in the text: Tortoise selects an annotation named in values_list twice (computed twice per row)
    front = [f"({expression})" for expression in computed]
    params = tuple(page_params)
    if count and ranked and head == "SELECT ":  # every match is read to be ranked: count them in the same pass
        front.insert(0, "COUNT(*) OVER ()")
    elif count:
        counted = query.only("id").order_by().offset(0)
        count_sql, count_params = sql_of(counted if exact else counted.limit(counting.COUNT_CAP + 1))
        if values._db.capabilities.dialect == "postgres":  # numbered markers: the count's come after the page's
            shift = len(page_params)
            count_sql = _MARKER.sub(lambda m: f"${int(m.group(1)) + shift}", count_sql)
            params = (*page_params, *count_params)
        else:  # positional markers: the count's come first in the text
            params = (*count_params, *page_params)
        front.insert(0, f"(SELECT COUNT(*) FROM ({count_sql}) AS capped)")
    if not front:
        return page_sql, params
    return f"{head}{', '.join(front)}, {page_sql[len(head) :]}", params


async def page(
    build: Callable[[], QuerySet[Any]],
    columns: Sequence[str],
    *,
    offset: int,
    limit: int,
    count: bool,
    exact: bool = False,
    computed: Mapping[str, str] | None = None,
    ranked: bool = False,
    key: Hashable | None = None,
) -> tuple[list[Row], int]:
    """One page of the ordered query `build()` makes and, with `count`, how many rows it matches (exactly up to
    COUNT_CAP, COUNT_CAP + 1 meaning more: colab.counting), in ONE statement: the capped count rides along as
    a scalar subquery, as a hand-written page would do, instead of a second round trip. Without `count`, 0;
    with `exact`, the count is not capped (a list that cannot grow past a few thousand rows). `computed`:
    SQL expressions (by name; trusted text without parameters) read as more columns of each row, after
    `columns` (not in the count). `ranked`: the query orders
    by a relevance every match must be read for (a search), so the count is a window over those same matches,
    one pass instead of two (capped here; at 1,000,000 rows the second pass was a third of a search).

    With a `key` that decides the query's SQL and parameters entirely (the filters' values, not who asks), the
    compiled statement is kept: building and compiling a filtered Tortoise query cost a sixth of a public
    list's CPU (measured), every time, for the same few statements.
    """
    connection = connections.get("default")
    extra = computed or {}
    cache_key = (
        None
        if key is None
        else (key, tuple(columns), tuple(extra), offset, limit, count, exact, ranked, counting.COUNT_CAP)
    )
    compiled = None if cache_key is None else _statements.get(cache_key)
    query = None
    if compiled is None:
        query = build()
        compiled = _compile(query, columns, offset, limit, count, exact, list(extra.values()), ranked)
        if cache_key is not None:
            _statements[cache_key] = compiled
    sql, params = compiled
    _, found = await connection.execute_query(sql, list(params))
    # each row: [count], computed, columns; returned as columns, computed
    skip, n = int(count), len(extra)
    rows_ = [(row[skip + n :] + row[skip : skip + n]) for row in map(tuple, found)] if skip or n else list(found)
    if not count:
        return rows_, 0
    if not found:  # an empty page says nothing of the total: count on its own (past the last page, or none)
        if offset == 0:
            return [], 0
        query = query or build()
        return [], await (query.order_by().count() if exact else counting.capped_count(query))
    total = int(found[0][0])
    return rows_, total if exact else min(total, counting.COUNT_CAP + 1)


@dataclass(frozen=True, slots=True)
class Parts:
    """A lean row cut into its parts: a record's own columns, its long text ("" unless asked), the related
    columns joined with it, and its theme ids (None unless asked)."""

    own: Row
    text: str = ""
    joined: Row = ()
    theme_ids: tuple[int, ...] | None = None


async def records_page(
    build: Callable[[], QuerySet[Any]],
    own: Sequence[str],
    *,
    text: str,
    with_text: bool,
    also: Sequence[str],
    themes: str | None,
    offset: int,
    limit: int,
    count: bool,
    ranked: bool,
    key: Hashable | None,
) -> tuple[list[Parts], int]:
    """`page` for a list of records: the `own` columns, the `text` column when `with_text`, the related columns
    `also` (Tortoise's `relation__column`) and, with `themes` (the SQL of a theme-id list), the theme ids."""
    columns = (*own, text, *also) if with_text else (*own, *also)
    found, total = await page(
        build,
        columns,
        offset=offset,
        limit=limit,
        count=count,
        computed={"theme_ids": themes} if themes else None,
        ranked=ranked,
        key=key,
    )
    n, joined = len(own), len(own) + with_text
    return [
        Parts(
            own=row[:n],
            text=row[n] if with_text else "",
            joined=row[joined : joined + len(also)],
            theme_ids=parse_ids(row[-1]) if themes else None,
        )
        for row in found
    ], total


def parse_ids(value: str | None) -> tuple[int, ...]:
    """The ids of a comma-separated list ("3,7"; None or "" for none)."""
    return tuple(int(part) for part in value.split(",")) if value else ()


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
