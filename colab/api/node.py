"""`node(id:)`: any object by its global id, as visible to the viewer.

Each domain module registers how to fetch its node types (`@fetches(ChallengeNode)`), so a new domain adds
its types without editing this module. A fetcher returns None for what the viewer may not see: to them it
does not exist.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TypeVar

import strawberry
from strawberry import relay
from strawberry.types.base import get_object_definition

from colab.api.context import Info
from colab.api.errors import top_level
from colab.api.ids import parse
from colab.errors import ColabError, ErrorCode

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
