"""`node(id:)` resolves through the registry the domain modules fill in."""

from __future__ import annotations

import pytest

from colab.api.ids import encode
from colab.api.node import register_node, registered_types
from colab.api.schema import export_schema
from colab.api.territories import ThemeNode
from colab.territories.models import Territory, Theme
from graphql import GraphQLObjectType, build_schema
from tests.api.conftest import GraphQLClient, top_codes
from tests.conftest import make_org, make_user
from tests.ideas.factories import item_of, make_moderator, submitted_idea


def _node_types() -> set[str]:
    schema = build_schema(export_schema())
    node = schema.get_type("Node")
    return {
        t.name
        for t in schema.type_map.values()
        if isinstance(t, GraphQLObjectType) and any(i is node for i in t.interfaces)
    }


def test_every_node_type_of_the_schema_has_a_fetcher() -> None:
    assert _node_types() == registered_types()
    assert len(registered_types()) >= 10


def test_a_node_type_registers_once() -> None:
    async def fetch(*_: object) -> None:
        return None

    with pytest.raises(ValueError, match="Theme"):
        register_node(ThemeNode, fetch)


async def test_node_finds_reference_data_and_organizations(api: GraphQLClient) -> None:
    org = await make_org(name="Province de Namur")
    theme = await Theme.get(slug="energie")
    namur = await Territory.get(nis_code="92094")
    found = [
        (await api.run("Node", id=encode(kind, pk)))["data"]["node"]
        for kind, pk in (("Organization", org.id), ("Theme", theme.id), ("Territory", namur.id))
    ]
    assert [(n["__typename"], n.get("name") or n.get("slug")) for n in found] == [
        ("Organization", "Province de Namur"),
        ("Theme", "energie"),
        ("Territory", "Namur"),
    ]


async def test_a_type_without_a_fetcher_or_an_unknown_pk_is_null(api: GraphQLClient) -> None:
    assert (await api.run("Node", id=encode("Membership", 1)))["data"]["node"] is None
    assert (await api.run("Node", id=encode("Organization", 999_999)))["data"]["node"] is None


async def test_a_malformed_id_is_a_top_level_invalid_id(api: GraphQLClient) -> None:
    body = await api.run("Node", id="pas-un-identifiant")
    assert top_codes(body) == ["INVALID_ID"]


async def test_the_viewer_and_the_log_are_only_seen_by_whom_they_concern(api: GraphQLClient) -> None:
    citizen, other = await make_user(), await make_user()
    as_citizen = await api.as_user(citizen)
    query = "query($id: ID!) { node(id: $id) { __typename id } }"
    own = await as_citizen.raw(query, {"id": encode("Viewer", citizen.id)})
    assert own["data"]["node"]["__typename"] == "Viewer"
    assert (await as_citizen.raw(query, {"id": encode("Viewer", other.id)}))["data"]["node"] is None
    item = await item_of(await submitted_idea(author=citizen))
    moderator = await api.as_user(await make_moderator())
    seen = await moderator.raw(query, {"id": encode("ReviewItem", item.id)})
    assert seen["data"]["node"]["__typename"] == "ReviewItem"
    assert (await as_citizen.raw(query, {"id": encode("ReviewItem", item.id)}))["data"]["node"] is None


def test_every_node_type_resolves_its_id_as_strawberry_would() -> None:
    """colab.api.node.fast_node_ids: the same string as Strawberry's GlobalID for every node type it changed."""
    from strawberry import relay

    from colab.api.schema import schema
    from graphql import GraphQLObjectType

    changed = [
        name
        for name, graphql_type in schema._schema.type_map.items()
        if isinstance(graphql_type, GraphQLObjectType)
        and "id" in graphql_type.fields
        and getattr(graphql_type.fields["id"].resolve, "func", None) is not None
    ]
    assert {"Challenge", "Idea", "Organization", "Territory", "Theme", "Project"} <= set(changed)
    for name in changed:
        resolve = schema._schema.type_map[name].fields["id"].resolve
        root = type("Root", (), {resolve.args[1]: 4321})()  # type: ignore[union-attr]
        assert resolve(root, None) == str(relay.GlobalID(name, "4321"))  # type: ignore[misc]


def test_held_fields_are_answered_from_the_node_and_loaded_otherwise() -> None:
    """colab.api.prefetch.answer_held_fields: a node that holds the value answers it; one that does not goes
    through the field's own resolver."""
    from colab.api.prefetch import NOT_PREFETCHED, _held_first
    from colab.api.schema import schema

    resolve = schema._schema.type_map["Challenge"].fields["organization"].resolve
    assert resolve.func is _held_first and resolve.args[0] == "held_organization"  # type: ignore[attr-defined]
    calls: list[object] = []
    held = type("Held", (), {"held_organization": "the organization"})()
    alone = type("Alone", (), {"held_organization": NOT_PREFETCHED})()
    assert _held_first("held_organization", lambda root, info: calls.append(root), held, None) == "the organization"
    _held_first("held_organization", lambda root, info: calls.append(root), alone, None)
    assert calls == [alone]
