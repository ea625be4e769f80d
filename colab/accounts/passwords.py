"""Password hashing with Argon2id (argon2-cffi), run in a worker thread so the event loop keeps serving."""

from __future__ import annotations

from anyio import to_thread
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

MIN_PASSWORD_LENGTH = 10
MAX_PASSWORD_LENGTH = 200

_hasher = PasswordHasher()
# verified when the email is unknown, so both paths cost the same time
_DUMMY_HASH = _hasher.hash("colab-wallonie-dummy-password")


def use_hasher(hasher: PasswordHasher) -> None:
    """Swap the hasher (tests use cheap parameters)."""
    global _hasher, _DUMMY_HASH
    _hasher = hasher
    _DUMMY_HASH = hasher.hash("colab-wallonie-dummy-password")


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    try:
        return _hasher.verify(password_hash or _DUMMY_HASH, password) and password_hash is not None
    except (VerificationError, InvalidHashError):
        return False


async def hash_off_loop(password: str) -> str:
    """`hash_password` in a worker thread: Argon2 costs tens of milliseconds of CPU (it releases the GIL)."""
    return await to_thread.run_sync(hash_password, password)


async def verify_off_loop(password_hash: str | None, password: str) -> bool:
    """`verify_password` in a worker thread (same cost for a known and an unknown email)."""
    return await to_thread.run_sync(verify_password, password_hash, password)
