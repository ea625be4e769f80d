"""Hostile inputs on the routes and fields added by the spine and the "who acts" issues, each sent together with a
probe (`GET /defis`): every answer must be a 4xx or a typed error in milliseconds, and the probe never held up.

Run against a served demo lab: `colab migrate && colab seed-demo && colab serve --port 8120`, then
`python bench/hostile_new_routes.py [base-url]`. Results: bench/RESULTS.md.
"""

from __future__ import annotations

import asyncio
import re
import sys
import time
from collections.abc import Awaitable
from typing import Any

import httpx

BASE = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8120"
GRAPHQL = BASE + "/graphql"
NESTED = "<div>" * 40000 + "x" + "</div>" * 40000
TOKEN = "mutation($n:String!){createApiToken(input:{name:$n,scopes:[READ],expiresInDays:3}){errors{code}}}"
REPORT = 'mutation($d:String!){reportContent(input:{subjectId:"UHJvamVjdDox",reason:SPAM,text:$d}){errors{code}}}'
APPEAL = 'mutation($m:String!){appealDecision(input:{subjectId:"SWRlYTox",message:$m}){errors{code}}}'


async def timed(client: httpx.AsyncClient, label: str, hostile: Awaitable[httpx.Response]) -> None:
    async def probe() -> tuple[int, float]:
        started = time.perf_counter()
        answer = await client.get(BASE + "/defis")
        return answer.status_code, time.perf_counter() - started

    started = time.perf_counter()
    answer, (probe_status, probe_time) = await asyncio.gather(hostile, probe())
    elapsed = time.perf_counter() - started
    code = re.search(r'"code":"([A-Z_]+)"', answer.text)
    print(
        f"| {label} | {answer.status_code} | {code.group(1) if code else ''} | {elapsed * 1000:.0f} ms "
        f"| {probe_status} in {probe_time * 1000:.0f} ms |"
    )


async def form(client: httpx.AsyncClient, path: str, data: dict[str, str]) -> httpx.Response:
    page = await client.get(BASE + path)
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    return await client.post(BASE + path, data={**data, "csrf_token": csrf.group(1) if csrf else ""})


async def main() -> None:
    async with httpx.AsyncClient(timeout=60) as anon, httpx.AsyncClient(timeout=60) as citizen:
        login = 'mutation{logIn(input:{email:"citoyen@colab.example",password:"demo-colab-2026"}){token}}'
        token = (await anon.post(GRAPHQL, json={"query": login})).json()["data"]["logIn"]["token"]

        def gql(query: str, variables: dict[str, Any] | None = None) -> Awaitable[httpx.Response]:
            headers = {"authorization": f"Bearer {token}"}
            return citizen.post(GRAPHQL, json={"query": query, "variables": variables or {}}, headers=headers)

        ask = {"organization_name": "Commune de Gesves", "kind": "COMMUNE", "contact_name": "A", "email": "a@gesves.be"}
        huge_form = b"a=" + b"x" * 2_000_000
        form_type = {"content-type": "application/x-www-form-urlencoded"}
        print("| request | status | code | time | probe |\n|---|---|---|---|---|")
        await timed(anon, "institutions: NUL in message", form(anon, "/institutions", {**ask, "message": "a\x00b"}))
        await timed(anon, "institutions: 150 KB message", form(anon, "/institutions", {**ask, "message": "m" * 150000}))
        huge = anon.post(BASE + "/institutions", content=huge_form, headers=form_type)
        await timed(anon, "institutions: 2 MB body", huge)
        await timed(anon, "password reset: 300-char email", form(anon, "/mot-de-passe-oublie", {"email": "a" * 300}))
        await timed(anon, "password reset: NUL email", form(anon, "/mot-de-passe-oublie", {"email": "a\x00@x.be"}))
        await timed(anon, "reset link: garbage token 10 KB", anon.get(BASE + "/mot-de-passe/" + "x" * 10000))
        cursor = 'query{activity(first:5, after:"' + "A" * 40 + '"){totalCount}}'
        await timed(anon, "activity: cursor 2^70", anon.post(GRAPHQL, json={"query": cursor}))
        await timed(anon, "activity page: ?page=10^30", anon.get(BASE + "/activite?page=" + "9" * 30))
        first = "query{activity(first:100000){totalCount}}"
        await timed(anon, "activity: first=100000", anon.post(GRAPHQL, json={"query": first}))
        await timed(citizen, "createApiToken: name 1 MB variable", gql(TOKEN, {"n": "n" * 900_000}))
        await timed(citizen, "createApiToken: name 5000", gql(TOKEN, {"n": "n" * 5000}))
        forever = 'mutation{createApiToken(input:{name:"x",scopes:[READ],expiresInDays:1000000000}){errors{code}}}'
        await timed(citizen, "createApiToken: expires 10^9 days", gql(forever))
        await timed(citizen, "createApiToken: NUL name", gql(TOKEN, {"n": "a\x00"}))
        await timed(citizen, "reportContent: 100 KB text", gql(REPORT, {"d": "d" * 100_000}))
        await timed(citizen, "reportContent: nested-div text", gql(REPORT, {"d": NESTED[:400000]}))
        bad_id = 'mutation{reportContent(input:{subjectId:"%%%",reason:SPAM}){errors{code}}}'
        await timed(citizen, "reportContent: bad id", gql(bad_id))
        await timed(citizen, "appealDecision: NUL message", gql(APPEAL, {"m": "x\x00"}))
        await timed(citizen, "appealDecision: 1 MB message", gql(APPEAL, {"m": "x" * 900_000}))
        await timed(citizen, "node: ApiToken id 2^40", gql('query{node(id:"QXBpVG9rZW46MTA5OTUxMTYyNzc3Ng=="){id}}'))


if __name__ == "__main__":
    asyncio.run(main())
