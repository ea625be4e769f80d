"""Web sessions kept on the server: the cookie holds a random key, the table its hash, so a session can be ended."""

from __future__ import annotations

import secrets
from datetime import timedelta

from colab.accounts.models import Session, User
from colab.accounts.tokens import digest
from colab.validation import utcnow

MAX_KEY_LENGTH = 100  # a longer cookie value is no key of ours: not even looked up


async def open_session(user: User, lifetime: timedelta) -> str:
    """A new session for `user`; returns the raw key to put in the signed cookie."""
    raw = secrets.token_urlsafe(32)
    await Session.create(user=user, key_hash=digest(raw), expires_at=utcnow() + lifetime)
    return raw


async def session_for(raw: object) -> Session | None:
    """The live session of a key, with its user; None if unknown, ended, expired or the account is blocked."""
    if not isinstance(raw, str) or not raw or len(raw) > MAX_KEY_LENGTH:
        return None
    found = await Session.get_or_none(key_hash=digest(raw)).select_related("user")
    if found is None or found.revoked_at is not None or found.expires_at <= utcnow() or not found.user.is_active:
        return None
    return found


async def close_session(raw: object) -> None:
    """Log-out: the key stops working everywhere, even in a copied cookie."""
    if isinstance(raw, str) and raw and len(raw) <= MAX_KEY_LENGTH:
        await Session.filter(key_hash=digest(raw), revoked_at=None).update(revoked_at=utcnow())


async def end_sessions(user_id: int, keep: int | None = None) -> int:
    """End every session of a user (password change, block), but `keep` (the one changing the password)."""
    query = Session.filter(user_id=user_id, revoked_at=None)
    if keep is not None:
        query = query.exclude(id=keep)
    return await query.update(revoked_at=utcnow())
