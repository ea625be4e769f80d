"""Hostile inputs on the fields and routes issues 10 and 11 added (funding, payments, matching, acting, advice,
teams, project pages), each sent together with a probe (`GET /defis`): every answer must be a 4xx or a typed
error in milliseconds, and the probe never held up.

Run against a served demo lab: `colab migrate && colab seed-demo && colab serve --port 8120`, then
`python bench/hostile_contributions.py [base-url]`. Results: bench/RESULTS.md.
"""

from __future__ import annotations

import asyncio
import base64
import sys

import httpx

from bench.hostile_new_routes import NESTED, timed

BASE = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8120"
GRAPHQL = BASE + "/graphql"
PROJECT, CAMPAIGN, COMMUNE = "UHJvamVjdDox", base64.b64encode(b"Campaign:1").decode(), "VGVycml0b3J5OjE="
BIG = "é" * 300_000
LOG_IN = 'mutation($e:String!){logIn(input:{email:$e,password:"demo-colab-2026"}){token errors{code}}}'
ADVICE = (
    'mutation($b:String!,$u:String!){giveAdvice(input:{projectId:"%s",kind:RESOURCE,body:$b,url:$u}){errors{code}}}'
)
PLEDGE = 'mutation($a:Int!,$m:String!){pledge(input:{campaignId:"%s",amountCents:$a,message:$m}){errors{code}}}'
ROLE = (
    'mutation($t:String!,$s:[String!]!,$n:Int!){openTeamRole(input:{projectId:"%s",title:$t,description:$t,'
    "skills:$s,hoursPerWeek:4,seats:$n}){errors{code}}}"
)
CALL = (
    'mutation($d:String!,$c:Int!){postVolunteerCall(input:{projectId:"%s",title:"Une action",description:$d,'
    'communeId:"%s",meetingPoint:"Gare",startsAt:"2027-01-02T10:00:00Z",endsAt:"2027-01-02T12:00:00Z",'
    "capacity:$c}){errors{code}}}"
)
STATEMENT = "mutation($s:String!){importBankStatement(input:{statement:$s}){errors{code}}}"
XXE = '<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]><Document>&x;</Document>'


async def main() -> None:
    async with httpx.AsyncClient(timeout=30) as client:

        async def bearer(email: str) -> dict[str, str]:
            answer = await client.post(GRAPHQL, json={"query": LOG_IN, "variables": {"e": email}})
            return {"Authorization": f"Bearer {answer.json()['data']['logIn']['token']}"}

        admin, holder = await bearer("admin@colab.example"), await bearer("citoyen@colab.example")

        def gql(query: str, as_holder: bool = False, **variables: object) -> object:
            headers = holder if as_holder else admin
            return client.post(GRAPHQL, json={"query": query, "variables": variables}, headers=headers)

        print("| request | status | code | time | probe |")
        print("|---|---|---|---|---|")
        await timed(client, "giveAdvice: 600 KB body", gql(ADVICE % PROJECT, b=BIG, u=""))
        await timed(client, "giveAdvice: 40,000 nested divs", gql(ADVICE % PROJECT, b=NESTED[:900_000], u=""))
        await timed(
            client, "giveAdvice: javascript: URL", gql(ADVICE % PROJECT, b="Un lien utile ici", u="javascript:alert(1)")
        )
        await timed(client, "giveAdvice: NUL in body", gql(ADVICE % PROJECT, b="a\x00b" * 10, u=""))
        await timed(client, "pledge: -5 cents", gql(PLEDGE % CAMPAIGN, a=-5, m=""))
        await timed(client, "pledge: 2^31-1 cents", gql(PLEDGE % CAMPAIGN, a=2**31 - 1, m=""))
        await timed(client, "pledge: 600 KB message", gql(PLEDGE % CAMPAIGN, a=1000, m=BIG))
        await timed(
            client, "openTeamRole: 10,000 skills", gql(ROLE % PROJECT, as_holder=True, t="Rôle", s=["x"] * 10_000, n=2)
        )
        await timed(
            client, "openTeamRole: 2^31-1 seats", gql(ROLE % PROJECT, as_holder=True, t="Mécanicien", s=[], n=2**31 - 1)
        )
        await timed(
            client,
            "postVolunteerCall: nested description",
            gql(CALL % (PROJECT, COMMUNE), as_holder=True, d=NESTED[:900_000], c=5),
        )
        await timed(
            client,
            "postVolunteerCall: capacity -1",
            gql(CALL % (PROJECT, COMMUNE), as_holder=True, d="Une description.", c=-1),
        )
        await timed(client, "importBankStatement: XXE", gql(STATEMENT, s=XXE))
        await timed(client, "importBankStatement: 900 KB junk", gql(STATEMENT, s="<" * 900_000))
        await timed(
            client,
            "mollie webhook: junk id",
            client.post(BASE + "/paiements/mollie/webhook", data={"id": "x" * 10_000}),
        )
        await timed(client, "benevolat: NUL in commune", client.get(BASE + "/benevolat?commune=%00"))
        await timed(client, "benevolat: absurd dates", client.get(BASE + "/benevolat?du=99999-99-99&au=-1"))
        await timed(client, "fonds: id past 2^31", client.get(BASE + "/fonds/99999999999"))
        # the server answers 413 from Content-Length and closes before the body is sent: the client may see a reset
        try:
            await timed(
                client,
                "cover upload: 8 MiB",
                client.post(
                    BASE + "/projets/1/modifier",
                    content=b"0" * (8 << 20),
                    headers={"Content-Type": "multipart/form-data; boundary=x"},
                ),
            )
        except httpx.TransportError:
            print("| cover upload: 8 MiB | 413 (server log), connection closed before the body | | | |")


if __name__ == "__main__":
    asyncio.run(main())
