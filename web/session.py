"""Who is browsing: the session's user (cookie signed by SessionMiddleware), log-in, log-out, flash messages."""

from __future__ import annotations

from starlette.requests import Request

from colab.accounts.models import User
from colab.accounts.service import actor_for_user_id
from colab.actors import Actor

USER_KEY = "user_id"
FLASH_KEY = "flash"


async def current_actor(request: Request) -> Actor:
    if "actor" not in request.state._state:
        request.state.actor = await actor_for_user_id(request.session.get(USER_KEY))
    actor: Actor = request.state.actor
    return actor


async def current_user(request: Request) -> User | None:
    actor = await current_actor(request)
    if actor.user_id is None:
        return None
    if "user" not in request.state._state:
        request.state.user = await User.get_or_none(id=actor.user_id)
    user: User | None = request.state.user
    return user


def log_in(request: Request, user: User) -> None:
    """A fresh session for the new user (no fixation: nothing from before survives, CSRF token included)."""
    request.session.clear()
    request.session[USER_KEY] = user.id
    request.state._state.pop("actor", None)


def log_out(request: Request) -> None:
    request.session.clear()


def flash(request: Request, message: str) -> None:
    request.session.setdefault(FLASH_KEY, []).append(message)


def pop_flashes(request: Request) -> list[str]:
    messages: list[str] = request.session.pop(FLASH_KEY, [])
    return messages
