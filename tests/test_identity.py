"""The Actor of a request is built once, with the memberships, from a session key or a bearer token."""

from datetime import timedelta

import pytest

from colab.accounts.models import ApiToken
from colab.accounts.service import issue_token
from colab.accounts.sessions import open_session
from colab.actors import MembershipRole, Scope
from colab.errors import ColabError, ErrorCode
from colab.identity import from_bearer, from_session_key
from colab.validation import utcnow
from tests.conftest import make_org, make_user


async def test_a_session_actor_carries_the_memberships(db: None) -> None:
    user = await make_user()
    org = await make_org(members={user: MembershipRole.MANAGER})
    identity = await from_session_key(await open_session(user, timedelta(days=1)))
    assert identity.user == user
    assert identity.actor.memberships == {org.id: MembershipRole.MANAGER}
    assert identity.actor.session_id is not None


async def test_a_token_actor_carries_its_scopes_and_id_and_marks_it_used(db: None) -> None:
    user = await make_user()
    issued = await issue_token(user, "app", scopes={Scope.READ})
    identity = await from_bearer(issued.raw)
    assert identity.actor.token_id == issued.token.id
    assert identity.actor.scopes == {Scope.READ}
    assert identity.actor.memberships == {}
    assert (await ApiToken.get(id=issued.token.id)).last_used_at is not None


async def test_an_expired_token_is_refused_with_its_own_code(db: None) -> None:
    issued = await issue_token(await make_user(), "app")
    await ApiToken.filter(id=issued.token.id).update(expires_at=utcnow() - timedelta(seconds=1))
    with pytest.raises(ColabError) as caught:
        await from_bearer(issued.raw)
    assert caught.value.code is ErrorCode.TOKEN_EXPIRED


async def test_an_expired_session_is_nobody(db: None) -> None:
    user = await make_user()
    raw = await open_session(user, timedelta(seconds=-1))
    assert (await from_session_key(raw)).actor.user_id is None
