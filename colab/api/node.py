"""`node(id:)`: any object by its global id, as visible to the viewer.

Each domain module registers how to fetch its node types (`@fetches(ChallengeNode)`), so a new domain adds
its types without editing this module. A fetcher returns None for what the viewer may not see: to them it
does not exist.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from functools import lru_cache, partial
from typing import TypeVar

import strawberry
from strawberry import relay
from strawberry.relay.utils import to_base64
from strawberry.types.base import get_object_definition

from colab.api.context import Info
from colab.api.errors import top_level
from colab.api.execution import leaf_shortcut
from colab.api.ids import parse
from colab.errors import ColabError, ErrorCode
from graphql import GraphQLObjectType

N = TypeVar("N", bound=relay.Node)
Fetch = Callable[[Info, int], Awaitable[N | None]]

_fetchers: dict[str, Fetch[relay.Node]] = {}


def type_name(node_type: type[relay.Node]) -> str:
    """The GraphQL name of a node type, the one its global ids carry."""
    return get_object_definition(node_type, strict=True).name


def register_node(node_type: type[N], fetch: Fetch[N]) -> None:
    """Make `node(id:)` resolve ids of `node_type` with `fetch(info, pk)`; each type registers once."""
    name = type_name(node_type)
    if name in _fetchers:
        raise ValueError(f"the node type {name} is already registered")
    _fetchers[name] = fetch


def fetches(node_type: type[N]) -> Callable[[Fetch[N]], Fetch[N]]:
    """Decorator form of `register_node`."""

    def register(fetch: Fetch[N]) -> Fetch[N]:
        register_node(node_type, fetch)
        return fetch

    return register


def registered_types() -> set[str]:
    return set(_fetchers)


#: global ids repeat from one request to the next (a territory, a theme, the newest challenges): encoded once
global_id = lru_cache(maxsize=65_536)(to_base64)


def _global_id(type_name: str, attribute: str, root: object, _info: object) -> str:
    return global_id(type_name, getattr(root, attribute))


def fast_node_ids(schema: strawberry.Schema) -> int:
    """Resolve the `id` of every node type that keeps its id in an attribute with one plain function.

    Strawberry resolves `id` like any field with a resolver (its info object, its arguments, its extension
    chain, then `resolve_typename` and `resolve_id`): on a page of 20 challenges with their organization,
    territory and themes that is 100 calls and a tenth of the request's CPU. The value is the same string
    (`GlobalID.__str__` is `to_base64(type name, id)`); a type that overrides `resolve_id` keeps Strawberry's.
    Returns how many types it changed.
    """
    changed = 0
    for name, graphql_type in schema._schema.type_map.items():
        if not isinstance(graphql_type, GraphQLObjectType) or "id" not in graphql_type.fields:
            continue
        definition = schema.get_type_by_name(name)
        origin = getattr(definition, "origin", None)
        if not (isinstance(origin, type) and issubclass(origin, relay.Node)):
            continue
        if origin.resolve_id.__func__ is not relay.Node.resolve_id.__func__:  # type: ignore[attr-defined]
            continue
        resolve = partial(_global_id, name, origin.resolve_id_attr())
        leaf_shortcut(resolve, resolve)  # it never reads info
        graphql_type.fields["id"].resolve = resolve
        changed += 1
    return changed


@strawberry.type
class NodeQuery:
    @strawberry.field(description="Any object by its global id; null if unknown or not visible to you.")
    async def node(self, info: Info, id: strawberry.ID) -> relay.Node | None:
        parsed = parse(id)
        if parsed is None:
            raise top_level(ColabError(ErrorCode.INVALID_ID, "Cet identifiant n'est pas valide.", "id"))
        name, pk = parsed
        fetch = _fetchers.get(name)
        return await fetch(info, pk) if fetch else None
