"""Lists that grow without bound count only when `totalCount` is asked, and only up to COUNT_CAP."""

from __future__ import annotations

import pytest

from colab import counting
from tests.api.conftest import GraphQLClient
from tests.conftest import SQLCounter, make_challenge

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
    monkeypatch.setattr(counting, "COUNT_CAP", 4)
    page = (await api.raw(COUNTED, {"first": 1}))["data"]["challenges"]
    assert (page["totalCount"], page["totalCountIsExact"]) == (4, True)
