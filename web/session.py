"""Who is browsing (read from the authentication step), log-in and log-out of server-side sessions, flashes."""

from __future__ import annotations

from datetime import timedelta

from starlette.requests import Request

from colab.accounts.models import User
from colab.accounts.sessions import close_session, open_session
from colab.actors import Actor
from colab.identity import NOBODY, Identity, from_session_key
from web.authentication import SESSION_KEY, Visitor

FLASH_KEY = "flash"


def current_identity(request: Request) -> Identity:
    """What the authentication middleware built for this request (or what log-in/log-out set since)."""
    override: Identity | None = getattr(request.state, "identity", None)
    if override is not None:
        return override
    visitor = request.scope.get("user")
    return visitor.who if isinstance(visitor, Visitor) else NOBODY


async def current_user(request: Request) -> User | None:
    """The signed-in account (the header and the handler share it)."""
    return current_identity(request).user


async def current_actor(request: Request) -> Actor:
    return current_identity(request).actor


async def log_in(request: Request, user: User) -> None:
    """A fresh server-side session (no fixation: nothing from before survives, CSRF token included)."""
    await close_session(request.session.get(SESSION_KEY))
    request.session.clear()
    days = request.app.state.settings.session_lifetime_days
    request.session[SESSION_KEY] = await open_session(user, timedelta(days=days))
    request.state.identity = await from_session_key(request.session[SESSION_KEY])


async def log_out(request: Request) -> None:
    """Ends the session on the server: a copy of the cookie no longer works either."""
    await close_session(request.session.get(SESSION_KEY))
    request.session.clear()
    request.state.identity = NOBODY


def flash(request: Request, message: str) -> None:
    # reassigned, not appended in place: the session is only saved when one of its keys is set
    request.session[FLASH_KEY] = [*request.session.get(FLASH_KEY, []), message]


def pop_flashes(request: Request) -> list[str]:
    messages: list[str] = request.session.pop(FLASH_KEY, [])
    return messages
