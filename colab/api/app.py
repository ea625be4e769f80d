"""The /graphql endpoint: Strawberry's ASGI app with our context; GraphiQL in development only."""

from __future__ import annotations

from typing import Literal

from starlette.requests import Request
from starlette.responses import Response
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL
from strawberry.types.unset import UNSET, UnsetType

from colab.api import subscriptions
from colab.api.context import Context, build_context
from colab.api.schema import schema
from colab.config import Settings


class ColabGraphQL(GraphQL[Context, None]):
    def __init__(self, settings: Settings) -> None:
        ide: Literal["graphiql"] | None = "graphiql" if settings.environment == "development" else None
        super().__init__(
            schema,
            graphql_ide=ide,
            allow_queries_via_get=True,
            subscription_protocols=subscriptions.PROTOCOLS,
            connection_init_wait_timeout=subscriptions.CONNECTION_INIT_TIMEOUT,
            max_subscriptions_per_connection=subscriptions.MAX_OPERATIONS,
        )
        self.settings = settings

    async def get_context(self, request: Request | WebSocket, response: Response | WebSocket | None) -> Context:
        if isinstance(request, WebSocket):
            return subscriptions.connection_context(request, self.settings)
        return await build_context(request, response if isinstance(response, Response) else None, self.settings)

    async def on_ws_connect(self, context: Context) -> UnsetType | dict[str, object] | None:
        await subscriptions.authenticate_connection(context)
        return UNSET


def create_graphql_app(settings: Settings) -> ColabGraphQL:
    return ColabGraphQL(settings)
