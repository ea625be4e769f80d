"""API tokens: made by their owner with scopes and an expiry, shown once, listed, revoked; only a hash is stored."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta

from colab.accounts.models import ApiToken, User
from colab.actors import (
    ALL_SCOPES,
    Actor,
    Scope,
    grantable_scopes,
    require_login,
    require_write,
)
from colab.errors import ColabError, ErrorCode, ErrorCollector
from colab.validation import check_text, clean_line, utcnow

TOKEN_PREFIX = "colab_"
DEFAULT_TOKEN_LIFETIME = timedelta(days=30)
MAX_TOKEN_LIFETIME_DAYS = 365
#: tokens handed out by the `logIn` mutation act like a web session: every scope (bounded by the owner's role)
LOGIN_SCOPES = ALL_SCOPES
#: how stale `last_used_at` may get before a request writes it again (one write per token per minute at most)
LAST_USED_PRECISION = timedelta(minutes=1)
MAX_LISTED = 100


@dataclass(frozen=True)
class IssuedToken:
    """A token as handed to its owner: the raw secret is shown once, never stored."""

    raw: str
    token: ApiToken
    user: User


def digest(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def scopes_of(token: ApiToken) -> frozenset[Scope]:
    known = {s.value: s for s in Scope}
    return frozenset(known[name] for name in token.scopes.split() if name in known)


def _stored(scopes: Iterable[Scope]) -> str:
    return " ".join(s.value for s in Scope if s in set(scopes))


async def issue_token(
    user: User, name: str = "", lifetime: timedelta = DEFAULT_TOKEN_LIFETIME, scopes: Iterable[Scope] = LOGIN_SCOPES
) -> IssuedToken:
    """A fresh bearer token for `user`; only its hash is kept."""
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = await ApiToken.create(
        user=user,
        token_hash=digest(raw),
        name=clean_line(name)[:80],
        expires_at=utcnow() + lifetime,
        scopes=_stored(scopes),
    )
    return IssuedToken(raw=raw, token=token, user=user)


async def create_token(actor: Actor, name: str, scopes: Iterable[str], lifetime_days: int) -> IssuedToken:
    """A person makes a token for an app: a name, scopes within their own rights, an expiry of 1 to 365 days."""
    user_id = require_write(actor)
    errors = ErrorCollector()
    label = clean_line(name)
    check_text(errors, "name", label, max_length=80, min_length=1, label="Le nom du jeton")
    asked = [str(s) for s in scopes][: len(Scope) + 1]
    known = {s.value: s for s in Scope}
    wanted = {Scope.READ, *(known[v] for v in asked if v in known)}
    allowed = grantable_scopes(actor)
    if any(v not in known for v in asked):
        errors.add(ErrorCode.INVALID, "Portée inconnue.", "scopes")
    elif not wanted <= allowed:
        refused = ", ".join(sorted(s.value for s in wanted - allowed))
        message = f"Vous ne pouvez pas donner cette portée à un jeton : {refused}."
        errors.add(ErrorCode.SCOPE_NOT_ALLOWED, message, "scopes")
    if not 1 <= lifetime_days <= MAX_TOKEN_LIFETIME_DAYS:
        errors.add(ErrorCode.INVALID, f"Un jeton expire après 1 à {MAX_TOKEN_LIFETIME_DAYS} jours.", "expiresInDays")
    errors.raise_if_any()
    user = await User.get(id=user_id)
    return await issue_token(user, label, timedelta(days=lifetime_days), wanted)


async def list_tokens(actor: Actor) -> list[ApiToken]:
    """The actor's own tokens, newest first (revoked and expired ones too, so they can be told apart)."""
    user_id = require_login(actor)
    return await ApiToken.filter(user_id=user_id).order_by("-created_at", "-id").limit(MAX_LISTED)


async def revoke_token(actor: Actor, token_id: int | None = None) -> bool:
    """Revoke one of the actor's own tokens (by default the one in use); False if there was none to revoke."""
    user_id = require_login(actor)
    target = token_id or actor.token_id
    if target is None:
        return False
    return bool(await ApiToken.filter(id=target, user_id=user_id, revoked_at=None).update(revoked_at=utcnow()))


async def revoke_all_tokens(user_id: int) -> None:
    await ApiToken.filter(user_id=user_id, revoked_at=None).update(revoked_at=utcnow())


async def live_token(raw: str) -> ApiToken:
    """The token behind a bearer secret, with its user; unknown or revoked → UNAUTHENTICATED, expired → TOKEN_EXPIRED.

    Marks it used (at most once a minute, so reading does not turn every request into a write).
    """
    token = await ApiToken.get_or_none(token_hash=digest(raw.strip())).select_related("user")
    if token is None or token.revoked_at is not None or not token.user.is_active:
        raise ColabError(ErrorCode.UNAUTHENTICATED, "Ce jeton n'est pas valide ou a été révoqué.")
    now = utcnow()
    if token.expires_at <= now:
        raise ColabError(ErrorCode.TOKEN_EXPIRED, "Ce jeton a expiré ; reconnectez-vous.")
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_PRECISION:
        token.last_used_at = now
        await ApiToken.filter(id=token.id).update(last_used_at=now)
    return token
