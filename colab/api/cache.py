"""Anonymous public reads answered from a cache that is never stale.

An anonymous GraphQL query that only reads public, event-covered types (challenges, ideas, organizations,
territories, themes, activity) is keyed by its normalized document, operation name, variables and response
media type. The answer is stored with the data generation read *before* it was computed
(colab/readcache/generation.py: every published event raises it in its own transaction) and served only
while the generation is unchanged, so a change is visible on the very next read, through every process.
GET answers carry an ETag; `If-None-Match` gets a 304.

Not cached: anything with a bearer token, mutations and subscriptions, answers with errors, and documents
that touch other types or time-dependent fields (`acceptingIdeas`, CLOSING_SOON), which change with the
clock rather than with an event.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from colab.api.schema import schema
from colab.readcache import generation
from colab.readcache.store import Cached, Store
from graphql import (
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
CACHEABLE_TYPES = frozenset(
    {
        "Query",
        "Challenge", "ChallengeConnection", "ChallengeEdge",
        "Idea", "IdeaConnection", "IdeaEdge",
        "Organization", "OrganizationConnection", "OrganizationEdge",
        "Activity", "ActivityConnection", "ActivityEdge",
        "Territory", "Theme", "PageInfo",
    }
)  # fmt: skip
#: fields that change with the clock, not with an event
TIME_DEPENDENT = frozenset({"acceptingIdeas", "viewer"})
#: words in a document or its variables that make the answer depend on the clock
_CLOCK_WORDS = ("acceptingIdeas", "CLOSING_SOON")
#: documents longer than this are not worth planning (they go the normal way, with its limits)
MAX_CACHED_DOCUMENT = 8_000


@lru_cache(maxsize=1024)
def plan(query: str, operation_name: str | None) -> str | None:
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
    return print_ast(document) if safe.ok else None


class _Safe(Visitor):
    def __init__(self, info: TypeInfo) -> None:
        super().__init__()
        self.info = info
        self.ok = True

    def enter_field(self, node: Any, *_: Any) -> None:
        field_type = self.info.get_type()
        if node.name.value in TIME_DEPENDENT or field_type is None:
            self.ok = False
            return
        named = get_named_type(field_type)
        if is_composite_type(named) and named.name not in CACHEABLE_TYPES:
            self.ok = False


@dataclass(frozen=True)
class Plan:
    key: str
    conditional: bool  # a GET: ETag / If-None-Match apply


async def plan_request(request: Request) -> Plan | None:
    """A cache plan for an anonymous GET or POST GraphQL query, or None to go the normal way."""
    if "authorization" in request.headers:
        return None
    params: Mapping[str, Any]
    if request.method == "GET":
        params = dict(request.query_params)
        variables: Any = params.get("variables") or "{}"
        try:
            variables = json.loads(variables) if isinstance(variables, str) else variables
        except ValueError:
            return None
    elif request.method == "POST" and request.headers.get("content-type", "").startswith("application/json"):
        try:
            params = json.loads(await request.body())
        except (ValueError, RecursionError):
            return None
        if not isinstance(params, dict):
            return None
        variables = params.get("variables") or {}
    else:
        return None
    query, name = params.get("query"), params.get("operationName")
    if not isinstance(query, str) or not isinstance(variables, dict) or not isinstance(name, str | None):
        return None
    normalized = plan(query, name)
    if normalized is None:
        return None
    try:
        shown = json.dumps(variables, sort_keys=True, separators=(",", ":"))
    except (TypeError, ValueError):
        return None
    if any(word in shown for word in _CLOCK_WORDS):
        return None
    accept = request.headers.get("accept", "")
    digest = hashlib.sha256("\x00".join((normalized, name or "", shown, accept)).encode()).hexdigest()
    return Plan(key=digest, conditional=request.method == "GET")


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
    hit = await store.get(plan_.key)
    if hit is not None and hit.generation == now:
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
