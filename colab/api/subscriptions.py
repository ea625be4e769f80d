"""GraphQL over WebSocket on /graphql: the graphql-transport-ws protocol only, authenticated by the token
of the `connection_init` message (the same check as the HTTP bearer token).

The legacy `graphql-ws` protocol is refused (close code 4406): older Strawberry releases skipped the
application's authentication hook on it. A connection that does not send `connection_init` within
CONNECTION_INIT_TIMEOUT is closed (4408); one connection runs at most MAX_OPERATIONS at once.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

from starlette.websockets import WebSocket
from strawberry.extensions import SchemaExtension
from strawberry.subscriptions import GRAPHQL_TRANSPORT_WS_PROTOCOL
from strawberry.types.graphql import OperationType

from colab.actors import Actor
from colab.api.context import Context, authenticate
from colab.api.errors import top_level
from colab.api.loaders import Loaders
from colab.config import Settings
from colab.errors import ColabError, ErrorCode
from graphql import ExecutionResult

PROTOCOLS = (GRAPHQL_TRANSPORT_WS_PROTOCOL,)
CONNECTION_INIT_TIMEOUT = timedelta(seconds=10)
MAX_OPERATIONS = 5
MAX_TOKEN_LENGTH = 200


def connection_context(websocket: WebSocket, settings: Settings) -> Context:
    """One context for the connection's life; its loaders batch but do not cache, as data changes meanwhile."""
    return Context(request=websocket, response=None, settings=settings, loaders=Loaders(cache=False))


async def authenticate_connection(context: Context) -> None:
    """`connection_init` with `{"token": "colab_..."}` acts for that token's user; without one, anonymously."""
    token = (context.connection_params or {}).get("token")
    if token is None:
        return
    if not isinstance(token, str) or not token.strip() or len(token) > MAX_TOKEN_LENGTH:
        context._auth_error = ColabError(ErrorCode.UNAUTHENTICATED, "Ce jeton n'est pas valide ou a été révoqué.")
        return
    await authenticate(context, token)


async def acting_now(context: Context) -> Actor:
    """Who is acting, the token checked again: a subscription stops acting once its token is revoked or expires."""
    await authenticate_connection(context)
    return context.actor


class WebSocketSubscriptionsOnly(SchemaExtension):
    """A subscription sent over HTTP is refused with INVALID (it would otherwise fail as an unexpected error)."""

    def on_execute(self) -> Iterator[None]:
        ctx = self.execution_context
        if ctx.operation_type is OperationType.SUBSCRIPTION and not isinstance(ctx.context.request, WebSocket):
            error = ColabError(ErrorCode.INVALID, "Les abonnements passent par WebSocket (graphql-transport-ws).")
            ctx.result = ExecutionResult(data=None, errors=[top_level(error)])
        yield
