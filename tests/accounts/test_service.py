"""Accounts service: sign-up, log-in, API tokens, roles — and every way they refuse."""

from __future__ import annotations

import hashlib
from datetime import timedelta

import pytest

from colab.accounts import passwords
from colab.accounts.models import ApiToken, User
from colab.accounts.passwords import verify_password
from colab.accounts.service import (
    actor_for_token,
    actor_for_user_id,
    authenticate,
    grant_role,
    issue_token,
    log_in,
    revoke_token,
    set_role,
    sign_up,
)
from colab.actors import ANONYMOUS, Role
from colab.errors import ColabError, ColabErrors, ErrorCode
from colab.validation import utcnow
from tests.conftest import PASSWORD, actor_of, make_user


async def test_sign_up_lower_cases_the_email_and_hashes_the_password(db: None) -> None:
    user = await sign_up("  Camille.Dupont@Exemple.BE ", PASSWORD, "  Camille   Dupont ")
    stored = await User.get(id=user.id)
    assert stored.email == "camille.dupont@exemple.be"
    assert stored.display_name == "Camille Dupont"
    assert stored.role is Role.CITIZEN
    assert stored.password_hash.startswith("$argon2id$")
    assert PASSWORD not in stored.password_hash
    assert verify_password(stored.password_hash, PASSWORD)


async def test_a_taken_address_is_hashed_too_so_it_answers_as_slowly(db: None, monkeypatch: pytest.MonkeyPatch) -> None:
    await sign_up("lea@exemple.be", PASSWORD, "Léa")
    hashed: list[str] = []
    real = passwords.hash_password
    monkeypatch.setattr(passwords, "hash_password", lambda p: hashed.append(p) or real(p))
    with pytest.raises(ColabError) as caught:
        await sign_up("lea@exemple.be", "un-autre-mot-de-passe", "Léa bis")
    assert caught.value.code is ErrorCode.EMAIL_TAKEN
    assert hashed == ["un-autre-mot-de-passe"]


async def test_sign_up_accepts_a_password_of_exactly_ten_characters(db: None) -> None:
    user = await sign_up("dix@exemple.be", "a" * 10, "Dix Caractères")
    assert await authenticate("dix@exemple.be", "a" * 10) == user


async def test_sign_up_refuses_an_email_taken_in_another_case(db: None) -> None:
    await sign_up("lea@exemple.be", PASSWORD, "Léa")
    with pytest.raises(ColabError) as caught:
        await sign_up("LEA@Exemple.be", PASSWORD, "Léa bis")
    assert caught.value.code is ErrorCode.EMAIL_TAKEN
    assert caught.value.field == "email"
    assert await User.filter(email="lea@exemple.be").count() == 1


async def test_sign_up_refuses_an_invalid_email(db: None) -> None:
    with pytest.raises(ColabError) as caught:
        await sign_up("pas-une-adresse", PASSWORD, "Camille")
    assert caught.value.code is ErrorCode.INVALID_EMAIL
    assert caught.value.field == "email"
    assert await User.all().count() == 0


async def test_sign_up_refuses_a_missing_email(db: None) -> None:
    with pytest.raises(ColabError) as caught:
        await sign_up("   ", PASSWORD, "Camille")
    assert caught.value.code is ErrorCode.REQUIRED
    assert caught.value.field == "email"


async def test_sign_up_refuses_a_password_of_nine_characters(db: None) -> None:
    with pytest.raises(ColabError) as caught:
        await sign_up("court@exemple.be", "a" * 9, "Camille")
    assert caught.value.code is ErrorCode.PASSWORD_TOO_SHORT
    assert caught.value.field == "password"
    assert await User.all().count() == 0


async def test_sign_up_refuses_an_overlong_password(db: None) -> None:
    with pytest.raises(ColabError) as caught:
        await sign_up("long@exemple.be", "a" * 201, "Camille")
    assert caught.value.code is ErrorCode.TOO_LONG
    assert caught.value.field == "password"


async def test_sign_up_refuses_a_missing_name(db: None) -> None:
    with pytest.raises(ColabError) as caught:
        await sign_up("sans-nom@exemple.be", PASSWORD, "   ")
    assert caught.value.code is ErrorCode.REQUIRED
    assert caught.value.field == "displayName"
    assert await User.all().count() == 0


