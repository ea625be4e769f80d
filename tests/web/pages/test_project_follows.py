"""Following a project from its page (POST with CSRF), and the account's « Projets suivis »."""

import httpx

from colab.projects.follows import followers_of
from tests.conftest import SQLCounter, make_user
from tests.projects.factories import make_project
from tests.web.conftest import csrf, log_in


async def test_a_visitor_follows_then_unfollows_from_the_project_page(web: httpx.AsyncClient) -> None:
    project = await make_project()
    fan = await make_user(name="Fan Dubois")
    await log_in(web, fan)
    page = await web.get(f"/projets/{project.id}")
    assert "Personne ne suit encore ce projet" in page.text and "Suivre ce projet</button>" in page.text
    token = await csrf(web, f"/projets/{project.id}")
    followed = await web.post(f"/projets/{project.id}/suivre", data={"csrf_token": token})
    assert followed.status_code == 303 and followed.headers["location"] == f"/projets/{project.id}"
    assert await followers_of(project.id) == [fan.id]
    page = await web.get(f"/projets/{project.id}")
    assert "1 personne suit ce projet" in page.text and "Ne plus suivre</button>" in page.text
    assert "Vous suivez « " in page.text  # the flash
    await web.post(f"/projets/{project.id}/ne-plus-suivre", data={"csrf_token": token})
    assert await followers_of(project.id) == []


async def test_following_needs_the_form_token(web: httpx.AsyncClient) -> None:
    project = await make_project()
    await log_in(web, await make_user(name="Fan Dubois"))
    assert (await web.post(f"/projets/{project.id}/suivre", data={"csrf_token": "forged"})).status_code == 403
    assert await followers_of(project.id) == []


async def test_a_signed_out_visitor_is_asked_to_log_in_first(web: httpx.AsyncClient) -> None:
    project = await make_project()
    page = await web.get(f"/projets/{project.id}")
    assert f'href="/connexion?suivant=/projets/{project.id}">Suivre ce projet' in page.text
    token = await csrf(web)
    response = await web.post(f"/projets/{project.id}/suivre", data={"csrf_token": token})
    assert response.status_code == 303 and response.headers["location"].startswith("/connexion")


async def test_following_an_unknown_project_is_a_404(web: httpx.AsyncClient) -> None:
    await log_in(web, await make_user(name="Fan Dubois"))
    token = await csrf(web, "/projets")
    assert (await web.post("/projets/999999/suivre", data={"csrf_token": token})).status_code == 404


async def test_the_followed_projects_page_lists_them_without_n_plus_1(web: httpx.AsyncClient, sql: SQLCounter) -> None:
    fan = await make_user(name="Fan Dubois")
    await log_in(web, fan)
    assert "Vous ne suivez aucun projet" in (await web.get("/compte/suivis")).text
    token = await csrf(web, "/compte/suivis")
    projects = [await make_project(title=f"Projet numéro {n} à suivre") for n in range(4)]
    await web.post(f"/projets/{projects[0].id}/suivre", data={"csrf_token": token})
    sql.reset()
    one = await web.get("/compte/suivis")
    small = sql.count
    for p in projects[1:]:
        await web.post(f"/projets/{p.id}/suivre", data={"csrf_token": token})
    sql.reset()
    four = await web.get("/compte/suivis")
    assert sql.count == small
    assert "1 projet suivi" in one.text and "4 projets suivis" in four.text
    assert four.text.index("Projet numéro 3") < four.text.index("Projet numéro 0")  # the latest followed first
    left = await web.post(f"/projets/{projects[0].id}/ne-plus-suivre", data={"csrf_token": token, "retour": "suivis"})
    assert left.headers["location"] == "/compte/suivis"


async def test_the_followed_page_needs_a_login(web: httpx.AsyncClient) -> None:
    response = await web.get("/compte/suivis")
    assert response.status_code == 303 and response.headers["location"].startswith("/connexion")
