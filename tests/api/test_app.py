"""GraphQL over HTTP (the behaviours the graphql-http audit checks) and malformed bodies: 400s, never 500s."""

from __future__ import annotations

import base64
import json
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from colab.api.app import encode_answer
from colab.api.limits import MAX_DEPTH, MAX_LIST_LENGTH
from colab.config import load_settings
from web.app import create_app

GRAPHQL_RESPONSE = "application/graphql-response+json"


@pytest.fixture
async def http(db: None) -> AsyncIterator[httpx.AsyncClient]:
    # development settings: debug on, where a 500 would show a traceback
    app = create_app(load_settings(environ={"ENVIRONMENT": "development"}))
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test") as client:
        yield client


async def _post(http: httpx.AsyncClient, payload: Any, accept: str | None = GRAPHQL_RESPONSE) -> httpx.Response:
    headers = {"content-type": "application/json"}
    if accept:
        headers["accept"] = accept
    return await http.post("/graphql", content=json.dumps(payload), headers=headers)


async def test_a_client_accepting_graphql_response_json_gets_it(http: httpx.AsyncClient) -> None:
    response = await _post(http, {"query": "{ __typename }"})
    assert (response.status_code, response.headers["content-type"]) == (200, GRAPHQL_RESPONSE)
    assert response.json() == {"data": {"__typename": "Query"}}


@pytest.mark.parametrize("accept", ["application/json", "*/*", None, f"{GRAPHQL_RESPONSE};q=0, application/json"])
async def test_other_clients_get_application_json(http: httpx.AsyncClient, accept: str | None) -> None:
    response = await _post(http, {"query": "{ __typename }"}, accept=accept)
    assert (response.status_code, response.headers["content-type"]) == (200, "application/json")


@pytest.mark.parametrize(
    ("payload", "code"),
    [
        ({"query": "{ __typename"}, "GRAPHQL_PARSE_FAILED"),
        ({"query": "{ noSuchField }"}, "GRAPHQL_VALIDATION_FAILED"),
        ({"query": "query($n: Int) { challenges(first: $n) { totalCount } }", "variables": {"n": "many"}}, "COERCION"),
        (
            {"query": "{ territories { " + "parent { " * MAX_DEPTH + "id" + " }" * MAX_DEPTH + " } }"},
            "QUERY_TOO_COMPLEX",
        ),  # noqa: E501
    ],
    ids=["parse", "validation", "variable-coercion", "limit"],
)
async def test_a_request_error_is_a_400_without_data(http: httpx.AsyncClient, payload: Any, code: str) -> None:
    response = await _post(http, payload)
    body = response.json()
    assert (response.status_code, response.headers["content-type"]) == (400, GRAPHQL_RESPONSE)
    assert "data" not in body
    assert body["errors"]
    if code == "QUERY_TOO_COMPLEX":
        assert body["errors"][0]["extensions"]["code"] == code


async def test_a_request_error_is_a_200_for_application_json_clients(http: httpx.AsyncClient) -> None:
    response = await _post(http, {"query": "{ noSuchField }"}, accept="application/json")
    assert response.status_code == 200
    assert response.json()["data"] is None


async def test_a_field_error_is_not_a_request_error(http: httpx.AsyncClient) -> None:
    # executed: a top-level error of one field keeps the 200 and the data entry
    response = await _post(http, {"query": "{ reviewQueue { totalCount } }"})
    body = response.json()
    assert response.status_code == 200
    assert "data" in body
    assert body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


@pytest.mark.parametrize(
    "raw",
    [
        b"null",
        b"42",
        b'"a string"',
        b'{"query": "{ __typename }", "x": "\xff"}',
        b"[" * 10_000 + b"]" * 10_000,
        b'{"query": "{ __typename }", "variables": {"n": ' + b"1" * 5_000 + b"}}",
        b"{not json",
    ],
    ids=["null", "number", "string", "invalid-utf8", "nested-arrays", "huge-integer", "malformed"],
)
async def test_a_malformed_body_is_a_400_without_traceback(http: httpx.AsyncClient, raw: bytes) -> None:
    response = await http.post("/graphql", content=raw, headers={"content-type": "application/json"})
    assert response.status_code == 400
    assert response.json()["errors"][0]["extensions"]["code"] == "BAD_REQUEST"
    assert "Traceback" not in response.text


async def test_a_nul_character_in_a_string_literal_is_refused(http: httpx.AsyncClient) -> None:
    query = '{ challenges(filter: {search: "a\\u0000b"}) { totalCount } }'
    response = await _post(http, {"query": query})
    assert response.status_code == 400
    assert response.json()["errors"][0]["extensions"]["code"] == "INVALID"


async def test_a_nul_character_in_a_variable_is_refused(http: httpx.AsyncClient) -> None:
    query = "query($s: String) { challenges(filter: {search: $s}) { totalCount } }"
    response = await _post(http, {"query": query, "variables": {"s": "a\x00b"}}, accept="application/json")
    assert response.json()["errors"][0]["extensions"]["code"] == "INVALID"


async def test_a_list_argument_over_the_cap_is_refused(http: httpx.AsyncClient) -> None:
    query = "mutation($i: MarkNotificationsReadInput!) { markNotificationsRead(input: $i) { errors { code } } }"
    ids = ["Tm90aWZpY2F0aW9uOjE="] * 40_000
    response = await _post(http, {"query": query, "variables": {"i": {"ids": ids}}})
    assert response.status_code == 400
    assert response.json()["errors"][0]["extensions"]["code"] == "TOO_LONG"


async def test_a_list_literal_over_the_cap_is_refused(http: httpx.AsyncClient) -> None:
    ids = ", ".join('"x"' for _ in range(MAX_LIST_LENGTH + 1))
    query = f"mutation {{ markNotificationsRead(input: {{ids: [{ids}]}}) {{ errors {{ code }} }} }}"
    response = await _post(http, {"query": query})
    assert response.json()["errors"][0]["extensions"]["code"] == "TOO_LONG"


async def test_a_cursor_beyond_the_largest_offset_is_invalid(http: httpx.AsyncClient) -> None:
    cursor = base64.b64encode(f"offset:{2**64}".encode()).decode()
    response = await _post(http, {"query": f'{{ challenges(after: "{cursor}") {{ totalCount }} }}'})
    body = response.json()
    assert body["errors"][0]["extensions"]["code"] == "INVALID"
    assert body["errors"][0]["message"] != "Erreur inattendue."


async def test_logging_in_with_an_address_longer_than_the_column_is_invalid_credentials(
    http: httpx.AsyncClient,
) -> None:
    query = "mutation($i: LogInInput!) { logIn(input: $i) { token errors { code } } }"
    variables = {"i": {"email": "a" * 250 + "@x.be", "password": "motdepasse-solide"}}
    response = await _post(http, {"query": query, "variables": variables})
    assert response.json()["data"]["logIn"]["errors"] == [{"code": "INVALID_CREDENTIALS"}]


def test_answers_are_encoded_as_the_standard_library_reads_them() -> None:
    data = {"data": {"title": "Défi « vélo » ✓", "count": 3, "list": [None, True, 1.5]}}
    assert json.loads(encode_answer(data)) == data
    assert "Défi".encode() in encode_answer(data)  # UTF-8, not \u escapes
    huge = {"data": {"n": 2**70}}  # beyond orjson's 64-bit integers: the standard encoder
    assert json.loads(encode_answer(huge)) == huge
