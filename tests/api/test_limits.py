"""Request limits (depth, aliases, tokens, fields), error masking and GraphiQL only in development."""

import time
from typing import Any

import httpx
import pytest

from colab.api import limits
from colab.api.schema import schema
from colab.challenges import service as challenge_service
from colab.config import load_settings
from graphql import get_introspection_query, parse, specified_rules
from tests.api.conftest import GraphQLClient
from web.app import create_app


def _levels(n: int) -> str:
    """A query `n` levels of fields deep: territories, then parents, then id."""
    return "{ territories { " + "parent { " * (n - 2) + "id" + " }" * (n - 2) + " } }"


def _limit(body: dict[str, Any]) -> tuple[str, str]:
    extensions = body["errors"][0]["extensions"]
    return extensions["code"], extensions.get("limit", "")


async def test_a_query_as_deep_as_the_limit_is_answered(api: GraphQLClient) -> None:
    body = await api.raw(_levels(limits.MAX_DEPTH))
    assert "errors" not in body
    assert body["data"]["territories"]


async def test_a_query_one_level_deeper_than_the_limit_is_refused(api: GraphQLClient) -> None:
    body = await api.raw(_levels(limits.MAX_DEPTH + 1))
    assert body["data"] is None
    assert _limit(body) == ("QUERY_TOO_COMPLEX", "depth")
    assert "exceeds maximum operation depth of 10" in body["errors"][0]["message"]


async def test_too_many_aliases_are_refused(api: GraphQLClient) -> None:
    aliases = " ".join(f"a{n}: themes {{ id }}" for n in range(limits.MAX_ALIASES + 1))
    body = await api.raw("{ " + aliases + " }")
    assert body["data"] is None
    assert _limit(body) == ("QUERY_TOO_COMPLEX", "aliases")


async def test_a_document_with_too_many_tokens_is_refused(api: GraphQLClient) -> None:
    fields = " ".join("id" for _ in range(limits.MAX_TOKENS))
    body = await api.raw("{ " + fields + " }")
    assert body["data"] is None
    assert "token" in body["errors"][0]["message"].lower()


async def test_unexpected_errors_are_masked(api: GraphQLClient, monkeypatch: pytest.MonkeyPatch) -> None:
    async def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("connection string postgres://secret")

    monkeypatch.setattr(challenge_service, "challenge_records", broken)
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


async def test_a_repeated_document_is_parsed_and_validated_once(api: GraphQLClient) -> None:
    document = "{ themes { id name } viewer { __typename } __typename }"  # viewer: never answered from the read cache
    await api.raw(document)
    before = limits.cache_info()
    second = await api.raw(document)
    after = limits.cache_info()
    assert second["data"]["__typename"] == "Query"
    assert [(a.hits - b.hits, a.misses - b.misses) for a, b in zip(after, before, strict=True)] == [(1, 0), (1, 0)]
    # and the limits still apply to a document seen before
    for _ in range(2):
        assert _limit(await api.raw(_levels(limits.MAX_DEPTH + 1))) == ("QUERY_TOO_COMPLEX", "depth")


async def test_a_document_over_the_length_limit_is_refused_before_parsing_and_not_cached(api: GraphQLClient) -> None:
    document = "{ __typename }\n#" + "x" * limits.MAX_DOCUMENT_LENGTH
    before = limits.cache_info()
    body = await api.raw(document)
    after = limits.cache_info()
    assert body["errors"][0]["extensions"]["code"] == "QUERY_TOO_LARGE"
    assert (after[0].currsize, after[0].misses) == (before[0].currsize, before[0].misses)


def _repeated(field: str, copies: int) -> str:
    return "{ " + f"{field} " * copies + "}"


def _checking_seconds(document: str) -> float:
    """What the limits and the validation rules cost for this document, uncached (best of 3 runs)."""
    parsed = parse(document, max_tokens=limits.MAX_TOKENS)
    times = []
    for _ in range(3):
        started = time.perf_counter()
        limits.check(schema._schema, parsed, tuple(specified_rules))
        times.append(time.perf_counter() - started)
    return min(times)


async def test_the_same_field_repeated_past_the_pair_limit_is_refused(api: GraphQLClient) -> None:
    # 490 copies (8 KB) cost seconds in the overlapping-fields rule; refused before it runs
    document = _repeated("themes { id }", 490)
    assert _checking_seconds(document) < 0.2  # a loose safety bound: 3 s before the limits, ~5 ms now
    body = await api.raw(document)
    assert body["data"] is None
    assert {e["extensions"]["limit"] for e in body["errors"]} == {"selections", "fields"}


async def test_too_many_fields_in_one_selection_set_are_refused(api: GraphQLClient) -> None:
    fields = " ".join(["id", "name", "slug", "__typename"] * (limits.MAX_SELECTIONS // 4 + 1))
    body = await api.raw("{ themes { " + fields + " } }")
    assert _limit(body) == ("QUERY_TOO_COMPLEX", "selections")


async def test_too_many_fields_in_a_document_are_refused_with_fragments_expanded(api: GraphQLClient) -> None:
    # each fragment is small, but spread everywhere it multiplies: 4 × 4 × 4 × 4 × 4 copies of `id`
    fragments = ["fragment F0 on Territory { id }"] + [
        f"fragment F{n} on Territory {{ a: parent {{ ...F{n - 1} }} b: parent {{ ...F{n - 1} }} "
        f"c: parent {{ ...F{n - 1} }} d: parent {{ ...F{n - 1} }} }}"
        for n in range(1, 5)
    ]
    body = await api.raw("{ territories { ...F4 } } " + " ".join(fragments))
    found = [(e["extensions"]["code"], e["extensions"]["limit"]) for e in body["errors"]]
    assert ("QUERY_TOO_COMPLEX", "fields") in found


async def test_a_crafted_document_just_under_the_limits_validates_in_milliseconds(api: GraphQLClient) -> None:
    # the costliest shape for the overlapping-fields rule: copies of one field holding copies of one field
    copies = 45  # 45·44/2 = 990 pairs of `themes`, 990 of `themes.id`: 1,980, under the 2,000 allowed
    document = _repeated("themes { id }", copies).replace("{ ", "query Crafted { ", 1)
    assert limits.document_errors(parse(document)) == []
    assert _checking_seconds(document) < 0.2  # a loose safety bound (about 20 ms here)
    body = await api.raw(document)
    assert "errors" not in body
    assert len(body["data"]["themes"]) > 0


async def test_a_crafted_document_just_over_the_pair_limit_is_refused(api: GraphQLClient) -> None:
    document = _repeated("themes { id }", 46)  # 1,035 pairs of `themes`, 1,035 of `themes.id`
    body = await api.raw(document)
    assert body["data"] is None
    assert _limit(body) == ("QUERY_TOO_COMPLEX", "fieldPairs")


async def test_the_introspection_query_is_within_the_limits(api: GraphQLClient) -> None:
    body = await api.raw(get_introspection_query(descriptions=True, input_value_deprecation=True))
    assert "errors" not in body
    assert body["data"]["__schema"]["queryType"]["name"] == "Query"


async def test_introspection_nested_too_deep_is_refused(api: GraphQLClient) -> None:
    chain = "fields { type { " * 8 + "name" + " } }" * 8
    body = await api.raw("{ __schema { types { " + chain + " } } }")
    assert _limit(body) == ("QUERY_TOO_COMPLEX", "introspectionDepth")
