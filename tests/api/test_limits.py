"""Request limits (depth, aliases, tokens), error masking and GraphiQL only in development."""

import httpx
import pytest

from colab.api import schema as api_schema
from colab.challenges import service as challenge_service
from colab.config import load_settings
from tests.api.conftest import GraphQLClient
from web.app import create_app


async def test_a_too_deep_query_is_refused(api: GraphQLClient) -> None:
    nested = "parent { " * (api_schema.MAX_DEPTH + 1) + "id" + " }" * (api_schema.MAX_DEPTH + 1)
    body = await api.raw("{ territories { " + nested + " } }")
    assert body["data"] is None
    assert "exceeds maximum operation depth" in body["errors"][0]["message"]


async def test_too_many_aliases_are_refused(api: GraphQLClient) -> None:
    aliases = " ".join(f"a{n}: themes {{ id }}" for n in range(api_schema.MAX_ALIASES + 1))
    body = await api.raw("{ " + aliases + " }")
    assert body["data"] is None
    assert "aliases" in body["errors"][0]["message"]


async def test_a_document_with_too_many_tokens_is_refused(api: GraphQLClient) -> None:
    fields = " ".join("__typename" for _ in range(api_schema.MAX_TOKENS))
    body = await api.raw("{ " + fields + " }")
    assert body["data"] is None
    assert "token" in body["errors"][0]["message"].lower()


async def test_unexpected_errors_are_masked(api: GraphQLClient, monkeypatch: pytest.MonkeyPatch) -> None:
    async def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("connection string postgres://secret")

    monkeypatch.setattr(challenge_service, "list_challenges", broken)
    body = await api.run("ChallengeList")
    assert [e["message"] for e in body["errors"]] == ["Erreur inattendue."]
    assert "secret" not in str(body)


async def test_graphiql_is_served_in_development_only(db: None) -> None:
    for environment, expected in (("development", 200), ("production", 404)):
        settings = load_settings(environ={"ENVIRONMENT": environment, "SECRET_KEY": "k" * 40, "DEBUG": "false"})
        app = create_app(settings)
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test") as http:
            response = await http.get("/graphql", headers={"Accept": "text/html"})
        assert (response.status_code, environment) == (expected, environment)


async def test_a_repeated_document_is_validated_once(api: GraphQLClient) -> None:
    # the shared validation cache is keyed by the rules: per-request limiter instances would miss it
    from strawberry.extensions.validation_cache import _get_validate_cache  # private, but what we rely on

    cache = _get_validate_cache(256)
    document = "{ themes { id name } __typename }"
    await api.raw(document)
    before = cache.cache_info()
    second = await api.raw(document)
    after = cache.cache_info()
    assert second["data"]["__typename"] == "Query"
    assert (after.hits - before.hits, after.misses - before.misses) == (1, 0)
    # and the limits still apply to a document seen before
    too_deep = "{ territories { " + "parent { " * 11 + "id" + " }" * 11 + " } }"
    for _ in range(2):
        assert "exceeds maximum operation depth" in (await api.raw(too_deep))["errors"][0]["message"]
