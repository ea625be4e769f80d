"""Password reset by email: a signed link, valid one hour, that works once (it is bound to the password it
replaces); asking gives the same answer whether the address has an account or not."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import timedelta

from itsdangerous import BadSignature, URLSafeTimedSerializer
from tortoise.transactions import in_transaction

from colab.accounts.models import User
from colab.accounts.passwords import hash_password
from colab.accounts.service import _check_password, lookup_email
from colab.accounts.sessions import end_sessions
from colab.accounts.tokens import revoke_all_tokens
from colab.errors import ColabError, ErrorCode, ErrorCollector
from colab.events import DomainEvent, event_type, publish

RESET_LIFETIME = timedelta(hours=1)
RESET_PATH = "/mot-de-passe/nouveau"
_SALT = "colab.password-reset"


@event_type("account.password_reset_requested", "user")
@dataclass(frozen=True, kw_only=True)
class PasswordResetRequested(DomainEvent):
    """Someone asked for a reset link for this account (private; the link is made when the mail is sent)."""


def _fingerprint(password_hash: str) -> str:
    # the link dies with the password it was made for: using it once changes the hash
    return hashlib.sha256(password_hash.encode()).hexdigest()[:20]


def reset_token(secret_key: str, user: User) -> str:
    return URLSafeTimedSerializer(secret_key, salt=_SALT).dumps({"u": user.id, "h": _fingerprint(user.password_hash)})


async def request_password_reset(email: str) -> None:
    """Send a reset link if an active account has this address; say nothing either way."""
    address = lookup_email(email)[:254]
    user = await User.get_or_none(email=address, is_active=True) if address else None
    if user is not None:
        async with in_transaction():
            await publish(PasswordResetRequested(subject_id=user.id))


def _invalid() -> ColabError:
    return ColabError(ErrorCode.INVALID_LINK, "Ce lien n'est pas ou plus valable : demandez-en un nouveau.", "token")


async def user_for_token(secret_key: str, token: str) -> User:
    """The account a live, unused reset link is for."""
    try:
        data = URLSafeTimedSerializer(secret_key, salt=_SALT).loads(
            token[:500], max_age=int(RESET_LIFETIME.total_seconds())
        )
        user_id, fingerprint = int(data["u"]), str(data["h"])
    except (BadSignature, KeyError, TypeError, ValueError):
        raise _invalid() from None
    user = await User.get_or_none(id=user_id, is_active=True)
    if user is None or _fingerprint(user.password_hash) != fingerprint:
        raise _invalid()
    return user


async def reset_password(secret_key: str, token: str, password: str) -> User:
    """Set a new password through a reset link; the link is spent (even against a second use racing this one)."""
    user = await user_for_token(secret_key, token)
    errors = ErrorCollector()
    _check_password(errors, password)
    errors.raise_if_any()
    new_hash = hash_password(password)
    async with in_transaction():
        if not await User.filter(id=user.id, password_hash=user.password_hash).update(password_hash=new_hash):
            raise _invalid()
        # as for a password change: whoever held the old password is logged out everywhere
        await end_sessions(user.id)
        await revoke_all_tokens(user.id)
    user.password_hash = new_hash
    return user
