"""Leaf fields executed without graphql-core's per-field machinery.

On a page of 20 challenges, graphql-core executes about 340 fields, 250 of them leaves read straight off the
node (a title, a date, an enum, a list of needs, an id). For each it builds a resolve info object (fifteen
values), looks for arguments, calls the resolver through Strawberry, asks twice whether the result is
awaitable and walks `complete_value`'s chain of type checks before coercing the value: most of a list's CPU.

`LeanExecutionContext` plans, once per schema, the fields that need none of it: a leaf (scalar or enum, or a
list of them) that takes no arguments and whose resolver ignores `info` (Strawberry's resolver of a plain
attribute) or declares a shortcut that does (a node's `id`, a name its node holds), and answers them with the
resolver and the type's own coercion. Whatever else happens (a null where the type forbids it, a coercion
that fails, an argument, a directive on the field, a middleware) goes to graphql-core's own `execute_field`,
which computes the field again and reports the error exactly as before: the answer, errors included, is the
same document (tested against graphql-core's executor).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any

from graphql.pyutils import Path, Undefined
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext
from strawberry.schema.schema_converter import GraphQLCoreConverter
from strawberry.types.field import StrawberryField

from graphql import (
    GraphQLField,
    GraphQLLeafType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLSchema,
    is_leaf_type,
)

#: a resolver's shortcut (an attribute set on the function or functools.partial): `shortcut(source, None)`
#: returns the field's value without reading `info`, or Undefined when the resolver itself must run
LEAF_SHORTCUT = "_colab_leaf_shortcut"


@dataclass(frozen=True, slots=True)
class LeafPlan:
    resolve: Callable[..., Any]
    coerce: Callable[[Any], Any]
    nullable: bool
    listed: bool  # a list of leaves
    items_nullable: bool


def leaf_shortcut(resolve: Callable[..., Any], shortcut: Callable[..., Any]) -> None:
    """Declare how to answer a leaf field resolved by `resolve` without its `info` (see LEAF_SHORTCUT)."""
    setattr(resolve, LEAF_SHORTCUT, shortcut)


def _attribute(name: str, source: Any, _info: object) -> Any:
    return getattr(source, name)


def _shortcut(field: GraphQLField) -> Callable[..., Any] | None:
    resolve = field.resolve
    if resolve is None:
        return None
    if not getattr(resolve, "_is_default", False):
        return getattr(resolve, LEAF_SHORTCUT, None)
    # Strawberry's resolver of a field without one (a plain attribute): it ignores info, and with the default
    # `getattr` it reads the attribute of the field's Python name
    definition = (field.extensions or {}).get(GraphQLCoreConverter.DEFINITION_BACKREF)
    if isinstance(definition, StrawberryField) and definition.default_resolver is getattr:
        return partial(_attribute, definition.python_name)
    return resolve


def _plan(field: GraphQLField) -> LeafPlan | None:
    shortcut = _shortcut(field)
    if field.args or shortcut is None:
        return None
    kind: Any = field.type
    nullable = not isinstance(kind, GraphQLNonNull)
    kind = kind if nullable else kind.of_type
    listed = isinstance(kind, GraphQLList)
    items_nullable = True
    if listed:
        kind = kind.of_type
        items_nullable = not isinstance(kind, GraphQLNonNull)
        kind = kind if items_nullable else kind.of_type
    if not is_leaf_type(kind):
        return None
    leaf: GraphQLLeafType = kind
    return LeafPlan(shortcut, leaf.coerce_output_value, nullable, listed, items_nullable)


def leaf_plans(schema: GraphQLSchema) -> dict[tuple[str, str], LeafPlan]:
    """(type name, field name) → how to answer that leaf field, for every such field of the schema."""
    plans = {}
    for type_name, graphql_type in schema.type_map.items():
        if isinstance(graphql_type, GraphQLObjectType) and not type_name.startswith("__"):
            for field_name, field in graphql_type.fields.items():
                if (plan := _plan(field)) is not None:
                    plans[type_name, field_name] = plan
    return plans


_plans_of: dict[int, dict[tuple[str, str], LeafPlan]] = {}


class LeanExecutionContext(StrawberryGraphQLCoreExecutionContext):
    """Strawberry's execution context with planned leaf fields answered directly (see the module)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        plans = _plans_of.get(id(self.schema))
        if plans is None:
            plans = _plans_of[id(self.schema)] = leaf_plans(self.schema)
        manager = self.middleware_manager
        # a middleware (a schema extension's `resolve`) must see every field: then no field is planned
        self.leaf_plans = plans if manager is None or not manager._middleware_resolvers else {}  # noqa: SLF001

    def execute_field(
        self,
        parent_type: GraphQLObjectType,
        source: Any,
        field_details_list: Any,
        path: Path,
        position_context: Any,
    ) -> Any:
        node = field_details_list[0].node
        plan = self.leaf_plans.get((parent_type.name, node.name.value))
        if plan is not None and not node.directives:
            try:
                answer = self._leaf(plan, source)
            except Exception:  # noqa: BLE001 - graphql-core's path below reports it as it always did
                answer = Undefined
            if answer is not Undefined:
                return answer
        return super().execute_field(parent_type, source, field_details_list, path, position_context)

    @staticmethod
    def _leaf(plan: LeafPlan, source: Any) -> Any:
        value = plan.resolve(source, None)
        # Undefined: graphql-core's own path must run (and report what is wrong)
        if value is None:
            return None if plan.nullable else Undefined
        if value is Undefined or isinstance(value, Exception):
            return Undefined
        if not plan.listed:
            coerced = plan.coerce(value)
            return Undefined if coerced is None else coerced
        if not isinstance(value, list | tuple):
            return Undefined  # another iterable: graphql-core's path
        items: list[Any] = []
        for item in value:
            if item is None:
                if not plan.items_nullable:
                    return Undefined
                items.append(None)
                continue
            if isinstance(item, Exception) or (coerced := plan.coerce(item)) is None:
                return Undefined
            items.append(coerced)
        return items
