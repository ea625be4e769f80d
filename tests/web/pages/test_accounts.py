"""Sign-up, log-in and log-out pages, with CSRF on every form."""

import httpx

from colab.accounts.models import User
from tests.conftest import PASSWORD, make_user
from tests.web.conftest import csrf, log_in, post_form

SIGN_UP = {"display_name": "Léa Martin", "email": "lea@exemple.be", "password": "un-mot-de-passe-long"}


async def test_sign_up_creates_the_account_and_logs_in(web: httpx.AsyncClient) -> None:
    response = await post_form(web, "/inscription", SIGN_UP)
    assert response.status_code == 303
    home = await web.get("/")
    assert "Connecté·e : <strong>Léa Martin</strong>" in home.text
    assert "Bienvenue, Léa Martin" in home.text
    assert await User.filter(email="lea@exemple.be").count() == 1


async def test_sign_up_with_a_taken_email_does_not_say_the_address_has_an_account(web: httpx.AsyncClient) -> None:
    await make_user(email="lea@exemple.be")
    response = await post_form(web, "/inscription", {**SIGN_UP, "email": "LEA@exemple.be"})
    assert (response.status_code, response.headers["location"]) == (303, "/connexion")
    page = await web.get("/connexion")
    assert "Si vous avez déjà un compte avec cette adresse, connectez-vous." in page.text
    assert "existe déjà" not in page.text
    assert await User.all().count() == 1


async def test_a_form_error_keeps_what_was_typed_but_not_the_password(web: httpx.AsyncClient) -> None:
    response = await post_form(web, "/inscription", {**SIGN_UP, "email": "pas-une-adresse"})
    assert response.status_code == 422
    assert 'value="pas-une-adresse"' in response.text and 'value="Léa Martin"' in response.text
    assert 'aria-invalid="true" aria-describedby="e-email"' in response.text
    assert "un-mot-de-passe-long" not in response.text


async def test_a_short_password_is_refused(web: httpx.AsyncClient) -> None:
    response = await post_form(web, "/inscription", {**SIGN_UP, "password": "court"})
    assert response.status_code == 422
    assert "au moins 10 caractères" in response.text
    assert await User.all().count() == 0


async def test_a_form_without_its_csrf_token_is_refused_and_writes_nothing(web: httpx.AsyncClient) -> None:
    await csrf(web, "/inscription")
    response = await web.post("/inscription", data=SIGN_UP)
    assert response.status_code == 403
    assert "Le formulaire a expiré" in response.text
    forged = await web.post("/inscription", data={**SIGN_UP, "csrf_token": "forged"})
    assert forged.status_code == 403
    assert await User.all().count() == 0


async def test_log_in_with_a_wrong_password_keeps_the_email_only(web: httpx.AsyncClient) -> None:
    await make_user(email="camille@exemple.be")
    response = await post_form(web, "/connexion", {"email": "camille@exemple.be", "password": "mauvais-mot-de-passe"})
    assert response.status_code == 422
    assert "Adresse e-mail ou mot de passe incorrect." in response.text
    assert 'value="camille@exemple.be"' in response.text
    assert "mauvais-mot-de-passe" not in response.text


async def test_log_in_goes_back_to_the_page_asked_but_never_elsewhere(web: httpx.AsyncClient) -> None:
    user = await make_user(email="camille@exemple.be")
    token = await csrf(web, "/connexion?suivant=/organisations")
    ok = await web.post(
        "/connexion", data={"csrf_token": token, "email": user.email, "password": PASSWORD, "suivant": "/organisations"}
    )
    assert ok.headers["location"] == "/organisations"
    token = await csrf(web, "/connexion")
    away = await web.post(
        "/connexion",
        data={"csrf_token": token, "email": user.email, "password": PASSWORD, "suivant": "//evil.example/"},
    )
    assert away.headers["location"] == "/"


async def test_log_in_never_follows_a_backslash_or_control_character_target(web: httpx.AsyncClient) -> None:
    user = await make_user(email="camille@exemple.be")
    for target in ("/\\evil.example/", "/\t/evil.example/", "https://evil.example/"):
        token = await csrf(web, "/connexion")
        response = await web.post(
            "/connexion", data={"csrf_token": token, "email": user.email, "password": PASSWORD, "suivant": target}
        )
        assert response.status_code == 303
        assert response.headers["location"] == "/", target


