"""The one authentication step of every request (Starlette's AuthenticationMiddleware with our backend).

Pages are authenticated by the server-side session named in the signed cookie; /graphql by a bearer
token only (never the cookie: a page on another site cannot make a visitor's browser write through
the API). Either way the Actor is built once here; handlers and resolvers read `request.user`.
"""

from __future__ import annotations

from starlette.authentication import AuthCredentials, AuthenticationBackend, BaseUser
from starlette.requests import HTTPConnection

from colab.errors import ColabError
from colab.identity import NOBODY, Identity, from_bearer, from_session_key

SESSION_KEY = "sid"
API_PATH = "/graphql"
UNAUTHENTICATED_PREFIXES = ("/static/",)


class Visitor(BaseUser):
    """Who the request acts for: the Actor, the account (for the header), and a bearer token's refusal."""

    def __init__(self, who: Identity, auth_error: ColabError | None = None) -> None:
        self.who = who
        self.auth_error = auth_error

    @property
    def is_authenticated(self) -> bool:
        return self.who.actor.is_authenticated

    @property
    def display_name(self) -> str:
        return self.who.user.display_name if self.who.user else ""


def bearer_of(connection: HTTPConnection) -> str | None:
    scheme, _, credentials = connection.headers.get("authorization", "").partition(" ")
    return credentials.strip() if scheme.lower() == "bearer" and credentials.strip() else None


class ColabAuthBackend(AuthenticationBackend):
    async def authenticate(self, conn: HTTPConnection) -> tuple[AuthCredentials, BaseUser] | None:
        path = conn.scope["path"]
        if path.startswith(UNAUTHENTICATED_PREFIXES):
            return AuthCredentials(), Visitor(NOBODY)
        if path == API_PATH:
            raw = bearer_of(conn)
            if raw is None:
                return AuthCredentials(), Visitor(NOBODY)
            try:
                identity = await from_bearer(raw)
            except ColabError as error:
                return AuthCredentials(), Visitor(NOBODY, error)
        else:
            identity = await from_session_key(conn.session.get(SESSION_KEY))
        scopes = ["authenticated", *sorted(s.value for s in identity.actor.scopes)] if identity.user else []
        return AuthCredentials(scopes), Visitor(identity)
