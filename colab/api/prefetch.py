"""Relations read with their page: a node built for a list carries them, its fields answer without a loader.

A list resolver reads the page, then each relation the request selects in one query for the whole page, and
builds nodes that hold them. Their fields are plain functions returning what the node holds (no coroutine, no
DataLoader per row: on a page of 20 that is most of the per-field work). A node built elsewhere (a mutation's
payload, `node(id:)`) holds nothing, and the same field returns its loader's awaitable instead, which
graphql-core awaits.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TypeVar, cast

from strawberry.types.nodes import SelectedField, Selection

from colab.api.context import Info

T = TypeVar("T")


class Missing:
    """Not prefetched (distinct from a prefetched None)."""

    def __repr__(self) -> str:
        return "NOT_PREFETCHED"


NOT_PREFETCHED = Missing()


def held_or_loaded(held: T | Missing, load: Callable[[], Awaitable[T]]) -> T:
    """What the node holds, or the awaitable that loads it (graphql-core awaits a resolver's awaitable)."""
    if isinstance(held, Missing):
        return cast(T, load())
    return held


def node_fields(info: Info) -> set[str]:
    """The field names a connection's request selects on `edges { node { ... } }`, fragments included."""
    names: set[str] = set()
    pending: list[Selection] = [s for field in info.selected_fields for s in field.selections]
    nodes: list[Selection] = []
    while pending:  # down to edges.node
        selection = pending.pop()
        if isinstance(selection, SelectedField):
            if selection.name == "edges":
                pending.extend(selection.selections)
            elif selection.name == "node":
                nodes.extend(selection.selections)
        else:
            pending.extend(selection.selections)
    while nodes:
        selection = nodes.pop()
        if isinstance(selection, SelectedField):
            names.add(selection.name)
        else:
            nodes.extend(selection.selections)
    return names
