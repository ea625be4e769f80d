"""The account pages: API tokens (made with the secret shown once, listed, revoked) and the password."""

import re

import httpx

from colab.accounts.models import ApiToken, Session
from colab.actors import Role
from tests.conftest import PASSWORD, make_user
from tests.web.conftest import log_in, post_form

VIEWER = {"query": "{ viewer { email } }"}


async def test_a_person_makes_a_token_sees_it_once_and_uses_it(web: httpx.AsyncClient) -> None:
    user = await make_user()
    await log_in(web, user)
    made = await post_form(web, "/compte/jetons", {"name": "Mon tableau", "scopes": ["read"], "days": "30"})
    assert made.status_code == 201
    secret = re.search(r'id="new-token" type="text" readonly value="(colab_[^"]+)"', made.text)
    assert secret, made.text
    assert "il ne sera plus jamais affiché" in made.text
    api = await web.post("/graphql", json=VIEWER, headers={"Authorization": f"Bearer {secret.group(1)}"})
    assert api.json()["data"]["viewer"]["email"] == user.email
    listed = await web.get("/compte/jetons")
    assert "Mon tableau" in listed.text and secret.group(1) not in listed.text
    assert (await ApiToken.get(user_id=user.id)).scopes == "read"


async def test_a_citizen_is_offered_only_the_scopes_of_a_citizen(web: httpx.AsyncClient) -> None:
    await log_in(web, await make_user())
    page = await web.get("/compte/jetons")
    assert 'value="contribute"' in page.text and 'value="moderate"' not in page.text
    refused = await post_form(web, "/compte/jetons", {"name": "Triche", "scopes": ["moderate"], "days": "30"})
    assert refused.status_code == 422
    assert "Vous ne pouvez pas donner cette portée à un jeton : moderate." in refused.text
    assert await ApiToken.all().count() == 0


async def test_an_admin_is_offered_every_scope(web: httpx.AsyncClient) -> None:
    await log_in(web, await make_user(Role.ADMIN))
    page = await web.get("/compte/jetons")
    assert 'value="moderate"' in page.text and 'value="admin"' in page.text


async def test_an_expiry_beyond_a_year_is_refused(web: httpx.AsyncClient) -> None:
    await log_in(web, await make_user())
    refused = await post_form(web, "/compte/jetons", {"name": "Éternel", "scopes": ["read"], "days": "9999"})
    assert refused.status_code == 422 and "Un jeton expire après 1 à 365 jours." in refused.text


async def test_revoking_a_token_from_the_page_stops_it(web: httpx.AsyncClient) -> None:
    user = await make_user()
    await log_in(web, user)
    made = await post_form(web, "/compte/jetons", {"name": "App", "scopes": ["read"], "days": "7"})
    secret = re.search(r'value="(colab_[^"]+)"', made.text)
    assert secret
    token = await ApiToken.get(user_id=user.id)
    done = await post_form(web, f"/compte/jetons/{token.id}/revoquer", {}, "/compte/jetons")
    assert (done.status_code, done.headers["location"]) == (303, "/compte/jetons")
    assert "Révoqué" in (await web.get("/compte/jetons")).text
    api = await web.post("/graphql", json=VIEWER, headers={"Authorization": f"Bearer {secret.group(1)}"})
    assert api.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


async def test_someone_elses_token_cannot_be_revoked(web: httpx.AsyncClient) -> None:
    owner = await make_user()
    await log_in(web, owner)
    await post_form(web, "/compte/jetons", {"name": "App", "scopes": ["read"], "days": "7"})
    token = await ApiToken.get(user_id=owner.id)
    await log_in(web, await make_user())
    refused = await post_form(web, f"/compte/jetons/{token.id}/revoquer", {}, "/compte/jetons")
    assert refused.status_code == 404
    assert (await ApiToken.get(id=token.id)).revoked_at is None


async def test_the_account_pages_need_a_login_and_a_csrf_token(web: httpx.AsyncClient) -> None:
    for path in ("/compte/jetons", "/compte/mot-de-passe"):
        response = await web.get(path)
        assert (response.status_code, response.headers["location"]) == (303, f"/connexion?suivant={path}")
    await log_in(web, await make_user())
    assert (await web.post("/compte/jetons", data={"name": "X", "scopes": "read", "days": "7"})).status_code == 403


async def test_changing_the_password_keeps_this_session_and_ends_the_others(web: httpx.AsyncClient) -> None:
    user = await make_user()
    await log_in(web, user)
    async with httpx.AsyncClient(transport=web._transport, base_url="http://test") as other_device:
        await log_in(other_device, user)
        changed = await post_form(
            web, "/compte/mot-de-passe", {"current_password": PASSWORD, "password": "un-nouveau-mot-de-passe"}
        )
        assert (changed.status_code, changed.headers["location"]) == (303, "/compte/jetons")
        assert "Connecté·e" not in (await other_device.get("/")).text
    assert "Votre mot de passe est changé." in (await web.get("/compte/jetons")).text
    assert await Session.filter(user_id=user.id, revoked_at=None).count() == 1


async def test_a_wrong_current_password_changes_nothing(web: httpx.AsyncClient) -> None:
    user = await make_user()
    await log_in(web, user)
    refused = await post_form(
        web, "/compte/mot-de-passe", {"current_password": "pas-le-bon-mot", "password": "un-nouveau-mot-de-passe"}
    )
    assert refused.status_code == 422 and "Le mot de passe actuel est incorrect." in refused.text
