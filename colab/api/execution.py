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
from enum import Enum
from functools import partial
from typing import Any

from graphql.execution.executor import invalid_return_type_error
from graphql.pyutils import Path, Undefined, gather_with_cancel
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext
from strawberry.schema.schema_converter import GraphQLCoreConverter
from strawberry.types.field import StrawberryField

from graphql import (
    GraphQLEnumType,
    GraphQLField,
    GraphQLLeafType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLOutputType,
    GraphQLSchema,
    is_leaf_type,
)

#: a resolver's shortcut (an attribute set on the function or functools.partial): `shortcut(source, None)`
#: returns the field's value without reading `info`, or Undefined when the resolver itself must run
LEAF_SHORTCUT = "_colab_leaf_shortcut"


@dataclass(frozen=True, slots=True)
class FieldPlan:
    resolve: Callable[..., Any]  # the shortcut: (source, None) → the value, or Undefined
    field_type: GraphQLOutputType
    coerce: Callable[[Any], Any] | None  # a leaf's coercion; None for an object or a list of objects
    nullable: bool
    listed: bool  # a list of leaves or of objects
    items_nullable: bool
    object_type: GraphQLObjectType | None = None  # an object field's type (of its items for a list)
    item_type: GraphQLOutputType | None = None  # a list's item type, as declared (NonNull or not)


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


def _enum_name(wrapped: type, names: dict[Any, str], coerce: Callable[[Any], Any], value: Any) -> Any:
    return names[value] if value.__class__ is wrapped else coerce(value)


def _coercion(leaf: GraphQLLeafType) -> Callable[[Any], Any]:
    """The type's coercion; for an enum of Strawberry (which compares the value with each of its members in
    turn), its answer for each member, computed once by that very coercion."""
    coerce = leaf.coerce_output_value
    wrapped = getattr(leaf, "wrapped_cls", None)
    if isinstance(leaf, GraphQLEnumType) and isinstance(wrapped, type) and issubclass(wrapped, Enum):
        return partial(_enum_name, wrapped, {member: coerce(member) for member in wrapped}, coerce)
    return coerce


def _plan(field: GraphQLField) -> FieldPlan | None:
    shortcut = _shortcut(field)
    if field.args or shortcut is None:
        return None
    kind: Any = field.type
    nullable = not isinstance(kind, GraphQLNonNull)
    kind = kind if nullable else kind.of_type
    listed = isinstance(kind, GraphQLList)
    items_nullable = True
    item_type = None
    if listed:
        kind = item_type = kind.of_type
        items_nullable = not isinstance(kind, GraphQLNonNull)
        kind = kind if items_nullable else kind.of_type
    if is_leaf_type(kind):
        return FieldPlan(shortcut, field.type, _coercion(kind), nullable, listed, items_nullable)
    if isinstance(kind, GraphQLObjectType):  # not an interface or a union: no type to resolve
        return FieldPlan(shortcut, field.type, None, nullable, listed, items_nullable, kind, item_type)
    return None


def field_plans(schema: GraphQLSchema) -> dict[tuple[str, str], FieldPlan]:
    """(type name, field name) → how to answer that field, for every field of the schema that has a plan."""
    plans = {}
    for type_name, graphql_type in schema.type_map.items():
        if isinstance(graphql_type, GraphQLObjectType) and not type_name.startswith("__"):
            for field_name, field in graphql_type.fields.items():
                if (plan := _plan(field)) is not None:
                    plans[type_name, field_name] = plan
    return plans


_plans_of: dict[int, dict[tuple[str, str], FieldPlan]] = {}

#: a field set's fields in order: (response name, field details, plan or None)
Planned = list[tuple[str, Any, FieldPlan | None]]

#: what completion gets for a resolve info on the planned path (see `LeanExecutionContext._complete_object`)
NO_INFO: Any = None


def _completable(plan: FieldPlan, value: Any, is_awaitable: Callable[[Any], bool]) -> bool:
    """Whether graphql-core can complete this object value without a resolve info (see `_complete_object`)."""
    if value is None or value is Undefined or isinstance(value, Exception) or is_awaitable(value):
        return False
    if not plan.listed:
        return True
    if not isinstance(value, list | tuple):
        return False
    return not any(
        (item is None and not plan.items_nullable) or isinstance(item, Exception) or is_awaitable(item)
        for item in value
    )


