"""Anonymous public reads from the read cache: served again until an event changes the data, never stale."""

from __future__ import annotations

import dataclasses
import uuid
from collections.abc import AsyncIterator

import httpx
import pytest

from colab.challenges.service import ChallengeDraft, update_challenge
from colab.config import load_settings
from colab.organizations.models import MembershipRole
from tests.api.conftest import GraphQLClient
from tests.conftest import SQLCounter, actor_of, make_challenge, make_org, make_user
from web.app import create_app

LIST = "{ challenges(first: 5) { edges { node { title organization { name } territory { name } } } } }"
REDIS_URL = "redis://127.0.0.1:6379/0"


async def _titles(http: httpx.AsyncClient, query: str = LIST) -> tuple[list[str], str | None]:
    response = await http.post("/graphql", json={"query": query})
    assert response.status_code == 200, response.text
    edges = response.json()["data"]["challenges"]["edges"]
    return [e["node"]["title"] for e in edges], response.headers.get("x-colab-cache")


async def test_a_repeated_anonymous_read_is_served_from_the_cache(api: GraphQLClient, sql: SQLCounter) -> None:
    await make_challenge(title="Un premier défi")
    assert await _titles(api.http) == (["Un premier défi"], None)
    sql.reset()
    assert await _titles(api.http) == (["Un premier défi"], "hit")
    assert len(sql.statements) == 1 and "cache_generation" in sql.statements[0]  # the generation, nothing else


async def test_a_change_is_visible_on_the_very_next_read(api: GraphQLClient) -> None:
    manager = await make_user()
    org = await make_org(members={manager: MembershipRole.MANAGER})
    challenge = await make_challenge(org=org, author=manager, title="Un titre provisoire")
    await _titles(api.http)
    await update_challenge(actor_of(manager), challenge.id, ChallengeDraft(title="Un titre définitif"))
    assert await _titles(api.http) == (["Un titre définitif"], None)
    await make_challenge(title="Un second défi")
    assert (await _titles(api.http))[0] == ["Un second défi", "Un titre définitif"]


async def test_a_get_answers_304_while_nothing_changed(api: GraphQLClient) -> None:
    await make_challenge(title="Un défi en cache")
    first = await api.http.get("/graphql", params={"query": LIST})
    etag = first.headers["etag"]
    assert first.headers["cache-control"] == "no-cache"
    again = await api.http.get("/graphql", params={"query": LIST}, headers={"If-None-Match": etag})
    assert (again.status_code, again.content, again.headers["etag"]) == (304, b"", etag)
    await make_challenge(title="Du nouveau")
    fresh = await api.http.get("/graphql", params={"query": LIST}, headers={"If-None-Match": etag})
    assert fresh.status_code == 200 and fresh.headers["etag"] != etag
    assert "Du nouveau" in fresh.text


@pytest.mark.parametrize(
    "query",
    [
        "{ projects(first: 5) { edges { node { title } } } }",  # not an event-covered type
        "{ challenges(first: 5) { edges { node { title acceptingIdeas } } } }",  # changes with the clock
        "{ viewer { __typename } }",
        "mutation { logOut { errors { code } } }",
    ],
)
async def test_what_is_not_cacheable_is_always_computed(api: GraphQLClient, query: str) -> None:
    for _ in range(2):
        response = await api.http.post("/graphql", json={"query": query})
        assert response.status_code == 200 and "x-colab-cache" not in response.headers


async def test_requests_with_a_token_are_never_cached(api: GraphQLClient) -> None:
    await make_challenge(title="Un défi privé ou pas")
    client = await api.as_user(await make_user())
    for _ in range(2):
        response = await api.http.post(
            "/graphql", json={"query": LIST}, headers={"Authorization": f"Bearer {client.token}"}
        )
        assert "x-colab-cache" not in response.headers


@pytest.fixture
async def two_processes(db: None) -> AsyncIterator[tuple[httpx.AsyncClient, httpx.AsyncClient]]:
    """Two apps (as two uvicorn workers) sharing one Redis."""
    settings = dataclasses.replace(
        load_settings(environ={"ENVIRONMENT": "test", "DEBUG": "false"}),
        redis_url=REDIS_URL,
        rate_limit_prefix=f"test-{uuid.uuid4().hex}",
        worker="external",
    )
    first, second = create_app(settings), create_app(settings)
    try:
        async with (
            httpx.AsyncClient(transport=httpx.ASGITransport(app=first), base_url="http://test") as a,
            httpx.AsyncClient(transport=httpx.ASGITransport(app=second), base_url="http://test") as b,
        ):
            yield a, b
    finally:
        for app in (first, second):
            await app.state.read_cache.close()
            await app.state.limits.close()


async def test_processes_share_answers_through_redis_and_see_changes_at_once(
    two_processes: tuple[httpx.AsyncClient, httpx.AsyncClient],
) -> None:
    a, b = two_processes
    await make_challenge(title="Un défi partagé")
    assert await _titles(a) == (["Un défi partagé"], None)
    assert await _titles(b) == (["Un défi partagé"], "hit")  # computed by the other process
    await make_challenge(title="Un défi tout neuf")
    assert await _titles(b) == (["Un défi tout neuf", "Un défi partagé"], None)
    assert await _titles(a) == (["Un défi tout neuf", "Un défi partagé"], "hit")


async def test_read_cache_false_computes_every_read(db: None, sql: SQLCounter) -> None:
    settings = load_settings(environ={"ENVIRONMENT": "test", "DEBUG": "false", "READ_CACHE": "false"})
    assert settings.read_cache is False
    app = create_app(settings)
    await make_challenge(title="Un défi sans cache")
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test") as http:
        assert await _titles(http) == (["Un défi sans cache"], None)
        sql.reset()
        assert await _titles(http) == (["Un défi sans cache"], None)
    assert sql.statements and not any("cache_generation" in s for s in sql.statements)
    await app.state.limits.close()
