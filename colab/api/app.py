"""The /graphql endpoint: Strawberry's ASGI app with our context; GraphiQL in development only.

GraphQL over HTTP: a client that accepts `application/graphql-response+json` gets it, with 400 for a
request error (a document that does not parse or validate, variables that do not coerce, a limit of
colab/api/limits.py) and no `data` entry; `application/json` clients get 200 as before. A body that
is not a JSON object (malformed, invalid UTF-8, nested too deep, an integer past Python's digit
limit) is a 400 with a JSON `errors` list (`BAD_REQUEST`), never a 500.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Literal

import orjson
from cross_web import HTTPException
from starlette import status
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.types import Receive, Scope, Send
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL
from strawberry.http import GraphQLHTTPResponse
from strawberry.types import ExecutionResult
from strawberry.types.unset import UNSET, UnsetType

from colab.api import cache, subscriptions
from colab.api.context import Context, build_context
from colab.api.schema import schema
from colab.config import Settings
from colab.errors import ErrorCode
from colab.readcache.store import store_for

GRAPHQL_RESPONSE = "application/graphql-response+json"
#: the scope entry where web/readcache.py hands over (plan, generation) of a request it could not answer
FRONT_DOOR = "colab.read_cache"
JSON = "application/json"


def media_type(accept: str) -> str:
    """`application/graphql-response+json` when the client lists it (q > 0), else `application/json`."""
    for part in accept.split(","):
        kind, _, params = part.strip().partition(";")
        if kind.strip().lower() == GRAPHQL_RESPONSE and "q=0" not in params.replace(" ", "").split(";"):
            return GRAPHQL_RESPONSE
    return JSON


def is_request_error(result: ExecutionResult) -> bool:
    """Nothing was executed: the document or the variables were refused (errors without a path)."""
    return result.data is None and bool(result.errors) and all(e.path is None for e in result.errors or [])


def error_body(message: str, code: ErrorCode) -> bytes:
    return json.dumps({"errors": [{"message": message, "extensions": {"code": code.value}}]}).encode()


#: GraphiQL from the lab's own /static/graphiql files (Strawberry's page loads them from a CDN)
GRAPHIQL_PAGE = (Path(__file__).parent / "graphiql.html").read_text(encoding="utf-8")


def encode_answer(data: object) -> bytes:
    """An HTTP answer's JSON (WebSocket messages keep Strawberry's encoder: text frames)."""
    try:
        return orjson.dumps(data)
    except (orjson.JSONEncodeError, TypeError):  # beyond what orjson encodes (an integer over 64 bits)
        return json.dumps(data, separators=(",", ":")).encode()


class ColabGraphQL(GraphQL[Context, None]):
    def __init__(self, settings: Settings) -> None:
        ide: Literal["graphiql"] | None = "graphiql" if settings.development else None
        super().__init__(
            schema,
            graphql_ide=ide,
            allow_queries_via_get=True,
            subscription_protocols=subscriptions.PROTOCOLS,
            connection_init_wait_timeout=subscriptions.CONNECTION_INIT_TIMEOUT,
            max_subscriptions_per_connection=subscriptions.MAX_OPERATIONS,
        )
        self.settings = settings
        self.read_cache = store_for(settings.redis_url, f"{settings.rate_limit_prefix}:read:")

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await super().__call__(scope, receive, send)
            return
        request = Request(scope=scope, receive=receive)
        cache_plan: cache.Plan | None = None
        generation_then: int | None = None
        if FRONT_DOOR in scope:  # web/readcache.py planned it and missed: remember at the generation it read
            cache_plan, generation_then = scope[FRONT_DOOR]
        elif self.settings.read_cache:
            cache_plan = await cache.plan_request(request)
            if cache_plan is not None:
                hit, generation_then = await cache.lookup(self.read_cache, request, cache_plan)
                if hit is not None:
                    await hit(scope, receive, send)
                    return
        try:
            response = await self.run(request)
        except HTTPException as error:  # Strawberry answers these in plain text; clients read JSON
            kind = media_type(request.headers.get("accept", ""))
            response = Response(error_body(error.reason, ErrorCode.BAD_REQUEST), error.status_code, media_type=kind)
        else:
            if cache_plan is not None and generation_then is not None:
                await cache.remember(self.read_cache, cache_plan, response, generation_then)
        await response(scope, receive, send)

    async def get_context(self, request: Request | WebSocket, response: Response | WebSocket | None) -> Context:
        if isinstance(request, WebSocket):
            return subscriptions.connection_context(request, self.settings)
        return await build_context(request, response if isinstance(response, Response) else None, self.settings)

    async def on_ws_connect(self, context: Context) -> UnsetType | dict[str, object] | None:
        await subscriptions.authenticate_connection(context)
        unset: UnsetType = UNSET
        return unset

    def parse_json(self, data: str | bytes) -> Any:
        try:
            value = json.loads(data)
        except (ValueError, RecursionError):  # malformed, invalid UTF-8, too deep, too many digits
            raise HTTPException(400, "Unable to parse request body as JSON") from None
        if not isinstance(value, dict | list):  # a list is a batch, refused by Strawberry with a 400
            raise HTTPException(400, "The request body must be a JSON object")
        return value

    async def get_sub_response(self, request: Request | WebSocket) -> Response:
        sub_response = await super().get_sub_response(request)
        sub_response.media_type = media_type(request.headers.get("accept", ""))
        request.state.graphql_sub_response = sub_response
        return sub_response

    async def process_result(self, request: Request, result: ExecutionResult) -> GraphQLHTTPResponse:
        data = await super().process_result(request, result)
        sub_response: Response = request.state.graphql_sub_response
        if sub_response.media_type == GRAPHQL_RESPONSE and is_request_error(result):
            sub_response.status_code = status.HTTP_400_BAD_REQUEST
            data.pop("data", None)  # the spec: a request error has no data entry
        return data

    def create_response(
        self, response_data: GraphQLHTTPResponse | list[GraphQLHTTPResponse], sub_response: Response
    ) -> Response:
        response = Response(
            encode_answer(response_data),
            status_code=sub_response.status_code or status.HTTP_200_OK,
            media_type=sub_response.media_type or JSON,
        )
        response.headers.raw.extend(h for h in sub_response.headers.raw if h[0] != b"content-type")
        if sub_response.background:
            response.background = sub_response.background
        return response

    async def render_graphql_ide(self, request: Request) -> HTMLResponse:
        return HTMLResponse(GRAPHIQL_PAGE)


def create_graphql_app(settings: Settings) -> ColabGraphQL:
    return ColabGraphQL(settings)
