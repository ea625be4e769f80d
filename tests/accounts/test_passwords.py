"""Password hashing: Argon2id, never the raw password, constant-cost refusal."""

from __future__ import annotations

import threading

from argon2 import PasswordHasher

from colab.accounts.models import User
from colab.accounts.passwords import hash_password, use_hasher, verify_password
from colab.accounts.service import authenticate


def test_hash_password_uses_argon2id_and_a_fresh_salt() -> None:
    first, second = hash_password("motdepasse-solide"), hash_password("motdepasse-solide")
    assert first.startswith("$argon2id$")
    assert "motdepasse-solide" not in first
    assert first != second


def test_verify_password_accepts_the_right_password() -> None:
    assert verify_password(hash_password("motdepasse-solide"), "motdepasse-solide")


def test_verify_password_refuses_a_wrong_password() -> None:
    assert not verify_password(hash_password("motdepasse-solide"), "motdepasse-solidE")


def test_verify_password_refuses_when_there_is_no_hash() -> None:
    # the dummy hash is checked so the unknown-email path costs as much, but it never succeeds
    assert not verify_password(None, "colab-wallonie-dummy-password")


def test_verify_password_refuses_a_malformed_hash() -> None:
    assert not verify_password("pas-un-hash", "motdepasse-solide")


def test_a_hash_made_with_other_parameters_still_verifies() -> None:
    strong = PasswordHasher(time_cost=2, memory_cost=2048, parallelism=1).hash("motdepasse-solide")
    assert verify_password(strong, "motdepasse-solide")


def test_use_hasher_swaps_the_parameters() -> None:
    cheap = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    use_hasher(cheap)
    assert "m=1024,t=1,p=1" in hash_password("motdepasse-solide")


class _ThreadRecordingHasher(PasswordHasher):
    """A hasher that notes which thread each verification runs in."""

    def __init__(self) -> None:
        super().__init__(time_cost=1, memory_cost=1024, parallelism=1)
        self.threads: list[int] = []

    def verify(self, hash: str | bytes, password: str | bytes) -> bool:
        self.threads.append(threading.get_ident())
        return super().verify(hash, password)


async def test_a_log_in_verifies_the_password_off_the_event_loop(db: None) -> None:
    # the loop's thread never runs Argon2 (a costly hash there would stall every other request);
    # asserted by thread, not by timing, so a loaded machine cannot make it flaky
    hasher = _ThreadRecordingHasher()
    use_hasher(hasher)
    try:
        user = await User.create(
            email="lent@exemple.be", display_name="Lent", password_hash=hash_password("motdepasse-solide")
        )
        assert await authenticate("lent@exemple.be", "motdepasse-solide") == user
    finally:
        use_hasher(PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))
    assert hasher.threads, "the log-in did not verify the password"
    assert threading.get_ident() not in hasher.threads
