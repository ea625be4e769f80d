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
from colab.api.execution import LeanExecutionContext, field_plans
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
    plans = field_plans(schema._schema)
    for field in ("id", "title", "needs", "ideasOpenUntil", "status"):
        assert ("Challenge", field) in plans
    assert ("Idea", "authorName") in plans and ("Project", "holderName") in plans  # held by list nodes
    assert ("Challenge", "organization") in plans and ("Challenge", "themes") in plans  # held by list nodes
    assert ("Query", "node") not in plans  # arguments
    assert ("Challenge", "activity") not in plans  # a resolver that reads its info


# ---------------------------------------------------------------- every error path of a leaf and of an object


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
  ... on Thing { name mood } skipped: name @skip(if: true) kept: mood @include(if: true) } }"""


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
        "n": 3, "shout": "AA", "broken": None, "kept": "CALM",
    }  # fmt: skip
    assert things[1] is None and things[-1]["count"] == 4  # a null in a non-null field nulls the item
    messages = " ".join(e["message"] for e in lean["errors"])
    assert "Cannot return null for non-nullable field Thing.name." in messages
    assert "Enum 'Mood' cannot represent value: 'ANGRY'" in messages
    assert "Int cannot represent non 32-bit signed integer value: 1099511627776" in messages
    assert "cassé" in messages and "une erreur" in messages


@strawberry.type
class Part:
    label: str
    note: str | None = None

    @strawberry.field
    async def later(self) -> str:  # completes after an await: graphql-core's awaitable path
        if self.label == "boom":
            raise ValueError("plus tard")
        return self.label.upper()


@strawberry.type
class Box:
    part: Part
    maybe_part: Part | None
    parts: list[Part]
    maybe_parts: list[Part | None] | None


def _box(**row: Any) -> Box:
    defaults = {"part": Part(label="p"), "maybe_part": None, "parts": [Part(label="q", note="n")], "maybe_parts": None}
    return Box(**{**defaults, **row})


BOXES = [
    {},
    {"maybe_part": Part(label="m"), "maybe_parts": [Part(label="x"), None]},
    {"part": Part(label=None)},  # type: ignore[arg-type] # a null inside a non-null object nulls the box
    {"maybe_part": Part(label=None)},  # type: ignore[arg-type] # ... inside a nullable one nulls that object only
    {"parts": [Part(label="a"), None]},  # a null item in a list of non-null objects
    {"maybe_parts": [Part(label=None), Part(label="b")]},  # type: ignore[arg-type]
    {"maybe_part": Part(label="boom")},  # an error after an await, inside a nullable object
    {"part": Part(label="boom")},  # ... inside a non-null one
    {"parts": [Part(label="c"), Part(label="boom")]},  # ... in a list item
    {"parts": "pas une liste"},
    {"maybe_part": ValueError("une valeur d'erreur")},
    {"parts": (Part(label="t"), Part(label="u"))},  # a tuple is a list
]


@strawberry.type
class BoxQuery:
    @strawberry.field
    def boxes(self) -> list[Box | None]:
        return [_box(**row) for row in BOXES]


BOX_DOCUMENT = """{ boxes { part { label note later } maybePart { label note later } parts { label later }
  maybeParts { label later } again: part { label } } }"""


_infos_built: dict[str, int] = {}


def _counting(base: type) -> type:
    class Counting(base):  # type: ignore[misc, valid-type]
        def build_resolve_info(self, *args: Any) -> Any:
            _infos_built[base.__name__] = _infos_built.get(base.__name__, 0) + 1
            return super().build_resolve_info(*args)

    return Counting


async def _boxes(execution_context_class: type) -> dict[str, Any]:
    small = strawberry.Schema(query=BoxQuery, execution_context_class=execution_context_class)
    result = await small.execute(BOX_DOCUMENT)
    return {"data": result.data, "errors": sorted((e.formatted for e in result.errors or []), key=str)}


async def test_objects_complete_as_graphql_core_completes_them() -> None:
    _infos_built.clear()
    lean = await _boxes(_counting(LeanExecutionContext))
    assert lean == await _boxes(_counting(StrawberryGraphQLCoreExecutionContext))
    # the objects and their leaves were completed without graphql-core's resolve info; `later` needs one
    assert _infos_built["StrawberryGraphQLCoreExecutionContext"] >= 2 * _infos_built["LeanExecutionContext"]
    boxes = lean["data"]["boxes"]
    assert boxes[0] == {
        "part": {"label": "p", "note": None, "later": "P"}, "maybePart": None,
        "parts": [{"label": "q", "later": "Q"}], "maybeParts": None, "again": {"label": "p"},
    }  # fmt: skip
    assert boxes[1]["maybeParts"] == [{"label": "x", "later": "X"}, None]
    assert boxes[2] is None and boxes[3]["maybePart"] is None and boxes[4] is None
    assert boxes[5]["maybeParts"] == [None, {"label": "b", "later": "B"}]
    assert boxes[6]["maybePart"] is None and boxes[7] is None and boxes[8] is None and boxes[9] is None
    assert boxes[10]["maybePart"] is None and [p["label"] for p in boxes[11]["parts"]] == ["t", "u"]
    paths = [e["path"] for e in lean["errors"]]
    assert len(paths) == len({str(p) for p in paths})  # each error once
    assert ["boxes", 3, "maybePart", "label"] in paths and ["boxes", 6, "maybePart", "later"] in paths
    assert ["boxes", 8, "parts", 1, "later"] in paths


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
    _infos_built.clear()
    assert _result(_counting(LeanExecutionContext)) == _result(_counting(StrawberryGraphQLCoreExecutionContext))
    # graphql-core builds a resolve info for every field; the lean executor only for the query's `things`,
    # the resolvers of `shout` and `broken`, and the bad rows it hands back to graphql-core
    assert _infos_built["StrawberryGraphQLCoreExecutionContext"] >= 2 * _infos_built["LeanExecutionContext"]