async def test_sign_up_reports_every_error_at_once(db: None) -> None:
    with pytest.raises(ColabErrors) as caught:
        await sign_up("pas-une-adresse", "court", "")
    found = {(e.field, e.code) for e in caught.value.errors}
    assert found == {
        ("email", ErrorCode.INVALID_EMAIL),
        ("password", ErrorCode.PASSWORD_TOO_SHORT),
        ("displayName", ErrorCode.REQUIRED),
    }
    assert await User.all().count() == 0


async def test_authenticate_finds_the_user_whatever_the_email_case(db: None) -> None:
    user = await make_user(email="marc@exemple.be")
    assert (await authenticate(" Marc@Exemple.BE ", PASSWORD)).id == user.id


async def test_authenticate_refuses_a_wrong_password(db: None) -> None:
    await make_user(email="marc@exemple.be")
    with pytest.raises(ColabError) as caught:
        await authenticate("marc@exemple.be", PASSWORD + "x")
    assert caught.value.code is ErrorCode.INVALID_CREDENTIALS


async def test_authenticate_refuses_an_unknown_email_with_the_same_error(db: None) -> None:
    with pytest.raises(ColabError) as caught:
        await authenticate("personne@exemple.be", PASSWORD)
    assert caught.value.code is ErrorCode.INVALID_CREDENTIALS


async def test_authenticate_refuses_a_disabled_account(db: None) -> None:
    user = await make_user(email="parti@exemple.be")
    await User.filter(id=user.id).update(is_active=False)
    with pytest.raises(ColabError) as caught:
        await authenticate("parti@exemple.be", PASSWORD)
    assert caught.value.code is ErrorCode.INVALID_CREDENTIALS


async def test_log_in_returns_a_raw_token_of_which_only_the_hash_is_stored(db: None) -> None:
    user = await make_user(email="jeton@exemple.be")
    issued = await log_in("jeton@exemple.be", PASSWORD)
    stored = await ApiToken.get(id=issued.token.id)
    assert issued.user.id == user.id
    assert stored.token_hash == hashlib.sha256(issued.raw.encode()).hexdigest()
    assert issued.raw not in {stored.token_hash, stored.name}
    assert not await ApiToken.filter(token_hash=issued.raw).exists()
    assert stored.expires_at > utcnow() + timedelta(days=29)


async def test_log_in_with_a_wrong_password_issues_no_token(db: None) -> None:
    await make_user(email="jeton@exemple.be")
    with pytest.raises(ColabError) as caught:
        await log_in("jeton@exemple.be", "mauvais-mot-de-passe")
    assert caught.value.code is ErrorCode.INVALID_CREDENTIALS
    assert await ApiToken.all().count() == 0


async def test_a_live_token_gives_its_owner_as_actor(db: None) -> None:
    user = await make_user(role=Role.MODERATOR)
    issued = await issue_token(user)
    actor = await actor_for_token(issued.raw)
    assert (actor.user_id, actor.role, actor.token_id) == (user.id, Role.MODERATOR, issued.token.id)


async def test_an_unknown_token_is_unauthenticated(db: None) -> None:
    with pytest.raises(ColabError) as caught:
        await actor_for_token("colab_inconnu")
    assert caught.value.code is ErrorCode.UNAUTHENTICATED


async def test_a_revoked_token_is_unauthenticated(db: None) -> None:
    user = await make_user()
    issued = await issue_token(user)
    await revoke_token(await actor_for_token(issued.raw))
    with pytest.raises(ColabError) as caught:
        await actor_for_token(issued.raw)
    assert caught.value.code is ErrorCode.UNAUTHENTICATED


async def test_a_token_issued_with_a_past_lifetime_is_expired(db: None) -> None:
    user = await make_user()
    issued = await issue_token(user, lifetime=timedelta(seconds=-1))
    with pytest.raises(ColabError) as caught:
        await actor_for_token(issued.raw)
    assert caught.value.code is ErrorCode.TOKEN_EXPIRED


