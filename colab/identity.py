"""Who acts: the one Actor of a request, built once from a web session key or a bearer token.

The web's authentication middleware calls these for pages (session cookie) and for /graphql
(bearer token only); resolvers and page handlers then read the same Actor.
"""

from __future__ import annotations

from dataclasses import dataclass

from colab.accounts.models import User
from colab.accounts.sessions import session_for
from colab.accounts.tokens import live_token, scopes_of
from colab.actors import ALL_SCOPES, ANONYMOUS, Actor
from colab.organizations.service import memberships_of
from colab.projects.roles import project_roles_of


@dataclass(frozen=True)
class Identity:
    actor: Actor
    user: User | None = None


NOBODY = Identity(ANONYMOUS)


async def from_session_key(raw: object) -> Identity:
    """A page request: the live session of the cookie's key, or nobody (ended, expired, blocked account)."""
    session = await session_for(raw)
    if session is None:
        return NOBODY
    user = session.user
    actor = Actor(
        user_id=user.id,
        role=user.role,
        scopes=ALL_SCOPES,
        memberships=await memberships_of(user.id),
        project_roles=await project_roles_of(user.id),
        session_id=session.id,
    )
    return Identity(actor, user)


async def from_bearer(raw: str) -> Identity:
    """An API request: the token's owner narrowed to its scopes. Raises UNAUTHENTICATED or TOKEN_EXPIRED."""
    token = await live_token(raw)
    user = token.user
    actor = Actor(
        user_id=user.id,
        role=user.role,
        token_id=token.id,
        scopes=scopes_of(token),
        memberships=await memberships_of(user.id),
        project_roles=await project_roles_of(user.id),
    )
    return Identity(actor, user)
