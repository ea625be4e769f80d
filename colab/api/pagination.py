"""Relay connections with opaque offset cursors; page size capped at 100."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Generic, TypeVar

import strawberry
from strawberry.relay.utils import from_base64, to_base64

from colab.api.errors import top_level
from colab.db import MAX_PK
from colab.errors import ColabError, ErrorCode

MAX_PAGE_SIZE = 100
DEFAULT_PAGE_SIZE = 20
_CURSOR_PREFIX = "offset"

NodeT = TypeVar("NodeT")


@strawberry.type
class PageInfo:
    has_next_page: bool
    has_previous_page: bool
    start_cursor: str | None
    end_cursor: str | None


@strawberry.type
class Edge(Generic[NodeT]):
    cursor: str
    node: NodeT


@strawberry.type
class Connection(Generic[NodeT]):
    edges: list[Edge[NodeT]]
    page_info: PageInfo
    total_count: int = strawberry.field(description="How many items match, over all pages.")


def cursor_for(offset: int) -> str:
    return to_base64(_CURSOR_PREFIX, offset)


def window(first: int | None, after: str | None) -> tuple[int, int]:
    """(offset, limit) for `first`/`after`; a page over 100 or a bad cursor is a top-level error."""
    limit = DEFAULT_PAGE_SIZE if first is None else first
    if limit < 0 or limit > MAX_PAGE_SIZE:
        raise top_level(
            ColabError(ErrorCode.INVALID, f"`first` doit être compris entre 0 et {MAX_PAGE_SIZE}.", "first")
        )
    if after is None:
        return 0, limit
    try:
        prefix, value = from_base64(after)
        offset = int(value) + 1
    except (ValueError, TypeError):
        offset = -1
        prefix = ""
    if prefix != _CURSOR_PREFIX or not 0 < offset <= MAX_PK:  # beyond 2^63 the database refuses it
        raise top_level(ColabError(ErrorCode.INVALID, "Ce curseur n'est pas valide.", "after"))
    return offset, limit


def connection(
    items: Sequence[object], total: int, offset: int, convert: Callable[[object], NodeT]
) -> Connection[NodeT]:
    edges = [Edge(cursor=cursor_for(offset + i), node=convert(item)) for i, item in enumerate(items)]
    return Connection(
        edges=edges,
        page_info=PageInfo(
            has_next_page=offset + len(items) < total,
            has_previous_page=offset > 0,
            start_cursor=edges[0].cursor if edges else None,
            end_cursor=edges[-1].cursor if edges else None,
        ),
        total_count=total,
    )
