"""Anonymous public reads answered from a cache that is never stale.

An anonymous GraphQL query that only reads public, event-covered types (challenges, ideas, projects,
organizations, territories, themes, activity; `node(id:)` of those) is keyed by its normalized document,
operation name, variables and response media type. The answer is stored with the data generation read
*before* it was computed (colab/readcache/generation.py: every published event raises it in its own
transaction) and served only while the generation is unchanged, so a change is visible on the very next
read, through every process. GET answers carry an ETag; `If-None-Match` gets a 304.

Not cached: anything with a bearer token, mutations and subscriptions, answers with errors, and documents
that touch other types or time-dependent fields (`acceptingIdeas`, CLOSING_SOON), which change with the
clock rather than with an event.

A hit is cheap (web/readcache.py answers it before the middleware stack): the plan of a request is memoized by
its raw bytes, the generation read is one tiny statement (generation.current), the answer's bytes are sent as
stored, with headers built from the entry.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from graphql.language import StringValueNode, VariableNode
from starlette.datastructures import QueryParams
from starlette.requests import Request
from starlette.responses import Response

from colab.api.ids import parse as parse_id
from colab.api.schema import schema
from colab.readcache import generation
from colab.readcache.store import Cached, Store
from graphql import (
    FieldNode,
    GraphQLError,
    OperationDefinitionNode,
    OperationType,
    TypeInfo,
    TypeInfoVisitor,
    Visitor,
    get_named_type,
    is_composite_type,
    parse,
    print_ast,
    visit,
)

#: the object types a cached answer may contain: public data whose every change publishes an event
#: (a project is created when its idea is admitted, edited by ProjectEdited, hidden and restored by moderation;
#: its holder's display name, like an idea's author name, never changes)
CACHEABLE_TYPES = frozenset(
    {
        "Query",
        "Challenge", "ChallengeConnection", "ChallengeEdge",
        "Idea", "IdeaConnection", "IdeaEdge",
        "Project", "ProjectConnection", "ProjectEdge", "ProjectCover",
        "Organization", "OrganizationConnection", "OrganizationEdge",
        "Activity", "ActivityConnection", "ActivityEdge",
        "Territory", "Theme", "PageInfo",
    }
)  # fmt: skip
#: fields that change with the clock or with something that publishes no event (following a project),
#: or that depend on the viewer
TIME_DEPENDENT = frozenset({"acceptingIdeas", "viewer", "followerCount", "viewerFollows"})
#: words in a document or its variables that make the answer depend on the clock
_CLOCK_WORDS = ("acceptingIdeas", "CLOSING_SOON")
#: documents longer than this are not worth planning (they go the normal way, with its limits)
MAX_CACHED_DOCUMENT = 8_000
#: `node(id:)` returns whatever type its id names: cacheable when that type is
_NODE_FIELD = "node"


@dataclass(frozen=True)
class Normalized:
    """A cacheable document: its printed form, and the variables naming `node` ids (checked per request)."""

    document: str
    node_variables: tuple[str, ...]


@lru_cache(maxsize=1024)
def plan(query: str, operation_name: str | None) -> Normalized | None:
    """The normalized document when this query may be cached, else None (memoized per document text)."""
    if len(query) > MAX_CACHED_DOCUMENT or any(word in query for word in _CLOCK_WORDS):
        return None
    try:
        document = parse(query, no_location=True)
    except GraphQLError:
        return None
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    chosen = [o for o in operations if operation_name is None or (o.name and o.name.value == operation_name)]
    if len(chosen) != 1 or chosen[0].operation is not OperationType.QUERY:
        return None
    info = TypeInfo(schema._schema)
    safe = _Safe(info)
    visit(document, TypeInfoVisitor(info, safe))
    return Normalized(print_ast(document), tuple(sorted(safe.node_variables))) if safe.ok else None


def _cacheable_id(value: object) -> bool:
    parsed = parse_id(value) if isinstance(value, str) else None
    return parsed is not None and parsed[0] in CACHEABLE_TYPES


class _Safe(Visitor):
    def __init__(self, info: TypeInfo) -> None:
        super().__init__()
        self.info = info
        self.ok = True
        self.node_variables: set[str] = set()

    def enter_field(self, node: FieldNode, *_: Any) -> None:
        field_type = self.info.get_type()
        parent = self.info.get_parent_type()
        if node.name.value in TIME_DEPENDENT or field_type is None or parent is None:
            self.ok = False
            return
        if parent.name not in CACHEABLE_TYPES and parent.name != "Node":  # a fragment on another node type
            self.ok = False
            return
        named = get_named_type(field_type)
        if named.name == "Node" and parent.name == "Query" and node.name.value == _NODE_FIELD:
            self._node_id(node)
        elif is_composite_type(named) and named.name not in CACHEABLE_TYPES:
            self.ok = False

    def _node_id(self, node: FieldNode) -> None:
        """`node(id:)` with a literal id of a cacheable type, or a variable checked on each request."""
        given = next((a.value for a in node.arguments or () if a.name.value == "id"), None)
        if isinstance(given, VariableNode):
            self.node_variables.add(given.name.value)
        elif not (isinstance(given, StringValueNode) and _cacheable_id(given.value)):
            self.ok = False


@dataclass(frozen=True)
class Plan:
    key: str
    conditional: bool  # a GET: ETag / If-None-Match apply


async def plan_request(request: Request) -> Plan | None:
    """A cache plan for an anonymous GET or POST GraphQL query, or None to go the normal way."""
    if "authorization" in request.headers:
        return None
    if request.method == "POST":
        if not request.headers.get("content-type", "").startswith("application/json"):
            return None
        return plan_for("POST", await request.body(), request.headers.get("accept", ""))
    if request.method == "GET":
        return plan_for("GET", request.scope["query_string"], request.headers.get("accept", ""))
    return None


def plan_for(method: str, raw: bytes, accept: str) -> Plan | None:
    """The plan of an anonymous request: `raw` is a POST's JSON body or a GET's query string (memoized: the
    same bytes always get the same plan, so a repeated request is neither parsed nor hashed again)."""
    memo_key = (method, raw, accept)
    found = _plans.get(memo_key, _UNKNOWN)
    if found is _UNKNOWN:
        found = _plan_for(method, raw, accept)
        if len(raw) <= MAX_MEMOIZED_REQUEST:
            if len(_plans) >= MAX_MEMOIZED_PLANS:
                _plans.clear()
            _plans[memo_key] = found
    return found  # type: ignore[return-value]


_UNKNOWN = object()
#: plans by (method, raw request, accept): requests of at most MAX_MEMOIZED_REQUEST bytes, at most
#: MAX_MEMOIZED_PLANS of them (then the memory starts afresh)
_plans: dict[tuple[str, bytes, str], Plan | None] = {}
MAX_MEMOIZED_REQUEST = 16 * 1024
MAX_MEMOIZED_PLANS = 2048


def _plan_for(method: str, raw: bytes, accept: str) -> Plan | None:
    params: Mapping[str, Any]
    if method == "GET":
        params = dict(QueryParams(raw))
        variables: Any = params.get("variables") or "{}"
        try:
            variables = json.loads(variables) if isinstance(variables, str) else variables
        except ValueError:
            return None
    else:
        try:
            params = json.loads(raw)
        except (ValueError, RecursionError):
            return None
        if not isinstance(params, dict):
            return None
        variables = params.get("variables") or {}
    query, name = params.get("query"), params.get("operationName")
    if not isinstance(query, str) or not isinstance(variables, dict) or not isinstance(name, str | None):
        return None
    normalized = plan(query, name)
    if normalized is None:
        return None
    if not all(_cacheable_id(variables.get(v)) for v in normalized.node_variables):
        return None
    try:
        shown = json.dumps(variables, sort_keys=True, separators=(",", ":"))
    except (TypeError, ValueError):
        return None
    if any(word in shown for word in _CLOCK_WORDS):
        return None
    from colab.api.app import media_type  # the answer differs by its media type only, not by the whole header

    kind = media_type(accept)
    digest = hashlib.sha256("\x00".join((normalized.document, name or "", shown, kind)).encode()).hexdigest()
    return Plan(key=digest, conditional=method == "GET")


def _etag(body: bytes, generation_now: int) -> str:
    return f'W/"{generation_now}-{hashlib.sha256(body).hexdigest()[:20]}"'


def cached_response(request: Request, plan_: Plan, hit: Cached) -> Response:
    headers = {"Cache-Control": "no-cache", "X-Colab-Cache": "hit"}
    if plan_.conditional:
        headers["ETag"] = hit.etag
        if request.headers.get("if-none-match") == hit.etag:
            return Response(status_code=304, headers=headers)
    return Response(hit.body, media_type=hit.media_type, headers=headers)


async def lookup(store: Store, request: Request, plan_: Plan) -> tuple[Response | None, int]:
    """A cached answer still at the current generation (or None), and the generation read now."""
    now = await generation.current()
    hit = await store.get(plan_.key, now)
    if hit is not None:
        return cached_response(request, plan_, hit), now
    return None, now


async def remember(store: Store, plan_: Plan, response: Response, generation_then: int) -> None:
    """Keep a successful answer (no errors) at the generation read before it was computed."""
    body = bytes(response.body)
    if response.status_code != 200 or b'"errors"' in body:
        return
    etag = _etag(body, generation_then)
    await store.put(plan_.key, Cached(generation_then, body, response.media_type or "application/json", etag))
    response.headers["Cache-Control"] = "no-cache"
    if plan_.conditional:
        response.headers["ETag"] = etag
