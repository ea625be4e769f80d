"""`connection()`: the one way a list becomes a Relay page (window, cursors, pageInfo, totalCount)."""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from colab.actors import ANONYMOUS, require_login
from colab.api.pagination import MAX_PAGE_SIZE, connection, cursor_for
from graphql import GraphQLError

LETTERS = [chr(ord("a") + i) for i in range(26)]


async def _letters(offset: int, limit: int) -> tuple[Sequence[str], int]:
    return LETTERS[offset : offset + limit], len(LETTERS)


async def test_a_page_converts_its_items_and_says_what_lies_around_it() -> None:
    page = await connection(3, cursor_for(9), _letters, str.upper)
    assert [e.node for e in page.edges] == ["K", "L", "M"]
    assert [e.cursor for e in page.edges] == [cursor_for(10), cursor_for(11), cursor_for(12)]
    assert page.total_count == 26
    info = page.page_info
    assert (info.has_previous_page, info.has_next_page) == (True, True)
    assert (info.start_cursor, info.end_cursor) == (cursor_for(10), cursor_for(12))


async def test_the_last_page_and_an_empty_page() -> None:
    last = await connection(None, cursor_for(20), _letters, str.upper)
    assert [e.node for e in last.edges] == ["V", "W", "X", "Y", "Z"]
    assert last.page_info.has_next_page is False
    empty = await connection(0, None, _letters, str.upper)
    assert empty.edges == [] and empty.page_info.start_cursor is None and empty.total_count == 26


@pytest.mark.parametrize(
    ("first", "after", "field"),
    [(MAX_PAGE_SIZE + 1, None, "first"), (-1, None, "first"), (5, "bm90LWEtY3Vyc29y", "after"), (5, "%%%", "after")],
)
async def test_a_page_too_large_or_a_foreign_cursor_is_invalid(first: int, after: str | None, field: str) -> None:
    with pytest.raises(GraphQLError) as raised:
        await connection(first, after, _letters, str.upper)
    assert raised.value.extensions == {"code": "INVALID", "field": field}


async def test_a_typed_error_of_the_fetch_is_top_level() -> None:
    async def members_only(offset: int, limit: int) -> tuple[Sequence[str], int]:
        require_login(ANONYMOUS)
        return [], 0

    with pytest.raises(GraphQLError) as raised:
        await connection(5, None, members_only, str.upper)
    assert raised.value.extensions == {"code": "UNAUTHENTICATED"}
