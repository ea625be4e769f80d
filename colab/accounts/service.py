"""Sign-up, log-in, API tokens and roles."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from email_validator import EmailNotValidError, validate_email
from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from colab.accounts.models import ApiToken, User
from colab.accounts.passwords import (
    MAX_PASSWORD_LENGTH,
    MIN_PASSWORD_LENGTH,
    hash_password,
    verify_password,
)
from colab.actors import ANONYMOUS, Actor, Role, require_admin, require_login
from colab.errors import ColabError, ErrorCode, ErrorCollector
from colab.validation import check_text, clean_line, utcnow

TOKEN_PREFIX = "colab_"
DEFAULT_TOKEN_LIFETIME = timedelta(days=30)
EMAIL_MAX = 254  # the column's length, and the longest address email_validator accepts


@dataclass(frozen=True)
class IssuedToken:
    """A token as handed to its owner: the raw secret is shown once, never stored."""

    raw: str
    token: ApiToken
    user: User


def normalize_email(email: str, errors: ErrorCollector | None = None) -> str:
    """Lower-cased, syntax-checked email; uniqueness is case-insensitive."""
    collector = errors or ErrorCollector()
    value = (email or "").strip()
    if not value:
        collector.add(ErrorCode.REQUIRED, "L'adresse e-mail est obligatoire.", "email")
    else:
        try:
            value = validate_email(value, check_deliverability=False).normalized
        except EmailNotValidError:
            collector.add(ErrorCode.INVALID_EMAIL, "Cette adresse e-mail n'est pas valide.", "email")
    if errors is None:
        collector.raise_if_any()
    return value.lower()


def lookup_email(email: str) -> str:
    """The stored form of an address typed to find an account (same normalization as sign-up)."""
    try:
        return normalize_email(email)
    except ColabError:
        typed = (email or "").strip().lower()
        # no account has a longer address; looking one up would overflow the column (a 500 before)
        return typed if len(typed) <= EMAIL_MAX else ""


def _check_password(errors: ErrorCollector, password: str) -> None:
    if len(password or "") < MIN_PASSWORD_LENGTH:
        errors.add(
            ErrorCode.PASSWORD_TOO_SHORT,
            f"Le mot de passe doit compter au moins {MIN_PASSWORD_LENGTH} caractères.",
            "password",
        )
    elif len(password) > MAX_PASSWORD_LENGTH:
        errors.add(ErrorCode.TOO_LONG, "Ce mot de passe est trop long.", "password")


async def sign_up(email: str, password: str, display_name: str, role: Role = Role.CITIZEN) -> User:
    """Create an account: a valid email not taken (case-insensitive), a password of 10+ chars."""
    errors = ErrorCollector()
    address = normalize_email(email, errors)
    name = clean_line(display_name)
    check_text(errors, "displayName", name, max_length=80, min_length=2, label="Le nom affiché")
    _check_password(errors, password)
    if not errors.has("email") and await User.filter(email=address).exists():
        errors.add(ErrorCode.EMAIL_TAKEN, "Un compte existe déjà avec cette adresse.", "email")
    errors.raise_if_any()
    try:
        # the unique index, not the check above, is what holds under concurrent sign-ups
        async with in_transaction():
            return await User.create(email=address, display_name=name, password_hash=hash_password(password), role=role)
    except IntegrityError:
        raise ColabError(ErrorCode.EMAIL_TAKEN, "Un compte existe déjà avec cette adresse.", "email") from None


async def authenticate(email: str, password: str) -> User:
    """The user whose email and password match; one error for both mistakes."""
    address = lookup_email(email)
    user = await User.get_or_none(email=address, is_active=True) if address else None
    if not verify_password(user.password_hash if user else None, password or "") or user is None:
        raise ColabError(ErrorCode.INVALID_CREDENTIALS, "Adresse e-mail ou mot de passe incorrect.")
    return user


def _digest(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


async def issue_token(user: User, name: str = "", lifetime: timedelta = DEFAULT_TOKEN_LIFETIME) -> IssuedToken:
    """A fresh bearer token for `user`; only its hash is kept."""
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = await ApiToken.create(
        user=user, token_hash=_digest(raw), name=clean_line(name)[:80], expires_at=utcnow() + lifetime
    )
    return IssuedToken(raw=raw, token=token, user=user)


async def log_in(
    email: str, password: str, token_name: str = "", lifetime: timedelta = DEFAULT_TOKEN_LIFETIME
) -> IssuedToken:
    """Check the credentials and hand out an API token."""
    user = await authenticate(email, password)
    return await issue_token(user, token_name or "logIn", lifetime)


async def actor_for_token(raw: str) -> Actor:
    """The actor behind a bearer token; unknown or revoked → UNAUTHENTICATED, expired → TOKEN_EXPIRED."""
    token = await ApiToken.get_or_none(token_hash=_digest(raw.strip())).select_related("user")
    if token is None or token.revoked_at is not None or not token.user.is_active:
        raise ColabError(ErrorCode.UNAUTHENTICATED, "Ce jeton n'est pas valide ou a été révoqué.")
    if token.expires_at <= utcnow():
        raise ColabError(ErrorCode.TOKEN_EXPIRED, "Ce jeton a expiré ; reconnectez-vous.")
    return Actor(user_id=token.user.id, role=token.user.role, token_id=token.id)


async def session_user(user_id: int | None) -> User | None:
    """The account behind a web session's user id; None if it is gone or disabled."""
    return await User.get_or_none(id=user_id, is_active=True) if user_id is not None else None


def actor_of(user: User | None) -> Actor:
    return Actor(user_id=user.id, role=user.role) if user else ANONYMOUS


async def actor_for_user_id(user_id: int | None) -> Actor:
    """The actor for a web session's user id (anonymous if the account is gone or disabled)."""
    return actor_of(await session_user(user_id))


async def revoke_token(actor: Actor, token_id: int | None = None) -> None:
    """Revoke one of the actor's own tokens (by default the one in use)."""
    user_id = require_login(actor)
    target = token_id or actor.token_id
    if target is None:
        return
    await ApiToken.filter(id=target, user_id=user_id, revoked_at=None).update(revoked_at=utcnow())


async def grant_role(actor: Actor, email: str, role: Role) -> User:
    """Admins give or take the moderator and admin roles."""
    require_admin(actor)
    return await set_role(email, role)


async def set_role(email: str, role: Role) -> User:
    """Set a user's role (the `colab user grant` command, which runs as the operator)."""
    user = await User.get_or_none(email=lookup_email(email))
    if user is None:
        raise ColabError(ErrorCode.NOT_FOUND, "Aucun compte avec cette adresse.", "email")
    user.role = role
    await user.save(update_fields=["role"])
    return user


async def get_user(user_id: int) -> User | None:
    return await User.get_or_none(id=user_id)


def token_is_live(token: ApiToken, now: datetime | None = None) -> bool:
    return token.revoked_at is None and token.expires_at > (now or utcnow())
