"""Password hashing: Argon2id, never the raw password, constant-cost refusal."""

from __future__ import annotations

import asyncio
import time

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


async def test_a_log_in_does_not_block_the_event_loop_while_hashing(db: None) -> None:
    # a costly hasher (as in production); a ticker measures how long the loop is kept from running
    use_hasher(PasswordHasher(time_cost=3, memory_cost=16384, parallelism=1))
    try:
        stored = hash_password("motdepasse-solide")
        started = time.perf_counter()
        verify_password(stored, "motdepasse-solide")
        cost = time.perf_counter() - started
        user = await User.create(email="lent@exemple.be", display_name="Lent", password_hash=stored)
        gaps: list[float] = []
        done = asyncio.Event()

        async def tick() -> None:
            last = time.perf_counter()
            while not done.is_set():
                await asyncio.sleep(0.002)
                now = time.perf_counter()
                gaps.append(now - last)
                last = now

        ticker = asyncio.create_task(tick())
        assert await authenticate("lent@exemple.be", "motdepasse-solide") == user
        done.set()
        await ticker
    finally:
        use_hasher(PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))
    assert cost > 0.02, "the hasher is too cheap for this test to mean anything"
    assert max(gaps) < cost / 2
