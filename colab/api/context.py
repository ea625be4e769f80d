"""The per-request context: who is asking (from the bearer token), DataLoaders, settings."""

from __future__ import annotations

from dataclasses import dataclass, field

import strawberry
from starlette.requests import HTTPConnection, Request
from starlette.responses import Response

from colab.accounts.service import actor_for_token
from colab.actors import ANONYMOUS, Actor
from colab.api.errors import top_level
from colab.api.loaders import Loaders
from colab.config import Settings
from colab.errors import ColabError


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
    """Apps and API users authenticate with `Authorization: Bearer <token>` only (no cookies: no CSRF)."""
    context = Context(request=request, response=response, settings=settings)
    scheme, _, credentials = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() == "bearer" and credentials.strip():
        await authenticate(context, credentials)
    return context


async def authenticate(context: Context, token: str) -> None:
    """Act for the token's user; a bad token is remembered and fails whatever asks who is acting."""
    try:
        context._actor = await actor_for_token(token)
    except ColabError as error:
        context._auth_error = error
    context.loaders.actor = context._actor
