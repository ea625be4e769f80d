"""Who is browsing: the session's user (cookie signed by SessionMiddleware), log-in, log-out, flash messages."""

from __future__ import annotations

from starlette.requests import Request

from colab.accounts.models import User
from colab.accounts.service import actor_of, session_user
from colab.actors import Actor

USER_KEY = "user_id"
FLASH_KEY = "flash"


async def current_user(request: Request) -> User | None:
    """The signed-in account, read once per request (the header and the handler share it)."""
    if "user" not in request.state._state:
        request.state.user = await session_user(request.session.get(USER_KEY))
    user: User | None = request.state.user
    return user


async def current_actor(request: Request) -> Actor:
    return actor_of(await current_user(request))


def log_in(request: Request, user: User) -> None:
    """A fresh session for the new user (no fixation: nothing from before survives, CSRF token included)."""
    request.session.clear()
    request.session[USER_KEY] = user.id
    request.state.user = user


def log_out(request: Request) -> None:
    request.session.clear()
    request.state.user = None


def flash(request: Request, message: str) -> None:
    # reassigned, not appended in place: the session is only saved when one of its keys is set
    request.session[FLASH_KEY] = [*request.session.get(FLASH_KEY, []), message]


def pop_flashes(request: Request) -> list[str]:
    messages: list[str] = request.session.pop(FLASH_KEY, [])
    return messages
