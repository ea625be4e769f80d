"""Rate limits through HTTP: log-in and sign-up attempts, GraphQL cost; 429, Retry-After and RATE_LIMITED."""

import dataclasses
import uuid
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from colab.accounts.service import issue_token
from colab.config import load_settings
from tests.api.conftest import OPERATIONS
from tests.conftest import PASSWORD, make_user
from tests.web.conftest import csrf
from web.app import create_app

LOG_IN = "mutation($i: LogInInput!) { logIn(input: $i) { token errors { code } } }"


@pytest.fixture(params=["memory", "redis"])
async def http(request: pytest.FixtureRequest, db: None) -> AsyncIterator[httpx.AsyncClient]:
    settings = dataclasses.replace(
        load_settings(environ={"ENVIRONMENT": "test", "DEBUG": "false"}),
        redis_url="redis://127.0.0.1:6379/0" if request.param == "redis" else "",
        rate_limit_prefix=f"test-{uuid.uuid4().hex}",
        log_in_limit_per_account="10 per 15 minutes",
        sign_up_limit_per_ip="3 per hour",
        graphql_cost_limit="12 per minute",
    )
    app = create_app(settings)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test") as client:
        yield client
    if request.param == "redis":
        await app.state.limits.storage.reset()
        await app.state.limits.close()
        await app.state.read_cache.close()


async def _post(http: httpx.AsyncClient, query: str, variables: dict[str, Any], token: str = "") -> httpx.Response:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return await http.post("/graphql", json={"query": query, "variables": variables}, headers=headers)


def _guesses(count: int) -> str:
    return (
        "mutation { "
        + " ".join(
            f'a{n}: logIn(input: {{email: "lea@exemple.be", password: "essai-{n:02d}"}}) {{ token }}'
            for n in range(count)
        )
        + " }"
    )


async def test_aliased_log_ins_count_one_attempt_each(http: httpx.AsyncClient) -> None:
    await make_user(email="lea@exemple.be")
    assert (await http.post("/graphql", json={"query": _guesses(8)})).status_code == 200
    wrong = {"i": {"email": "lea@exemple.be", "password": "pas-le-bon"}}
    assert [(await _post(http, LOG_IN, wrong)).status_code for _ in range(3)] == [200, 200, 429]


async def test_fifteen_aliased_log_ins_are_cut_at_the_limit(http: httpx.AsyncClient) -> None:
    await make_user(email="lea@exemple.be")
    response = await http.post("/graphql", json={"query": _guesses(15)})
    assert response.status_code == 429
    assert 0 < int(response.headers["retry-after"]) <= 900
    errors = response.json()["errors"]
    assert [e["extensions"]["code"] for e in errors] == ["RATE_LIMITED"]  # the 11th; the rest never runs
    assert errors[0]["extensions"]["retryAfter"] > 0
    # the right password does not get through either until the window passes
    right = await _post(http, LOG_IN, {"i": {"email": "lea@exemple.be", "password": PASSWORD}})
    assert right.status_code == 429
    assert right.json()["errors"][0]["extensions"]["code"] == "RATE_LIMITED"


async def test_the_log_in_page_answers_429_after_ten_wrong_passwords(http: httpx.AsyncClient) -> None:
    await make_user(email="lea@exemple.be")
    token = await csrf(http)
    form = {"csrf_token": token, "email": "lea@exemple.be", "password": "pas-le-bon"}
    statuses = [(await http.post("/connexion", data=form)).status_code for _ in range(11)]
    assert statuses == [422] * 10 + [429]
    refused = await http.post("/connexion", data={**form, "password": PASSWORD})
    assert refused.status_code == 429 and int(refused.headers["retry-after"]) > 0
    assert "Trop de tentatives" in refused.text


async def test_sign_ups_from_one_ip_are_limited_in_the_api_and_on_the_page(http: httpx.AsyncClient) -> None:
    for n in range(3):
        body = (
            await _post(
                http,
                OPERATIONS["SignUp"],
                {
                    "input": {
                        "email": f"personne{n}@exemple.be",
                        "password": "un-mot-de-passe-long",
                        "displayName": "Personne",
                    }
                },
            )
        ).json()
        assert body["data"]["signUp"]["accepted"] is True
    page = await http.post(
        "/inscription",
        data={
            "csrf_token": await csrf(http, "/inscription"),
            "email": "encore@exemple.be",
            "password": "un-mot-de-passe-long",
            "display_name": "Encore",
        },
    )
    assert page.status_code == 429 and "retry-after" in page.headers


async def test_graphql_requests_are_charged_by_cost_per_token(http: httpx.AsyncClient) -> None:
    user = await make_user()
    token = (await issue_token(user, "app")).raw
    wide = "{ " + " ".join(f"f{n}: __typename" for n in range(15)) + " viewer { id email displayName role } }"
    costs = [(await _post(http, wide, {}, token)).status_code for _ in range(6)]  # 20 fields: 2 each
    assert costs == [200] * 6
    refused = await _post(http, "{ __typename }", {}, token)
    assert refused.status_code == 429
    assert refused.json()["errors"][0]["extensions"]["code"] == "RATE_LIMITED"
    assert int(refused.headers["retry-after"]) > 0
    # anonymous requests from the same IP have a budget of their own
    assert (await _post(http, "{ __typename }", {})).status_code == 200
