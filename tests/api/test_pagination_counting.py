"""Lists that grow without bound count only when `totalCount` is asked, and only up to COUNT_CAP."""

from __future__ import annotations

import pytest

from colab import counting
from colab.api.pagination import cursor_for as encode_cursor
from tests.api.conftest import GraphQLClient
from tests.conftest import SQLCounter, make_challenge
from tests.ideas.factories import make_moderator, submitted_idea

PAGE = """query($first: Int, $after: String) { challenges(first: $first, after: $after) {
  edges { cursor node { title } } pageInfo { hasNextPage endCursor } } }"""
COUNTED = (
    """query($first: Int) { challenges(first: $first) { totalCount totalCountIsExact edges { node { title } } } }"""
)
BY_FRAGMENT = """query { challenges(first: 1) { ...Count } } fragment Count on ChallengeConnection { totalCount }"""


async def _count_statements(api: GraphQLClient, sql: SQLCounter, query: str, **variables: object) -> int:
    sql.reset()
    body = await api.raw(query, dict(variables))
    assert "errors" not in body, body
    return sum(1 for s in sql.statements if "COUNT(" in s.upper())


async def test_a_page_without_total_does_not_count_and_still_knows_what_follows(
    api: GraphQLClient, sql: SQLCounter
) -> None:
    for i in range(3):
        await make_challenge(title=f"Défi numéro {i}")
    assert await _count_statements(api, sql, PAGE, first=2) == 0
    body = await api.raw(PAGE, {"first": 2})
    page = body["data"]["challenges"]
    assert [e["node"]["title"] for e in page["edges"]] == ["Défi numéro 2", "Défi numéro 1"]
    assert page["pageInfo"]["hasNextPage"] is True
    last = (await api.raw(PAGE, {"first": 2, "after": page["pageInfo"]["endCursor"]}))["data"]["challenges"]
    assert [e["node"]["title"] for e in last["edges"]] == ["Défi numéro 0"]
    assert last["pageInfo"]["hasNextPage"] is False


async def test_the_total_is_counted_when_asked_even_through_a_fragment(api: GraphQLClient, sql: SQLCounter) -> None:
    await make_challenge(title="Un seul défi")
    assert await _count_statements(api, sql, COUNTED, first=1) == 1
    assert await _count_statements(api, sql, BY_FRAGMENT) == 1
    body = await api.raw(BY_FRAGMENT)
    assert body["data"]["challenges"]["totalCount"] == 1


async def test_beyond_the_cap_the_total_says_more(api: GraphQLClient, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(counting, "COUNT_CAP", 2)
    for i in range(4):
        await make_challenge(title=f"Défi numéro {i}")
    page = (await api.raw(COUNTED, {"first": 1}))["data"]["challenges"]
    assert (page["totalCount"], page["totalCountIsExact"]) == (3, False)
    monkeypatch.setattr(counting, "COUNT_CAP", 4)  # no event since: another page, not the cached answer
    page = (await api.raw(COUNTED, {"first": 2}))["data"]["challenges"]
    assert (page["totalCount"], page["totalCountIsExact"]) == (4, True)


async def test_past_the_cap_a_counted_page_still_knows_what_follows(
    api: GraphQLClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(counting, "COUNT_CAP", 2)
    for i in range(6):
        await make_challenge(title=f"Défi numéro {i}")
    query = """query($after: String) { challenges(first: 2, after: $after) {
      totalCount totalCountIsExact edges { node { title } } pageInfo { hasNextPage endCursor } } }"""
    second = (await api.raw(query, {"after": encode_cursor(1)}))["data"]["challenges"]
    assert [e["node"]["title"] for e in second["edges"]] == ["Défi numéro 3", "Défi numéro 2"]
    assert (second["totalCount"], second["totalCountIsExact"], second["pageInfo"]["hasNextPage"]) == (3, False, True)


async def test_a_list_that_counts_exactly_is_exact_past_the_cap(
    api: GraphQLClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(counting, "COUNT_CAP", 1)
    for i in range(3):
        await submitted_idea(title=f"Une idée de quartier numéro {i}")
    moderator = await api.as_user(await make_moderator())
    log = (await moderator.raw("{ moderationLog(first: 1) { totalCount totalCountIsExact } }"))["data"]
    assert log["moderationLog"] == {"totalCount": 3, "totalCountIsExact": True}
