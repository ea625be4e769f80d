"""The /graphql endpoint: Strawberry's ASGI app with our context; GraphiQL in development only."""

from __future__ import annotations

from typing import Literal

from starlette.requests import Request
from starlette.responses import Response
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL

from colab.api.context import Context, build_context
from colab.api.schema import schema
from colab.config import Settings


class ColabGraphQL(GraphQL[Context, None]):
    def __init__(self, settings: Settings) -> None:
        ide: Literal["graphiql"] | None = "graphiql" if settings.development else None
        super().__init__(schema, graphql_ide=ide, allow_queries_via_get=True)
        self.settings = settings

    async def get_context(self, request: Request | WebSocket, response: Response | WebSocket | None) -> Context:
        assert isinstance(request, Request)
        return await build_context(request, response if isinstance(response, Response) else None, self.settings)


def create_graphql_app(settings: Settings) -> ColabGraphQL:
    return ColabGraphQL(settings)
