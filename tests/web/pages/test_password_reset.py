"""Forgotten password pages: the same answer for any address, the link from the email, a new password, once."""

from __future__ import annotations

import re

import httpx

from colab.accounts.service import authenticate
from colab.events.worker import Worker
from tests.conftest import make_user
from tests.smtp_server import Inbox
from tests.web.conftest import post_form

SAME_ANSWER = "Si un compte existe avec cette adresse, nous venons d'y envoyer un lien"


async def test_asking_gives_the_same_answer_whether_the_address_exists_or_not(
    web: httpx.AsyncClient, smtp: Inbox
) -> None:
    await make_user(email="connue@exemple.be")
    known = await post_form(web, "/mot-de-passe-oublie", {"email": "connue@exemple.be"})
    unknown = await post_form(web, "/mot-de-passe-oublie", {"email": "inconnue@exemple.be"})
    assert known.status_code == unknown.status_code == 200
    assert SAME_ANSWER in known.text and SAME_ANSWER in unknown.text
    worker = Worker()
    while await worker.run_once():
        pass
    assert [m["To"] for m in smtp.messages] == ["connue@exemple.be"]


async def test_the_emailed_link_leads_to_a_new_password_then_dies(web: httpx.AsyncClient, smtp: Inbox) -> None:
    user = await make_user(email="oubli@exemple.be")
    assert "Mot de passe oublié ?" in (await web.get("/connexion")).text
    await post_form(web, "/mot-de-passe-oublie", {"email": "oubli@exemple.be"})
    worker = Worker()
    while await worker.run_once():
        pass
    found = re.search(r"http://colab\.test(/mot-de-passe/nouveau\?jeton=\S+)", smtp.text(smtp.messages[0]))
    assert found
    link = found.group(1)
    token = link.split("=", 1)[1]
    form = await web.get(link)
    assert form.status_code == 200 and "Choisir un nouveau mot de passe" in form.text
    short = await post_form(web, "/mot-de-passe/nouveau", {"jeton": token, "password": "court"}, link)
    assert short.status_code == 422 and "au moins 10 caractères" in short.text
    done = await post_form(web, "/mot-de-passe/nouveau", {"jeton": token, "password": "tout-nouveau-secret"}, link)
    assert (done.status_code, done.headers["location"]) == (303, "/connexion")
    assert (await authenticate(user.email, "tout-nouveau-secret")).id == user.id
    dead = await web.get(link)
    assert dead.status_code == 400 and "pas ou plus valable" in dead.text


async def test_a_garbled_link_is_refused(web: httpx.AsyncClient) -> None:
    page = await web.get("/mot-de-passe/nouveau?jeton=n-importe-quoi")
    assert page.status_code == 400 and "Demander un nouveau lien" in page.text
