"""Who is acting, with which roles, and the permission predicates every service uses."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from colab.errors import ColabError, forbidden, unauthenticated


class Role(str, Enum):
    CITIZEN = "CITIZEN"
    MODERATOR = "MODERATOR"
    ADMIN = "ADMIN"


@dataclass(frozen=True)
class Actor:
    user_id: int | None = None
    role: Role = Role.CITIZEN
    token_id: int | None = None

    @property
    def is_authenticated(self) -> bool:
        return self.user_id is not None

    @property
    def is_admin(self) -> bool:
        return self.is_authenticated and self.role is Role.ADMIN

    @property
    def is_moderator(self) -> bool:
        return self.is_authenticated and self.role in (Role.MODERATOR, Role.ADMIN)


ANONYMOUS = Actor()


def require_login(actor: Actor) -> int:
    """Return the acting user's id; anonymous actors are refused."""
    if actor.user_id is None:
        raise unauthenticated()
    return actor.user_id


def require_admin(actor: Actor) -> int:
    """Only an admin may go on."""
    user_id = require_login(actor)
    if not actor.is_admin:
        raise forbidden("Réservé aux administrateurs du Colab.")
    return user_id


def require_moderator(actor: Actor) -> int:
    """Only a moderator (or an admin) may go on."""
    user_id = require_login(actor)
    if not actor.is_moderator:
        raise forbidden("Réservé aux modérateurs du Colab.")
    return user_id


__all__ = ["ANONYMOUS", "Actor", "ColabError", "Role", "require_admin", "require_login", "require_moderator"]
