"""Leaf fields answered without graphql-core's per-field machinery (colab.api.execution) give the very answer
graphql-core's own executor gives: the lists and nodes of the lab, and every error path of a leaf."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from enum import Enum
from typing import Any

import strawberry
from strawberry.extensions import SchemaExtension
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext

from colab.accounts.models import Role
from colab.api.execution import LeanExecutionContext, leaf_plans
from colab.api.schema import schema
from graphql import GraphQLList, GraphQLNonNull, GraphQLObjectType, is_leaf_type
from tests.api.conftest import GraphQLClient
from tests.conftest import make_challenge, make_org, make_user
from tests.projects.factories import make_project


@contextmanager
def graphql_core_executor(of: strawberry.Schema) -> Iterator[None]:
    """Run `of` with Strawberry's own execution context (graphql-core's execute_field for every field)."""
    lean = of.execution_context_class
    of.execution_context_class = StrawberryGraphQLCoreExecutionContext
    try:
        yield
    finally:
        of.execution_context_class = lean


def _leaves(type_name: str) -> str:
    """Every argument-free leaf field (or list of leaves) of a type of the lab's schema."""
    graphql_type = schema._schema.type_map[type_name]
    assert isinstance(graphql_type, GraphQLObjectType)
    names = []
    for name, field in graphql_type.fields.items():
        kind: Any = field.type
        while isinstance(kind, GraphQLNonNull | GraphQLList):
            kind = kind.of_type
        if is_leaf_type(kind) and not any(isinstance(a.type, GraphQLNonNull) for a in field.args.values()):
            names.append(name)
    return " ".join(names)


def _documents() -> dict[str, str]:
    territory = f"territory {{ {_leaves('Territory')} }}"
    organization_fields = f"{_leaves('Organization')} {territory}"
    organization = f"organization {{ {organization_fields} }}"
    themes = f"themes {{ {_leaves('Theme')} }}"
    challenge = f"{_leaves('Challenge')} {organization} {territory} {themes}"
    idea = f"{_leaves('Idea')} {territory} {themes} challenge {{ {challenge} }}"
    project = f"{_leaves('Project')} {territory} {organization} challenge {{ id title }}"
    return {
        "challenges": f"{{ challenges(first: 10) {{ totalCount edges {{ cursor node {{ {challenge} }} }} }} }}",
        "ideas": f"{{ ideas(first: 10) {{ totalCount edges {{ node {{ {idea} }} }} }} }}",
        "projects": f"{{ projects(first: 10) {{ totalCount edges {{ node {{ {project} }} }} }} }}",
        "organizations": f"{{ organizations(first: 10) {{ edges {{ node {{ {organization_fields} }} }} }} }}",
        "nodes": f"query($a: ID!, $b: ID!) {{ a: node(id: $a) {{ ... on Challenge {{ {challenge} }} }} "
        f"b: node(id: $b) {{ ... on Project {{ {project} title @include(if: false) }} }} }}",
    }


async def test_the_lab_answers_as_graphql_core_does(api: GraphQLClient) -> None:
    org = await make_org(name="Commune de Namur")
    challenge = await make_challenge(org=org, title="Des rivières propres")
    await make_project(await make_user(name="Alice Dupont"), challenge, title="Un atelier vélo")
    await make_project(await make_user(name="Bruno Lejeune"), None, title="Une idée libre")
    moderator = await api.as_user(await make_user(Role.MODERATOR, name="Mona Moderatrice"))
    citizen = await api.as_user(await make_user(name="Chloé Citoyenne"))
    first = "(first: 1) { edges { node { id } } }"
    ids = await moderator.raw(f"{{ challenges{first} projects{first} }}")
    variables = {
        "a": ids["data"]["challenges"]["edges"][0]["node"]["id"],
        "b": ids["data"]["projects"]["edges"][0]["node"]["id"],
    }
    for name, document in _documents().items():
        for client in (citizen, moderator):  # signed in: computed each time (the read cache is anonymous)
            lean = await client.raw(document, variables if name == "nodes" else None)
            with graphql_core_executor(schema):
                plain = await client.raw(document, variables if name == "nodes" else None)
            assert "errors" not in lean, lean
            assert lean == plain, name
    listed = (await api.raw(_documents()["projects"]))["data"]["projects"]
    assert {e["node"]["title"] for e in listed["edges"]} == {"Un atelier vélo", "Une idée libre"}
    assert any(e["node"]["holderName"] == "Alice Dupont" for e in listed["edges"])


def test_the_lab_plans_its_hot_leaves() -> None:
    plans = leaf_plans(schema._schema)
    for field in ("id", "title", "needs", "ideasOpenUntil", "status"):
        assert ("Challenge", field) in plans
    assert ("Idea", "authorName") in plans and ("Project", "holderName") in plans  # held by list nodes
    assert ("Challenge", "organization") not in plans  # an object
    assert ("Query", "node") not in plans  # arguments