class LeanExecutionContext(StrawberryGraphQLCoreExecutionContext):
    """Strawberry's execution context with planned leaf fields answered directly (see the module)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        plans = _plans_of.get(id(self.schema))
        if plans is None:
            plans = _plans_of[id(self.schema)] = field_plans(self.schema)
        manager = self.middleware_manager
        # a middleware (a schema extension's `resolve`) must see every field: then no field is planned
        self.field_plans = plans if manager is None or not manager._middleware_resolvers else {}  # noqa: SLF001
        # per field set of this execution (collect_subfields memoizes them: one per selection, whatever the
        # number of rows), its fields with their plans; the set itself is kept so that its id stays its own
        self.planned_sets: dict[int, tuple[Any, Planned]] = {}

    def _planned(
        self, parent_type: GraphQLObjectType, grouped_field_set: Any
    ) -> list[tuple[str, Any, FieldPlan | None]]:
        entry = self.planned_sets.get(id(grouped_field_set))
        if entry is not None and entry[0] is grouped_field_set:
            return entry[1]
        plans = self.field_plans
        planned: Planned = []
        for response_name, field_details_list in grouped_field_set.items():
            plan = plans.get((parent_type.name, field_details_list[0].node.name.value))
            if any(details.node.directives for details in field_details_list):  # @stream, @defer: graphql-core's
                plan = None
            planned.append((response_name, field_details_list, plan))
        self.planned_sets[id(grouped_field_set)] = (grouped_field_set, planned)
        return planned

    def execute_fields(
        self,
        parent_type: GraphQLObjectType,
        source_value: Any,
        path: Path | None,
        grouped_field_set: Any,
        position_context: Any,
    ) -> Any:
        """graphql-core's `execute_fields`, with planned leaves answered in the loop (no path, no call)."""
        results: dict[str, Any] = {}
        is_awaitable = self.is_awaitable
        awaitable_fields: list[str] = []
        execute_field = self.execute_field  # graphql-core's (mutations' root fields, run in order, use it alone)
        leaf = self._leaf
        try:
            for response_name, field_details_list, plan in self._planned(parent_type, grouped_field_set):
                if plan is not None and plan.coerce is not None:
                    try:
                        answer = leaf(plan, source_value)
                    except Exception:  # noqa: BLE001 - graphql-core's path reports it as it always did
                        answer = Undefined
                    if answer is not Undefined:
                        results[response_name] = answer
                        continue
                field_path = Path(path, response_name, parent_type.name)
                result: Any = Undefined
                if plan is not None and plan.coerce is None:
                    result = self._object_field(plan, field_details_list, field_path, source_value, position_context)
                if result is Undefined:  # no plan, or what its plan cannot answer
                    result = execute_field(parent_type, source_value, field_details_list, field_path, position_context)
                if result is not Undefined:
                    results[response_name] = result
                    if is_awaitable(result):
                        awaitable_fields.append(response_name)
        except Exception:
            if awaitable_fields:  # as graphql-core: the other fields' awaitables may fail too
                self.settle_in_background([results[field] for field in awaitable_fields])
            raise
        if not awaitable_fields:
            return results

        async def get_results() -> dict[str, Any]:
            if len(awaitable_fields) == 1:
                field = awaitable_fields[0]
                results[field] = await results[field]
            else:
                awaited = await gather_with_cancel(*(results[field] for field in awaitable_fields))
                results.update(zip(awaitable_fields, awaited, strict=True))
            return results

        return get_results()

    def _object_field(
        self, plan: FieldPlan, field_details_list: Any, path: Path, source: Any, position_context: Any
    ) -> Any:
        """A planned object field's completed value, or Undefined when graphql-core must resolve it."""
        try:
            value = plan.resolve(source, None)
        except Exception:  # noqa: BLE001 - graphql-core's path reports it
            return Undefined
        if value is None and plan.nullable:
            return None
        if not _completable(plan, value, self.is_awaitable):
            return Undefined
        return self._complete_object(plan, field_details_list, path, value, position_context)

    def _complete_object(
        self, plan: FieldPlan, field_details_list: Any, path: Path, value: Any, position_context: Any
    ) -> Any:
        """What graphql-core's `execute_field` then `complete_value` do for an object (or a list of objects),
        errors included, without the resolve info: completion only reads it to word a null where the type
        forbids one, to resolve an abstract type or to stream, and `_completable` left those to graphql-core."""
        return_type = plan.field_type
        object_type = plan.object_type
        assert object_type is not None
        try:
            grouped_field_set, defer_usages, _ = self.collect_subfields(object_type, field_details_list)
            if defer_usages or position_context is not None:  # @defer here or above: graphql-core's incremental path
                completed = self.complete_value(return_type, field_details_list, NO_INFO, path, value, position_context)
            elif plan.listed:
                completed = self._complete_items(plan, object_type, grouped_field_set, field_details_list, path, value)
            else:
                completed = self._complete_one(object_type, grouped_field_set, field_details_list, path, value)
        except Exception as raw_error:
            self.handle_field_error(raw_error, return_type, field_details_list, path)
            return None
        if not self.is_awaitable(completed):
            return completed

        async def await_completed() -> Any:
            try:
                return await completed
            except Exception as raw_error:
                self.handle_field_error(raw_error, return_type, field_details_list, path)
                return None

        return await_completed()

    def _complete_one(
        self, object_type: GraphQLObjectType, grouped_field_set: Any, field_details_list: Any, path: Path, value: Any
    ) -> Any:
        """graphql-core's complete_object_value once the subfields are collected (no @defer among them)."""
        is_type_of = object_type.is_type_of
        if is_type_of is not None and not is_type_of(value, NO_INFO):  # Strawberry's is synchronous
            raise invalid_return_type_error(object_type, value, field_details_list)
        return self.execute_fields(object_type, value, path, grouped_field_set, None)

    def _complete_items(
        self,
        plan: FieldPlan,
        object_type: GraphQLObjectType,
        grouped_field_set: Any,
        field_details_list: Any,
        path: Path,
        items: Any,
    ) -> Any:
        """graphql-core's complete_iterable_value and complete_list_item_value for a list of objects that
        `_completable` checked: no awaitable, no exception, no null where the items may not be null."""
        item_type = plan.item_type
        assert item_type is not None
        is_awaitable = self.is_awaitable
        completed: list[Any] = []
        awaitable_indices: list[int] = []
        try:
            for index, item in enumerate(items):
                if item is None:
                    completed.append(None)
                    continue
                item_path = path.add_key(index, None)
                try:
                    result = self._complete_one(object_type, grouped_field_set, field_details_list, item_path, item)
                except Exception as raw_error:
                    self.handle_field_error(raw_error, item_type, field_details_list, item_path)
                    completed.append(None)
                    continue
                if is_awaitable(result):
                    completed.append(self._await_item(result, item_type, field_details_list, item_path))
                    awaitable_indices.append(index)
                else:
                    completed.append(result)
        except Exception:
            if awaitable_indices:  # as graphql-core: the items' awaitables may fail too
                self.settle_in_background([completed[index] for index in awaitable_indices])
            raise
        if not awaitable_indices:
            return completed

        async def get_completed() -> list[Any]:
            if len(awaitable_indices) == 1:
                completed[awaitable_indices[0]] = await completed[awaitable_indices[0]]
            else:
                awaited = await gather_with_cancel(*(completed[index] for index in awaitable_indices))
                for index, result in zip(awaitable_indices, awaited, strict=True):
                    completed[index] = result
            return completed

        return get_completed()

    async def _await_item(self, result: Any, item_type: GraphQLOutputType, field_details_list: Any, path: Path) -> Any:
        try:
            return await result
        except Exception as raw_error:
            self.handle_field_error(raw_error, item_type, field_details_list, path)
            return None

    @staticmethod
    def _leaf(plan: FieldPlan, source: Any) -> Any:
        value = plan.resolve(source, None)
        # Undefined: graphql-core's own path must run (and report what is wrong)
        if value is None:
            return None if plan.nullable else Undefined
        if value is Undefined or isinstance(value, Exception):
            return Undefined
        assert plan.coerce is not None
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
