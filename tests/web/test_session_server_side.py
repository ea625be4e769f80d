"""Sessions live on the server: log-out, a password change or an admin's block end them, copied cookies included."""

import httpx

from colab.accounts.models import ApiToken, Session, User
from colab.accounts.service import block_user, change_password, issue_token
from colab.actors import Role
from colab.errors import ColabError, ErrorCode
from colab.identity import from_session_key
from tests.conftest import PASSWORD, actor_of, make_user
from tests.web.conftest import log_in, post_form


def _copy(client: httpx.AsyncClient) -> httpx.AsyncClient:
    copy = httpx.AsyncClient(transport=client._transport, base_url="http://test")
    copy.cookies.set("colab_session", client.cookies["colab_session"])
    return copy


async def _signed_in(client: httpx.AsyncClient, user: User) -> bool:
    return f"Connecté·e : <strong>{user.display_name}</strong>" in (await client.get("/")).text


async def test_a_copied_cookie_stops_working_after_logging_out(web: httpx.AsyncClient) -> None:
    user = await make_user()
    await log_in(web, user)
    async with _copy(web) as thief:
        assert await _signed_in(thief, user)
        out = await post_form(web, "/deconnexion", {}, "/")
        assert out.status_code == 303
        assert not await _signed_in(thief, user)
        assert (await thief.get("/mes-idees")).status_code == 303  # sent to the log-in page
    assert await Session.filter(user_id=user.id, revoked_at=None).count() == 0


async def test_the_cookie_holds_a_random_key_not_the_user_id(web: httpx.AsyncClient) -> None:
    user = await make_user()
    await log_in(web, user)
    session = await Session.get(user_id=user.id)
    assert session.key_hash not in web.cookies["colab_session"]
    assert len(session.key_hash) == 64


async def test_logging_in_again_ends_the_previous_session_of_that_browser(web: httpx.AsyncClient) -> None:
    user = await make_user()
    await log_in(web, user)
    await log_in(web, user)
    assert await Session.filter(user_id=user.id, revoked_at=None).count() == 1


async def test_a_password_change_made_elsewhere_ends_the_sessions_and_every_token(web: httpx.AsyncClient) -> None:
    user = await make_user()
    await log_in(web, user)
    other = await Session.get(user_id=user.id)
    token = await issue_token(user, "app")
    await change_password(actor_of(user), PASSWORD, "un-nouveau-mot-de-passe")
    assert (await Session.get(id=other.id)).revoked_at is not None
    assert (await ApiToken.get(id=token.token.id)).revoked_at is not None
    assert not await _signed_in(web, user)


async def test_a_password_change_needs_the_current_password(db: None) -> None:
    user = await make_user()
    try:
        await change_password(actor_of(user), "pas-le-bon-mot-de-passe", "un-nouveau-mot-de-passe")
    except ColabError as error:
        assert (error.code, error.field) == (ErrorCode.INVALID_CREDENTIALS, "currentPassword")
    else:
        raise AssertionError("a wrong current password was accepted")


async def test_an_admin_blocking_an_account_ends_its_sessions_at_once(web: httpx.AsyncClient) -> None:
    user = await make_user()
    admin = await make_user(Role.ADMIN)
    await log_in(web, user)
    assert await _signed_in(web, user)
    await block_user(actor_of(admin), user.email)
    assert not await _signed_in(web, user)
    assert await Session.filter(user_id=user.id, revoked_at=None).count() == 0


async def test_only_admins_block_accounts(db: None) -> None:
    user = await make_user()
    try:
        await block_user(actor_of(await make_user()), user.email)
    except ColabError as error:
        assert error.code is ErrorCode.FORBIDDEN
    else:
        raise AssertionError("a citizen blocked an account")
    assert (await User.get(id=user.id)).is_active


async def test_a_forged_cookie_value_is_nobody(db: None) -> None:
    assert (await from_session_key("x" * 5000)).actor.user_id is None
    assert (await from_session_key(12)).actor.user_id is None