async def test_a_token_expires_when_its_time_has_passed(db: None) -> None:
    user = await make_user()
    issued = await issue_token(user)
    await ApiToken.filter(id=issued.token.id).update(expires_at=utcnow() - timedelta(minutes=1))
    with pytest.raises(ColabError) as caught:
        await actor_for_token(issued.raw)
    assert caught.value.code is ErrorCode.TOKEN_EXPIRED


async def test_the_token_of_a_disabled_account_is_unauthenticated(db: None) -> None:
    user = await make_user()
    issued = await issue_token(user)
    await User.filter(id=user.id).update(is_active=False)
    with pytest.raises(ColabError) as caught:
        await actor_for_token(issued.raw)
    assert caught.value.code is ErrorCode.UNAUTHENTICATED


async def test_revoke_token_revokes_the_token_in_use_only(db: None) -> None:
    user = await make_user()
    in_use, other = await issue_token(user), await issue_token(user)
    await revoke_token(await actor_for_token(in_use.raw))
    assert (await ApiToken.get(id=in_use.token.id)).revoked_at is not None
    assert (await actor_for_token(other.raw)).user_id == user.id


async def test_revoke_token_cannot_revoke_someone_elses_token(db: None) -> None:
    owner, intruder = await make_user(), await make_user()
    issued = await issue_token(owner)
    await revoke_token(actor_of(intruder), issued.token.id)
    assert (await ApiToken.get(id=issued.token.id)).revoked_at is None
    assert (await actor_for_token(issued.raw)).user_id == owner.id


async def test_revoke_token_needs_a_login(db: None) -> None:
    with pytest.raises(ColabError) as caught:
        await revoke_token(ANONYMOUS, 1)
    assert caught.value.code is ErrorCode.UNAUTHENTICATED


async def test_actor_for_user_id_is_anonymous_for_a_disabled_account(db: None) -> None:
    user = await make_user()
    assert (await actor_for_user_id(user.id)).user_id == user.id
    await User.filter(id=user.id).update(is_active=False)
    assert await actor_for_user_id(user.id) == ANONYMOUS
    assert await actor_for_user_id(None) == ANONYMOUS


async def test_an_admin_grants_the_moderator_role(db: None) -> None:
    admin = await make_user(role=Role.ADMIN)
    await make_user(email="modo@exemple.be")
    user = await grant_role(actor_of(admin), "Modo@Exemple.be", Role.MODERATOR)
    assert user.role is Role.MODERATOR
    assert (await User.get(email="modo@exemple.be")).role is Role.MODERATOR


async def test_a_citizen_cannot_grant_roles(db: None) -> None:
    citizen = await make_user()
    await make_user(email="cible@exemple.be")
    with pytest.raises(ColabError) as caught:
        await grant_role(actor_of(citizen), "cible@exemple.be", Role.ADMIN)
    assert caught.value.code is ErrorCode.FORBIDDEN
    assert (await User.get(email="cible@exemple.be")).role is Role.CITIZEN


async def test_a_moderator_cannot_grant_roles(db: None) -> None:
    moderator = await make_user(role=Role.MODERATOR)
    with pytest.raises(ColabError) as caught:
        await grant_role(actor_of(moderator), "cible@exemple.be", Role.ADMIN)
    assert caught.value.code is ErrorCode.FORBIDDEN


async def test_anonymous_cannot_grant_roles(db: None) -> None:
    with pytest.raises(ColabError) as caught:
        await grant_role(ANONYMOUS, "cible@exemple.be", Role.ADMIN)
    assert caught.value.code is ErrorCode.UNAUTHENTICATED


async def test_set_role_of_an_unknown_email_is_not_found(db: None) -> None:
    with pytest.raises(ColabError) as caught:
        await set_role("inconnu@exemple.be", Role.ADMIN)
    assert caught.value.code is ErrorCode.NOT_FOUND
    assert caught.value.field == "email"


async def test_an_address_typed_in_another_unicode_form_finds_the_account(db: None) -> None:
    # "é" as one code point at sign-up, as "e" + combining accent at log-in (macOS keyboards send the latter)
    composed, decomposed = "andr\u00e9@exemple.be", "andre\u0301@exemple.be"
    await sign_up(composed, PASSWORD, "André")
    user = await authenticate(decomposed.upper(), PASSWORD)
    assert user.email == composed
