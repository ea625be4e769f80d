"""Relations read with their page: a node built for a list carries them, its fields answer without a loader.

A list resolver reads the page, then each relation the request selects in one query for the whole page, and
builds nodes that hold them. Their fields are plain functions returning what the node holds (no coroutine, no
DataLoader per row: on a page of 20 that is most of the per-field work). A node built elsewhere (a mutation's
payload, `node(id:)`) holds nothing, and the same field returns its loader's awaitable instead, which
graphql-core awaits.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from functools import partial
from typing import Any, TypeVar, cast

import strawberry
from graphql.pyutils import Undefined
from strawberry.types.base import StrawberryObjectDefinition
from strawberry.types.nodes import SelectedField, Selection

from colab.api.context import Info
from colab.api.execution import leaf_shortcut
from graphql import GraphQLObjectType

T = TypeVar("T")
F = TypeVar("F", bound=Callable[..., Any])


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


def holds(attribute: str) -> Callable[[F], F]:
    """Mark a field's resolver: its node may hold the value in `attribute` (see `answer_held_fields`)."""

    def mark(resolver: F) -> F:
        resolver.held_attribute = attribute  # type: ignore[attr-defined]
        return resolver

    return mark


def _held_first(attribute: str, resolve: Callable[..., Any], root: object, info: object, **kwargs: Any) -> Any:
    held = _held_value(attribute, root, info)
    return resolve(root, info, **kwargs) if held is Undefined else held


def _held_value(attribute: str, root: object, _info: object) -> Any:
    held = getattr(root, attribute, NOT_PREFETCHED)
    return Undefined if isinstance(held, Missing) else held


def answer_held_fields(schema: strawberry.Schema) -> int:
    """Answer every field marked with `holds` straight from the node when it holds the value.

    A resolver, even one returning an attribute, goes through Strawberry's per-field chain (its info object,
    its arguments, its extensions): a few microseconds, times every relation of every row of a page. The
    field's resolver stays as it is for a node that holds nothing. Returns how many fields it changed.
    """
    changed = 0
    for name, graphql_type in schema._schema.type_map.items():
        definition = schema.get_type_by_name(name)
        if not isinstance(graphql_type, GraphQLObjectType) or not isinstance(definition, StrawberryObjectDefinition):
            continue
        for field in definition.fields:
            attribute = (
                getattr(field.base_resolver.wrapped_func, "held_attribute", None) if field.base_resolver else None
            )
            if attribute is not None:
                graphql_field = graphql_type.fields[schema.config.name_converter.from_field(field)]
                resolve = partial(_held_first, attribute, graphql_field.resolve)
                leaf_shortcut(resolve, partial(_held_value, attribute))  # used when the field is a leaf
                graphql_field.resolve = resolve
                changed += 1
    return changed


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
