"""The per-request context: who is asking (built by the authentication middleware), DataLoaders, settings."""

from __future__ import annotations

from dataclasses import dataclass, field

import strawberry
from starlette.requests import HTTPConnection, Request
from starlette.responses import Response

from colab.actors import ANONYMOUS, Actor
from colab.api.errors import top_level
from colab.api.loaders import Loaders
from colab.config import Settings
from colab.errors import ColabError
from colab.identity import from_bearer


@dataclass
class Context:
    request: HTTPConnection  # a Request, or the WebSocket of a subscription connection
    response: Response | None
    settings: Settings
    loaders: Loaders = field(default_factory=Loaders)
    _actor: Actor = ANONYMOUS
    _auth_error: ColabError | None = None
    connection_params: dict[str, object] | None = None  # a WebSocket's connection_init payload

    @property
    def actor(self) -> Actor:
        """The acting user; a bad or expired token fails every resolver that asks who is acting."""
        if self._auth_error is not None:
            raise top_level(self._auth_error)
        return self._actor


Info = strawberry.Info[Context, None]


async def build_context(request: Request, response: Response | None, settings: Settings) -> Context:
    """The actor comes from the authentication middleware (`Authorization: Bearer <token>` only on /graphql)."""
    context = Context(request=request, response=response, settings=settings)
    visitor = request.scope.get("user")
    identity = getattr(visitor, "who", None)
    context._actor = identity.actor if identity is not None else ANONYMOUS
    context._auth_error = getattr(visitor, "auth_error", None)
    context.loaders.actor = context._actor
    return context


async def authenticate(context: Context, token: str) -> None:
    """A WebSocket's token (HTTP requests come authenticated by the middleware): same Actor, same refusals."""
    try:
        context._actor = (await from_bearer(token)).actor
        context._auth_error = None
    except ColabError as error:
        context._auth_error = error
    context.loaders.actor = context._actor
