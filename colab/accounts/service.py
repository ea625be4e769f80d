"""Sign-up, log-in, API tokens and roles."""

from __future__ import annotations

from datetime import datetime, timedelta

from email_validator import EmailNotValidError, validate_email
from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from colab.accounts.events import SignupAttempted
from colab.accounts.models import ApiToken, User
from colab.accounts.passwords import MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH, hash_off_loop, verify_off_loop
from colab.accounts.sessions import end_sessions
from colab.accounts.tokens import (
    DEFAULT_TOKEN_LIFETIME,
    TOKEN_PREFIX,
    IssuedToken,
    issue_token,
    live_token,
    revoke_all_tokens,
    revoke_token,
    scopes_of,
)
from colab.actors import ANONYMOUS, Actor, Role, require_admin, require_write
from colab.errors import ColabError, ErrorCode, ErrorCollector
from colab.events import publish
from colab.validation import check_text, clean_line, utcnow

EMAIL_MAX = 254  # the column's length, and the longest address email_validator accepts


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
    errors.raise_if_any()
    # hashed before the address is looked up, so a taken address answers as slowly as a free one
    password_hash = await hash_off_loop(password)
    if await User.filter(email=address).exists():
        raise ColabError(ErrorCode.EMAIL_TAKEN, "Un compte existe déjà avec cette adresse.", "email")
    try:
        # the unique index, not the check above, is what holds under concurrent sign-ups
        async with in_transaction():
            return await User.create(email=address, display_name=name, password_hash=password_hash, role=role)
    except IntegrityError:
        raise ColabError(ErrorCode.EMAIL_TAKEN, "Un compte existe déjà avec cette adresse.", "email") from None


async def request_account(email: str, password: str, display_name: str) -> User | None:
    """Sign-up as strangers see it: a taken address answers like a free one and its owner is told instead.

    Returns the new account, or None when the address already had one (the caller shows the same answer).
    """
    try:
        return await sign_up(email, password, display_name)
    except ColabError as error:
        if error.code is not ErrorCode.EMAIL_TAKEN:
            raise
    await tell_owner_of_signup_attempt(lookup_email(email))
    return None


async def tell_owner_of_signup_attempt(address: str) -> None:
    """Someone tried to sign up with this address: tell its owner (in-app today; by email once the outbox exists)."""
    owner = await User.get_or_none(email=address)
    if owner is not None:
        # notifications react to the event (accounts know nothing of notifications)
        async with in_transaction():
            await publish(SignupAttempted(subject_id=owner.id))


async def authenticate(email: str, password: str) -> User:
    """The user whose email and password match; one error for both mistakes."""
    address = lookup_email(email)
    user = await User.get_or_none(email=address, is_active=True) if address else None
    if not await verify_off_loop(user.password_hash if user else None, password or "") or user is None:
        raise ColabError(ErrorCode.INVALID_CREDENTIALS, "Adresse e-mail ou mot de passe incorrect.")
    return user


async def log_in(
    email: str, password: str, token_name: str = "", lifetime: timedelta = DEFAULT_TOKEN_LIFETIME
) -> IssuedToken:
    """Check the credentials and hand out an API token (every scope: see tokens.LOGIN_SCOPES)."""
    user = await authenticate(email, password)
    return await issue_token(user, token_name or "logIn", lifetime)


async def actor_for_token(raw: str) -> Actor:
    """The actor behind a bearer token (memberships not loaded: colab.identity builds the full one)."""
    token = await live_token(raw)
    return Actor(user_id=token.user.id, role=token.user.role, token_id=token.id, scopes=scopes_of(token))


async def session_user(user_id: int | None) -> User | None:
    """The account behind a user id; None if it is gone or disabled."""
    return await User.get_or_none(id=user_id, is_active=True) if user_id is not None else None


def actor_of(user: User | None) -> Actor:
    return Actor(user_id=user.id, role=user.role) if user else ANONYMOUS


async def actor_for_user_id(user_id: int | None) -> Actor:
    """The actor for a user id (anonymous if the account is gone or disabled)."""
    return actor_of(await session_user(user_id))


async def change_password(actor: Actor, current: str, new: str) -> User:
    """The owner changes their password (the current one first); every other session and every token ends."""
    user_id = require_write(actor)
    user = await User.get(id=user_id)
    if not await verify_off_loop(user.password_hash, current or ""):
        raise ColabError(ErrorCode.INVALID_CREDENTIALS, "Le mot de passe actuel est incorrect.", "currentPassword")
    errors = ErrorCollector()
    _check_password(errors, new)
    errors.raise_if_any()
    user.password_hash = await hash_off_loop(new)
    async with in_transaction():
        await user.save(update_fields=["password_hash"])
        await end_sessions(user.id, keep=actor.session_id)
        await revoke_all_tokens(user.id)
    return user


async def block_user(actor: Actor, email: str) -> User:
    """Admins block an account: it can no longer log in, and its sessions and tokens stop working at once."""
    require_admin(actor)
    return await set_active(email, False)


async def set_active(email: str, active: bool) -> User:
    """Block or unblock an account (the `colab user block` command runs this as the operator)."""
    user = await User.get_or_none(email=lookup_email(email))
    if user is None:
        raise ColabError(ErrorCode.NOT_FOUND, "Aucun compte avec cette adresse.", "email")
    async with in_transaction():
        user.is_active = active
        await user.save(update_fields=["is_active"])
        if not active:
            await end_sessions(user.id)
            await revoke_all_tokens(user.id)
    return user


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


__all__ = ["IssuedToken", "TOKEN_PREFIX", "issue_token", "revoke_token"]
