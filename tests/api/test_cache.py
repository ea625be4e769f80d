"""Anonymous public reads from the read cache: served again until an event changes the data, never stale."""

from __future__ import annotations

import asyncio
import dataclasses
import uuid
from collections.abc import AsyncIterator

import httpx
import pytest

from colab.api.ids import encode
from colab.challenges.service import ChallengeDraft, update_challenge
from colab.config import load_settings
from colab.organizations.models import MembershipRole
from colab.projects.follows import follow
from colab.projects.page import PageDraft, edit_project
from tests.api.conftest import GraphQLClient
from tests.conftest import SQLCounter, actor_of, make_challenge, make_org, make_user
from tests.projects.factories import make_project
from web.app import create_app
from web.security import CONTENT_SECURITY_POLICY

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
        "{ projects(first: 5) { edges { node { title followerCount } } } }",  # following publishes no event
        "{ projects(first: 5) { edges { node { title campaign { id } } } } }",  # not an event-covered type
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


PROJECTS = "{ projects(first: 5) { edges { node { title summary holderName cover { url } } } } }"


async def _post(http: httpx.AsyncClient, body: dict[str, object]) -> tuple[dict[str, object], str | None]:
    response = await http.post("/graphql", json=body)
    assert response.status_code == 200, response.text
    return response.json(), response.headers.get("x-colab-cache")


async def test_the_project_list_is_cached_and_an_edit_shows_on_the_next_read(api: GraphQLClient) -> None:
    holder = await make_user(name="Porteuse Lambert")
    project = await make_project(holder, title="Un projet en cache")
    first, cached = await _post(api.http, {"query": PROJECTS})
    assert cached is None and "Un projet en cache" in str(first)
    assert (await _post(api.http, {"query": PROJECTS}))[1] == "hit"
    await edit_project(actor_of(holder), project.id, PageDraft(title="Un projet renommé"))
    fresh, cached = await _post(api.http, {"query": PROJECTS})
    assert cached is None and "Un projet renommé" in str(fresh)


async def test_the_follower_count_is_always_computed(api: GraphQLClient) -> None:
    project = await make_project()
    query = {"query": "{ projects(first: 1) { edges { node { followerCount } } } }"}
    assert (await _post(api.http, query))[0] == {"data": {"projects": {"edges": [{"node": {"followerCount": 0}}]}}}
    await follow(actor_of(await make_user()), project.id)
    answer, cached = await _post(api.http, query)
    assert cached is None and answer == {"data": {"projects": {"edges": [{"node": {"followerCount": 1}}]}}}


NODE = "query One($id: ID!) { node(id: $id) { ... on Challenge { title organization { name } } } }"


async def test_node_of_a_cacheable_type_is_cached_and_never_stale(api: GraphQLClient) -> None:
    manager = await make_user()
    org = await make_org(members={manager: MembershipRole.MANAGER})
    challenge = await make_challenge(org=org, author=manager, title="Un défi par son identifiant")
    body = {"query": NODE, "variables": {"id": encode("Challenge", challenge.id)}}
    assert (await _post(api.http, body))[1] is None
    answer, cached = await _post(api.http, body)
    assert cached == "hit" and answer["data"] == {
        "node": {"title": "Un défi par son identifiant", "organization": {"name": org.name}}
    }
    await update_challenge(actor_of(manager), challenge.id, ChallengeDraft(title="Un défi retitré"))
    answer, cached = await _post(api.http, body)
    assert cached is None and "Un défi retitré" in str(answer)
    literal = f'{{ node(id: "{encode("Challenge", challenge.id)}") {{ id }} }}'
    for expected in (None, "hit"):
        assert (await _post(api.http, {"query": literal}))[1] == expected


async def test_node_of_another_type_or_with_its_fragments_is_always_computed(api: GraphQLClient) -> None:
    challenge = await make_challenge(title="Un défi")
    user = await make_user()
    queries = [
        {"query": NODE, "variables": {"id": encode("Viewer", user.id)}},  # a type the cache does not cover
        {"query": NODE, "variables": {"id": "pas un identifiant"}},
        {
            "query": "query One($id: ID!) { node(id: $id) { ... on Campaign { id } } }",
            "variables": {"id": encode("Challenge", challenge.id)},
        },
        {"query": f'{{ node(id: "{encode("Pledge", 1)}") {{ id }} }}'},
    ]
    for body in queries:
        for _ in range(2):
            response = await api.http.post("/graphql", json=body)
            assert response.status_code == 200 and "x-colab-cache" not in response.headers, body


async def test_a_hit_carries_the_security_headers_and_its_media_type(api: GraphQLClient) -> None:
    await make_challenge(title="Un défi bien entouré")
    for accept in ("application/json", "application/graphql-response+json"):
        await api.http.post("/graphql", json={"query": LIST}, headers={"Accept": accept})
        hit = await api.http.post("/graphql", json={"query": LIST}, headers={"Accept": accept})
        assert hit.headers["x-colab-cache"] == "hit"
        assert hit.headers["content-type"] == accept
        assert hit.headers["content-security-policy"] == CONTENT_SECURITY_POLICY
        assert (hit.headers["x-frame-options"], hit.headers["x-content-type-options"]) == ("DENY", "nosniff")
        assert int(hit.headers["content-length"]) == len(hit.content)


async def test_a_refused_request_is_refused_as_before(api: GraphQLClient) -> None:
    await make_challenge(title="Un défi")
    nul = await api.http.get("/graphql", params={"query": LIST + "\x00"})
    assert nul.status_code == 400 and nul.json()["errors"][0]["extensions"]["code"] == "BAD_REQUEST"
    malformed = await api.http.post("/graphql", content=b"{not json", headers={"content-type": "application/json"})
    assert malformed.status_code == 400 and malformed.json()["errors"][0]["extensions"]["code"] == "BAD_REQUEST"


async def test_concurrent_misses_compute_the_answer_once(api: GraphQLClient, sql: SQLCounter) -> None:
    await make_challenge(title="Un défi très demandé")
    sql.reset()
    answers = await asyncio.gather(*(_titles(api.http) for _ in range(10)))
    assert {tuple(titles) for titles, _ in answers} == {("Un défi très demandé",)}
    assert sorted(cached or "" for _, cached in answers) == [""] + ["hit"] * 9
    assert sum('"challenge"' in s and "cache_generation" not in s for s in sql.statements) <= 2  # a page, a count


async def test_clients_asking_for_the_same_media_type_share_the_answer(api: GraphQLClient) -> None:
    await make_challenge(title="Un défi")
    first = await api.http.post("/graphql", json={"query": LIST}, headers={"Accept": "*/*"})
    again = await api.http.post("/graphql", json={"query": LIST}, headers={"Accept": "application/json"})
    assert "x-colab-cache" not in first.headers and again.headers["x-colab-cache"] == "hit"
    other = await api.http.post(
        "/graphql", json={"query": LIST}, headers={"Accept": "application/graphql-response+json"}
    )
    assert "x-colab-cache" not in other.headers and other.headers["content-type"] == "application/graphql-response+json"
