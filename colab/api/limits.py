"""What one GraphQL document may cost, measured by one linear walk of its AST before any validation rule.

graphql-core's rules are not all linear: OverlappingFieldsCanBeMerged compares the fields of a
selection set pairwise, so 490 copies of one field in an 8 KB document cost seconds of CPU. The
walk below counts what makes validation and execution expensive (fields per selection set and per
document with fragments expanded, depth, aliases, list lengths) and refuses the document with a
typed error (`extensions.code`) before the rules run; only documents within the limits reach the
parse and validation caches.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from graphql.validation import ASTValidationRule
from strawberry.extensions import SchemaExtension
from strawberry.schema.schema import validate_document

from colab.errors import ErrorCode
from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    InlineFragmentNode,
    ListValueNode,
    Node,
    ObjectValueNode,
    OperationDefinitionNode,
    SelectionSetNode,
    StringValueNode,
    ValueNode,
    parse,
)

#: characters of the document text; checked before the parser reads it
MAX_DOCUMENT_LENGTH = 20_000
#: lexical tokens (graphql-core stops parsing beyond them)
MAX_TOKENS = 2_000
#: levels of fields, the root fields being level 1 (introspection fields count in their own limit)
MAX_DEPTH = 10
#: levels inside `__schema` / `__type` (graphql-js's and GraphiQL's introspection query needs 15)
MAX_INTROSPECTION_DEPTH = 16
MAX_ALIASES = 15
#: fields of one selection set, with the fragments spread into it inlined
MAX_SELECTIONS = 60
#: fields of the whole document: every operation and fragment, each fragment counted where it is spread too
MAX_FIELDS = 600
#: pairs of fields at the same response path (`a.b.c`), which the overlapping-fields rule compares one
#: by one: the measure of its quadratic cost (n copies of one field are n·(n-1)/2 pairs)
MAX_FIELD_PAIRS = 2_000
#: items of one list argument (literal or variable)
MAX_LIST_LENGTH = 100
#: documents kept parsed and validated (third-party apps repeat the same few)
CACHE_SIZE = 256


def _error(code: ErrorCode, message: str, **extensions: object) -> GraphQLError:
    return GraphQLError(message, extensions={"code": code.value, **extensions})


def too_complex(message: str, limit: str, maximum: int) -> GraphQLError:
    return _error(ErrorCode.QUERY_TOO_COMPLEX, message, limit=limit, max=maximum)


@dataclass(frozen=True)
class Cost:
    """What a selection set costs: fields (fragments expanded), depth, aliases, and its width once inlined."""

    fields: int = 0
    depth: int = 0
    introspection_depth: int = 0
    aliases: int = 0
    width: int = 0
    widest: int = 0


class _Walk:
    """One pass over the document; each fragment is measured once, a fragment cycle counts nothing."""

    def __init__(self, document: DocumentNode) -> None:
        self.fragments = {d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)}
        self.measured: dict[str, Cost] = {}
        self.visiting: set[str] = set()

    def fragment(self, name: str) -> Cost:
        if name in self.measured:
            return self.measured[name]
        definition = self.fragments.get(name)
        if definition is None or name in self.visiting:
            return Cost()  # unknown fragments and cycles are the validation rules' to report
        self.visiting.add(name)
        cost = self.selection_set(definition.selection_set)
        self.visiting.discard(name)
        self.measured[name] = cost
        return cost

    def selection_set(self, selection_set: SelectionSetNode) -> Cost:
        fields = depth = introspection_depth = aliases = width = widest = 0
        for selection in selection_set.selections:
            if isinstance(selection, FieldNode):
                sub = self.selection_set(selection.selection_set) if selection.selection_set else Cost()
                width += 1
                fields += 1 + sub.fields
                aliases += (selection.alias is not None) + sub.aliases
                widest = max(widest, sub.widest)
                if selection.name.value.startswith("__"):
                    introspection_depth = max(introspection_depth, 1 + max(sub.depth, sub.introspection_depth))
                else:
                    depth = max(depth, 1 + sub.depth)
                    introspection_depth = max(introspection_depth, sub.introspection_depth)
                continue
            if isinstance(selection, InlineFragmentNode):
                sub = self.selection_set(selection.selection_set)
            elif isinstance(selection, FragmentSpreadNode):
                sub = self.fragment(selection.name.value)
            else:  # pragma: no cover - the three kinds of selection
                continue
            width += sub.width
            fields += sub.fields
            aliases += sub.aliases
            depth = max(depth, sub.depth)
            introspection_depth = max(introspection_depth, sub.introspection_depth)
            widest = max(widest, sub.widest)
        return Cost(fields, depth, introspection_depth, aliases, width, max(widest, width))

    def paths(self, selection_set: SelectionSetNode, path: tuple[str, ...], seen: dict[tuple[str, ...], int]) -> None:
        """Count the fields at each response path, fragments expanded (run only on a document within MAX_FIELDS)."""
        for selection in selection_set.selections:
            if isinstance(selection, FieldNode):
                key = (*path, (selection.alias or selection.name).value)
                seen[key] = seen.get(key, 0) + 1
                if selection.selection_set:
                    self.paths(selection.selection_set, key, seen)
            elif isinstance(selection, InlineFragmentNode):
                self.paths(selection.selection_set, path, seen)
            elif isinstance(selection, FragmentSpreadNode):
                definition = self.fragments.get(selection.name.value)
                if definition is not None and definition.name.value not in self.visiting:
                    self.visiting.add(definition.name.value)
                    self.paths(definition.selection_set, path, seen)
                    self.visiting.discard(definition.name.value)


def _values(node: Node) -> Iterator[ValueNode]:
    """Every argument value written in the document (variables' values are checked apart)."""
    stack: list[Any] = [node]
    while stack:
        current = stack.pop()
        if isinstance(current, ValueNode):
            yield current
        for key in current.keys:
            child = getattr(current, key, None)
            if isinstance(child, Node):
                stack.append(child)
            elif isinstance(child, tuple):
                stack.extend(c for c in child if isinstance(c, Node))


def document_errors(document: DocumentNode) -> list[GraphQLError]:
    """The limits this document breaks (empty when it may be validated); linear in its size."""
    walk = _Walk(document)
    errors: list[GraphQLError] = []
    fields = widest = 0
    definitions = [d for d in document.definitions if isinstance(d, (OperationDefinitionNode, FragmentDefinitionNode))]
    for definition in definitions:
        cost = walk.selection_set(definition.selection_set)
        fields += cost.fields
        widest = max(widest, cost.widest)
        if isinstance(definition, FragmentDefinitionNode):
            continue  # validated on its own too; its depth and aliases count where it is spread
        name = definition.name.value if definition.name else "anonymous"
        if cost.depth > MAX_DEPTH:
            errors.append(too_complex(f"'{name}' exceeds maximum operation depth of {MAX_DEPTH}", "depth", MAX_DEPTH))
        if cost.introspection_depth > MAX_INTROSPECTION_DEPTH:
            errors.append(
                too_complex(
                    f"'{name}' nests introspection fields deeper than {MAX_INTROSPECTION_DEPTH} levels",
                    "introspectionDepth",
                    MAX_INTROSPECTION_DEPTH,
                )
            )
        if cost.aliases > MAX_ALIASES:
            errors.append(too_complex(f"{cost.aliases} aliases found. Allowed: {MAX_ALIASES}", "aliases", MAX_ALIASES))
    if widest > MAX_SELECTIONS:
        message = f"{widest} fields in one selection set. Allowed: {MAX_SELECTIONS}"
        errors.append(too_complex(message, "selections", MAX_SELECTIONS))
    if fields > MAX_FIELDS:
        errors.append(too_complex(f"{fields} fields in the document. Allowed: {MAX_FIELDS}", "fields", MAX_FIELDS))
    else:
        seen: dict[tuple[str, ...], int] = {}
        for definition in definitions:
            walk.paths(definition.selection_set, (), seen)
        pairs = sum(n * (n - 1) // 2 for n in seen.values())
        if pairs > MAX_FIELD_PAIRS:
            errors.append(
                too_complex(
                    f"{pairs} pairs of fields share a response path. Allowed: {MAX_FIELD_PAIRS}",
                    "fieldPairs",
                    MAX_FIELD_PAIRS,
                )
            )
    for value in _values(document):
        if isinstance(value, ListValueNode) and len(value.values) > MAX_LIST_LENGTH:
            errors.append(list_too_long())
        elif isinstance(value, StringValueNode) and "\x00" in value.value:
            errors.append(nul_character())
        elif isinstance(value, ObjectValueNode) and len(value.fields) > MAX_LIST_LENGTH:
            errors.append(list_too_long())
    return errors


def list_too_long() -> GraphQLError:
    return _error(ErrorCode.TOO_LONG, f"Une liste ne peut compter plus de {MAX_LIST_LENGTH} éléments.")


def nul_character() -> GraphQLError:
    return _error(ErrorCode.INVALID, "Le texte contient un caractère nul (U+0000).")


def variable_errors(variables: Mapping[str, object] | None) -> list[GraphQLError]:
    """Variables' values: no list longer than MAX_LIST_LENGTH, no NUL character in any string."""
    stack: list[object] = list((variables or {}).values())
    while stack:
        value = stack.pop()
        if isinstance(value, str):
            if "\x00" in value:
                return [nul_character()]
        elif isinstance(value, list):
            if len(value) > MAX_LIST_LENGTH:
                return [list_too_long()]
            stack.extend(value)
        elif isinstance(value, dict):
            if len(value) > MAX_LIST_LENGTH:
                return [list_too_long()]
            stack.extend(value.values())
    return []


@lru_cache(maxsize=CACHE_SIZE)
def _parse(query: str) -> DocumentNode:
    return parse(query, max_tokens=MAX_TOKENS)


def check(schema: Any, document: DocumentNode, rules: tuple[type[ASTValidationRule], ...]) -> list[GraphQLError]:
    """The limits first (linear), then graphql-core's rules, only for a document within them."""
    return document_errors(document) or validate_document(schema, document, rules)


_checked = lru_cache(maxsize=CACHE_SIZE)(check)


class DocumentLimits(SchemaExtension):
    """Refuses oversized or too costly documents before parsing and validation; caches the rest."""

    def on_parse(self) -> Iterator[None]:
        context = self.execution_context
        query = context.query or ""
        if len(query) > MAX_DOCUMENT_LENGTH:
            raise _error(
                ErrorCode.QUERY_TOO_LARGE,
                f"The document is {len(query)} characters long. Allowed: {MAX_DOCUMENT_LENGTH}",
                max=MAX_DOCUMENT_LENGTH,
            )
        if context.graphql_document is None and query:
            context.graphql_document = _parse(query)
        yield

    def on_validate(self) -> Iterator[None]:
        context = self.execution_context
        assert context.graphql_document is not None
        errors = _checked(context.schema._schema, context.graphql_document, tuple(context.validation_rules))
        context.pre_execution_errors = errors or variable_errors(context.variables)
        yield


def cache_info() -> tuple[Any, Any]:
    """(parse, validation) cache statistics, for tests and benchmarks."""
    return _parse.cache_info(), _checked.cache_info()