async def test_log_out_ends_the_session(web: httpx.AsyncClient) -> None:
    user = await make_user(name="Camille Dupont")
    await log_in(web, user)
    assert "Camille Dupont" in (await web.get("/")).text
    response = await post_form(web, "/deconnexion", {}, form_page="/")
    assert response.status_code == 303
    assert "Se connecter" in (await web.get("/")).text
    assert "Camille Dupont" not in (await web.get("/")).text


async def test_log_out_without_csrf_is_refused(web: httpx.AsyncClient) -> None:
    await log_in(web, await make_user(name="Camille Dupont"))
    response = await web.post("/deconnexion")
    assert response.status_code == 403
    assert "Camille Dupont" in (await web.get("/")).text


async def test_logging_in_replaces_the_session(web: httpx.AsyncClient) -> None:
    before = await csrf(web, "/connexion")
    await log_in(web, await make_user())
    assert await csrf(web, "/") != before


async def test_a_visitor_who_signs_up_instead_of_logging_in_comes_back_to_the_challenge(web: httpx.AsyncClient) -> None:
    # given a visitor who clicks "Proposer une idée" on a challenge and is sent to the log-in page
    asked = await web.get("/idees/nouvelle?defi=7")
    assert asked.status_code == 303
    login_page = await web.get(asked.headers["location"])
    # when they follow the log-in page's link to sign up, and sign up
    assert 'href="/inscription?suivant=/idees/nouvelle%3Fdefi%3D7"' in login_page.text
    signup_page = await web.get("/inscription?suivant=/idees/nouvelle%3Fdefi%3D7")
    assert 'name="suivant" value="/idees/nouvelle?defi=7"' in signup_page.text
    assert 'href="/connexion?suivant=/idees/nouvelle%3Fdefi%3D7"' in signup_page.text
    token = await csrf(web, "/inscription?suivant=/idees/nouvelle%3Fdefi%3D7")
    response = await web.post(
        "/inscription", data={"csrf_token": token, **SIGN_UP, "suivant": "/idees/nouvelle?defi=7"}
    )
    # then they land on the idea form of that challenge, not on the home page
    assert response.status_code == 303
    assert response.headers["location"] == "/idees/nouvelle?defi=7"


async def test_a_failed_sign_up_keeps_the_page_to_go_back_to(web: httpx.AsyncClient) -> None:
    token = await csrf(web, "/inscription?suivant=/defis/3")
    response = await web.post(
        "/inscription", data={"csrf_token": token, **SIGN_UP, "password": "court", "suivant": "/defis/3"}
    )
    assert response.status_code == 422
    assert 'name="suivant" value="/defis/3"' in response.text


async def test_sign_up_never_sends_anyone_to_another_site(web: httpx.AsyncClient) -> None:
    for n, target in enumerate(("//evil.example", "https://evil.example", "/\\evil.example", "//evil.example/x")):
        page = await web.get("/inscription", params={"suivant": target})
        assert "evil.example" not in page.text, target
        token = await csrf(web, "/inscription")
        response = await web.post(
            "/inscription",
            data={"csrf_token": token, **SIGN_UP, "email": f"lea{n}@exemple.be", "suivant": target},
        )
        assert response.status_code == 303
        assert response.headers["location"] == "/", target
        await post_form(web, "/deconnexion", {}, form_page="/")


async def test_log_in_refuses_an_external_target_given_in_the_address(web: httpx.AsyncClient) -> None:
    user = await make_user(email="camille@exemple.be")
    for target in ("//evil.example", "https://evil.example"):
        page = await web.get("/connexion", params={"suivant": target})
        assert "evil.example" not in page.text, target
        token = await csrf(web, "/connexion")
        response = await web.post(
            f"/connexion?suivant={target}", data={"csrf_token": token, "email": user.email, "password": PASSWORD}
        )
        assert response.headers["location"] == "/", target
        await post_form(web, "/deconnexion", {}, form_page="/")
