"""Password reset: a link by email (through the outbox and a real SMTP server), valid one hour, usable once."""

from __future__ import annotations

import re
import time

import pytest

from colab.accounts.reset import request_password_reset, reset_password, reset_token, user_for_token
from colab.accounts.service import authenticate
from colab.errors import ColabError, ErrorCode
from colab.events.models import Event
from colab.events.worker import Worker
from tests.conftest import PASSWORD, make_user
from tests.smtp_server import BASE_URL, SECRET_KEY, Inbox

pytestmark = pytest.mark.usefixtures("db")
NEW = "un-nouveau-mot-de-passe"


async def _link(smtp: Inbox, address: str) -> str:
    worker = Worker()
    while await worker.run_once():
        pass
    [message] = smtp.to(address)
    found = re.search(rf"{re.escape(BASE_URL)}/mot-de-passe/nouveau\?jeton=(\S+)", smtp.text(message))
    assert found, smtp.text(message)
    return found.group(1)


async def test_the_link_sets_a_new_password_once(smtp: Inbox) -> None:
    user = await make_user(email="oubli@exemple.be")
    await request_password_reset("  Oubli@Exemple.be ")
    token = await _link(smtp, "oubli@exemple.be")
    await reset_password(SECRET_KEY, token, NEW)
    assert (await authenticate("oubli@exemple.be", NEW)).id == user.id
    with pytest.raises(ColabError) as reused:
        await reset_password(SECRET_KEY, token, "encore-un-autre-mot")
    assert reused.value.code is ErrorCode.INVALID_LINK


async def test_an_unknown_address_sends_nothing_and_says_nothing() -> None:
    assert await request_password_reset("personne@exemple.be") is None
    assert not await Event.exists(kind="account.password_reset_requested")


async def test_an_expired_forged_or_garbled_link_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    user = await make_user()
    token = reset_token(SECRET_KEY, user)
    for bad in (reset_token("une-autre-cle", user), token[:-3] + "abc", "", "x" * 600):
        with pytest.raises(ColabError) as refused:
            await user_for_token(SECRET_KEY, bad)
        assert refused.value.code is ErrorCode.INVALID_LINK
    assert (await user_for_token(SECRET_KEY, token)).id == user.id
    later = time.time() + 3601
    monkeypatch.setattr(time, "time", lambda: later)
    with pytest.raises(ColabError) as expired:
        await reset_password(SECRET_KEY, token, NEW)
    assert expired.value.code is ErrorCode.INVALID_LINK
    assert (await authenticate(user.email, PASSWORD)).id == user.id


async def test_a_short_password_is_refused_and_the_link_stays_valid() -> None:
    user = await make_user()
    token = reset_token(SECRET_KEY, user)
    with pytest.raises(ColabError) as refused:
        await reset_password(SECRET_KEY, token, "court")
    assert refused.value.code is ErrorCode.PASSWORD_TOO_SHORT
    assert (await user_for_token(SECRET_KEY, token)).id == user.id
