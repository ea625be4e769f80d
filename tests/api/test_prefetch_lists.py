"""The lean lists (records, relations read with the page) answer exactly what a node built alone answers: a
free-standing idea or project (no challenge, no organization) included."""

from __future__ import annotations

from tests.api.conftest import GraphQLClient
from tests.conftest import SQLCounter, make_challenge, make_user
from tests.projects.factories import make_project

IDEA_FIELDS = (
    "id title authorName needs territory { name } themes { name } challenge { id title organization { name } }"
)
PROJECT_FIELDS = (
    "id title holderName followerCount territory { name } organization { id name kindLabel } "
    "challenge { id title themes { name } }"
)


async def _seed() -> None:
    challenge = await make_challenge(title="Un défi des rivières")
    await make_project(await make_user(name="Alice Dupont"), challenge, title="Une idée pour le défi")
    await make_project(await make_user(name="Bruno Lejeune"), None, title="Une idée libre")


async def test_list_nodes_answer_as_nodes_read_alone(api: GraphQLClient) -> None:
    await _seed()
    for list_field, fields in (("ideas", IDEA_FIELDS), ("projects", PROJECT_FIELDS)):
        listed = (await api.raw(f"{{ {list_field}(first: 10) {{ edges {{ node {{ {fields} }} }} }} }}"))["data"]
        nodes = [e["node"] for e in listed[list_field]["edges"]]
        assert {n["title"] for n in nodes} == {"Une idée pour le défi", "Une idée libre"}
        for node in nodes:
            alone = await api.raw(
                f'{{ node(id: "{node["id"]}") {{ ... on {list_field[:-1].title()} {{ {fields} }} }} }}'
            )
            assert alone["data"]["node"] == node
        free = next(n for n in nodes if n["title"] == "Une idée libre")
        assert free["challenge"] is None and free.get("organization", None) is None
        linked = next(n for n in nodes if n["title"] != "Une idée libre")
        assert linked["challenge"]["title"] == "Un défi des rivières"


async def test_relations_are_read_with_the_page(api: GraphQLClient, sql: SQLCounter) -> None:
    await _seed()
    sql.reset()
    body = await api.raw(f"{{ projects(first: 10) {{ totalCount edges {{ node {{ {PROJECT_FIELDS} }} }} }} }}")
    assert body["data"]["projects"]["totalCount"] == 2
    # the page (with its count, holder names, organizations and challenges), the follower counts, then the
    # nested challenge's themes (one query for the page); the read cache's generation aside
    statements = [s for s in sql.statements if "cache_generation" not in s]
    assert len(statements) == 3, statements
    assert not any('"user"' in s and "password_hash" in s for s in sql.statements)
