"""The review queue counts only when `totalCount` is asked, and only up to COUNT_CAP (colab.counting)."""

from __future__ import annotations

import pytest

from colab import counting
from moderation.records import list_queue
from tests.api.conftest import GraphQLClient
from tests.conftest import SQLCounter, actor_of
from tests.ideas.factories import make_moderator, submitted_idea

PAGE = """query($first: Int, $after: String) { reviewQueue(first: $first, after: $after) {
  edges { node { idea { title } } } pageInfo { hasNextPage endCursor } } }"""
COUNTED = """query($first: Int) { reviewQueue(first: $first) {
  totalCount totalCountIsExact edges { node { idea { title } } } } }"""


async def _queue_of(count: int) -> None:
    for i in range(count):
        await submitted_idea(title=f"Une idée de quartier numéro {i}")


async def test_a_queue_page_without_total_does_not_count(api: GraphQLClient, sql: SQLCounter) -> None:
    await _queue_of(3)
    moderator = await api.as_user(await make_moderator())
    sql.reset()
    body = await moderator.raw(PAGE, {"first": 2})
    assert not any("COUNT(" in s.upper() for s in sql.statements)
    page = body["data"]["reviewQueue"]
    assert len(page["edges"]) == 2
    assert page["pageInfo"]["hasNextPage"] is True
    rest = (await moderator.raw(PAGE, {"first": 2, "after": page["pageInfo"]["endCursor"]}))["data"]["reviewQueue"]
    assert rest["pageInfo"]["hasNextPage"] is False
    titles = {e["node"]["idea"]["title"] for e in page["edges"] + rest["edges"]}
    assert titles == {f"Une idée de quartier numéro {i}" for i in range(3)}


async def test_the_queue_total_is_exact_up_to_the_cap(api: GraphQLClient, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(counting, "COUNT_CAP", 3)
    await _queue_of(3)
    moderator = await api.as_user(await make_moderator())
    page = (await moderator.raw(COUNTED, {"first": 1}))["data"]["reviewQueue"]
    assert (page["totalCount"], page["totalCountIsExact"]) == (3, True)


async def test_beyond_the_cap_the_queue_total_says_more(api: GraphQLClient, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(counting, "COUNT_CAP", 2)
    await _queue_of(4)
    moderator = await api.as_user(await make_moderator())
    page = (await moderator.raw(COUNTED, {"first": 1}))["data"]["reviewQueue"]
    assert (page["totalCount"], page["totalCountIsExact"], len(page["edges"])) == (3, False, 1)


async def test_the_service_counts_the_queue_up_to_the_cap(db: None, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(counting, "COUNT_CAP", 2)
    await _queue_of(4)
    moderator = actor_of(await make_moderator())
    items, total = await list_queue(moderator, limit=10)
    assert (len(items), total) == (4, 3)
    assert (await list_queue(moderator, count=False))[1] == 0