# ---------------------------------------------------------------- every error path of a leaf


class Mood(Enum):
    CALM = "CALM"
    BUSY = "BUSY"


@strawberry.type
class Thing:
    name: str
    nickname: str | None
    mood: Mood
    moods: list[Mood]
    maybe_moods: list[Mood | None] | None
    count: int

    @strawberry.field
    def shout(self, times: int = 1) -> str:
        return self.name.upper() * times

    @strawberry.field
    def broken(self) -> str | None:
        raise ValueError("cassé")


GOOD = {"name": "a", "nickname": None, "mood": Mood.CALM, "moods": [Mood.BUSY], "maybe_moods": [None], "count": 3}
BAD = [
    {"name": None},  # null for a non-null leaf
    {"mood": "ANGRY"},  # not a value of the enum
    {"moods": [Mood.CALM, None]},  # null item in a list of non-null items
    {"moods": "CALM"},  # a string is not a list
    {"count": "many"},  # not an Int
    {"count": 2**40},  # beyond GraphQL's Int
    {"nickname": ValueError("une erreur")},  # an exception as a value
]


def _things(rows: list[dict[str, Any]]) -> list[Thing]:
    return [Thing(**{**GOOD, **row}) for row in rows]


@strawberry.type
class ThingQuery:
    @strawberry.field
    def things(self) -> list[Thing | None]:
        return _things([{}, *BAD, {"count": 4}])


DOCUMENT = """{ things { name nickname mood moods maybeMoods count n: count shout(times: 2) broken
  ... on Thing { name mood } skipped: name @skip(if: true) } }"""


class CountResolves(SchemaExtension):
    seen = 0

    def resolve(self, _next: Any, root: Any, info: Any, *args: Any, **kwargs: Any) -> Any:
        CountResolves.seen += 1
        return _next(root, info, *args, **kwargs)


def _result(execution_context_class: type, extensions: list[Any] | None = None) -> dict[str, Any]:
    small = strawberry.Schema(
        query=ThingQuery, execution_context_class=execution_context_class, extensions=extensions or []
    )
    result = small.execute_sync(DOCUMENT)
    return {"data": result.data, "errors": sorted((e.formatted for e in result.errors or []), key=str)}


def test_errors_are_reported_as_graphql_core_reports_them() -> None:
    lean = _result(LeanExecutionContext)
    assert lean == _result(StrawberryGraphQLCoreExecutionContext)
    things = lean["data"]["things"]
    assert things[0] == {
        "name": "a", "nickname": None, "mood": "CALM", "moods": ["BUSY"], "maybeMoods": [None], "count": 3,
        "n": 3, "shout": "AA", "broken": None,
    }  # fmt: skip
    assert things[1] is None and things[-1]["count"] == 4  # a null in a non-null field nulls the item
    messages = " ".join(e["message"] for e in lean["errors"])
    assert "Cannot return null for non-nullable field Thing.name." in messages
    assert "Enum 'Mood' cannot represent value: 'ANGRY'" in messages
    assert "Int cannot represent non 32-bit signed integer value: 1099511627776" in messages
    assert "cassé" in messages and "une erreur" in messages


def _resolves_seen(execution_context_class: type) -> int:
    CountResolves.seen = 0
    result = _result(execution_context_class, [CountResolves])
    assert result["data"]["things"][0]["name"] == "a"
    return CountResolves.seen


def test_a_middleware_sees_every_leaf() -> None:
    # a schema extension's `resolve` sees each field as with graphql-core's executor (leaves included)
    seen = _resolves_seen(LeanExecutionContext)
    assert seen == _resolves_seen(StrawberryGraphQLCoreExecutionContext)
    assert seen > 9 * 5  # 9 rows of 6 leaves and more (a row stops at its first null in a non-null field)


def test_planned_leaves_skip_graphql_cores_field_machinery() -> None:
    built: dict[str, int] = {}

    def counting(base: type) -> type:
        class Counting(base):  # type: ignore[misc, valid-type]
            def build_resolve_info(self, *args: Any) -> Any:
                built[base.__name__] = built.get(base.__name__, 0) + 1
                return super().build_resolve_info(*args)

        return Counting

    assert _result(counting(LeanExecutionContext)) == _result(counting(StrawberryGraphQLCoreExecutionContext))
    # graphql-core builds a resolve info for every field; the lean executor only for the query's `things`,
    # the resolvers of `shout` and `broken`, and the bad rows it hands back to graphql-core
    assert built["StrawberryGraphQLCoreExecutionContext"] >= 2 * built["LeanExecutionContext"]
