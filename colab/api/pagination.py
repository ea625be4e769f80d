"""Relay connections with opaque offset cursors; page size capped at 100.

Every list of the API is one call: `await connection(first, after, fetch, Node.from_model)`, where `fetch`
takes (offset, limit) and returns (items, total). The page size, the cursor and `pageInfo` are decided here.
Lists over tables that grow without bound use `counted_connection(info, ...)`: they count only when the
request selects `totalCount` (else one more item tells `hasNextPage`), and count up to COUNT_CAP.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from functools import lru_cache
from typing import Generic, TypeVar

import strawberry
from strawberry.relay.utils import from_base64, to_base64
from strawberry.types.nodes import SelectedField, Selection

from colab import counting
from colab.api.context import Info
from colab.api.errors import as_top_level, top_level
from colab.counting import COUNT_CAP
from colab.db import MAX_PK
from colab.errors import ColabError, ErrorCode

MAX_PAGE_SIZE = 100
DEFAULT_PAGE_SIZE = 20
_CURSOR_PREFIX = "offset"

ItemT = TypeVar("ItemT")
NodeT = TypeVar("NodeT")

#: (offset, limit) → (the items of that page, how many match over all pages)
Fetch = Callable[[int, int], Awaitable[tuple[Sequence[ItemT], int]]]
#: (offset, limit, count) → (the items, the capped total or 0 when `count` is false)
CountedFetch = Callable[[int, int, bool], Awaitable[tuple[Sequence[ItemT], int]]]


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
    total_count: int = strawberry.field(
        description=f"How many items match, over all pages. Lists that can grow without bound count up to "
        f"{COUNT_CAP}: {COUNT_CAP + 1} then means more (see totalCountIsExact)."
    )

    #: counted up to COUNT_CAP (counted_connection); the other lists count exactly
    capped: strawberry.Private[bool] = False

    @strawberry.field(
        description=f"False when more than {COUNT_CAP} items match and totalCount stopped counting "
        "(lists that grow without bound); always true on the other lists."
    )
    def total_count_is_exact(self) -> bool:
        return not self.capped or counting.is_exact(self.total_count)


def as_is(node: NodeT) -> NodeT:
    """The conversion of a fetch that returns nodes already (e.g. built with their relations)."""
    return node


@lru_cache(maxsize=4096)
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


def page_of(
    items: Sequence[ItemT],
    total: int,
    offset: int,
    convert: Callable[[ItemT], NodeT],
    has_next: bool | None = None,
    capped: bool = False,
) -> Connection[NodeT]:
    """The connection of one fetched page (`has_next` when known without the total; `capped`: the total stops
    at COUNT_CAP + 1)."""
    edges = [Edge(cursor=cursor_for(offset + i), node=convert(item)) for i, item in enumerate(items)]
    return Connection(
        edges=edges,
        page_info=PageInfo(
            has_next_page=offset + len(items) < total if has_next is None else has_next,
            has_previous_page=offset > 0,
            start_cursor=edges[0].cursor if edges else None,
            end_cursor=edges[-1].cursor if edges else None,
        ),
        total_count=total,
        capped=capped,
    )


async def connection(
    first: int | None, after: str | None, fetch: Fetch[ItemT], convert: Callable[[ItemT], NodeT]
) -> Connection[NodeT]:
    """One page of a list: the window checked, the items fetched (typed errors become top-level), converted."""
    offset, limit = window(first, after)
    with as_top_level():
        items, total = await fetch(offset, limit)
    return page_of(items, total, offset, convert)


def wants_total(info: Info) -> bool:
    """Whether the request selects `totalCount` on this field (directly or through fragments)."""
    pending: list[Selection] = [s for field in info.selected_fields for s in field.selections]
    while pending:
        selection = pending.pop()
        if isinstance(selection, SelectedField):
            if selection.name == "totalCount":
                return True
        else:  # a fragment spread or an inline fragment: its fields are this connection's
            pending.extend(selection.selections)
    return False


async def counted_connection(
    info: Info, first: int | None, after: str | None, fetch: CountedFetch[ItemT], convert: Callable[[ItemT], NodeT]
) -> Connection[NodeT]:
    """A page of a list that grows without bound: counted (up to COUNT_CAP) only when `totalCount` is asked;
    one item more than the page says whether there is a next page."""
    offset, limit = window(first, after)
    counting = wants_total(info)
    with as_top_level():
        # one item more than the page says whether there is a next one, even past the capped total
        items, total = await fetch(offset, limit + 1, counting)
    return page_of(items[:limit], total, offset, convert, has_next=len(items) > limit, capped=counting)
