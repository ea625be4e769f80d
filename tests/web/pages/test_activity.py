"""Activity pages: the lab's, a challenge's and a project's, public facts only, in French with Brussels times."""

from __future__ import annotations

import httpx

from colab.events.models import Event
from tests.activity.factories import public_history
from tests.conftest import make_challenge, make_org, make_user
from web.templating import date_fr


async def test_the_lab_activity_page_lists_public_facts_only(web: httpx.AsyncClient) -> None:
    history = await public_history()
    page = await web.get("/activite")
    assert page.status_code == 200
    assert "4 événements publics" in page.text
    assert f'<a href="/projets/{history.project.id}">L&#39;idée « Un atelier de réparation de vélos »' in page.text
    assert f'<a href="/defis/{history.closed.id}">Le défi « Un marché de producteurs locaux » est clôturé' in page.text
    assert history.rejected_title not in page.text and "privé" not in page.text
    newest = await Event.filter(kind="project.opened").first()
    assert newest is not None and date_fr(newest.created_at, True) in page.text


async def test_a_challenge_and_a_project_show_their_activity(web: httpx.AsyncClient) -> None:
    history = await public_history()
    assert f'href="/defis/{history.challenge.id}/activite"' in (await web.get(f"/defis/{history.challenge.id}")).text
    on_challenge = await web.get(f"/defis/{history.challenge.id}/activite")
    assert "Activité du défi « Des vélos partagés pour la vallée »" in on_challenge.text
    assert "Nouveau défi publié" in on_challenge.text and "clôturé" not in on_challenge.text
    on_project = await web.get(f"/projets/{history.project.id}/activite")
    assert on_project.status_code == 200 and "devient un projet" in on_project.text


async def test_an_unpublished_or_unknown_subject_has_no_activity_page(web: httpx.AsyncClient) -> None:
    author = await make_user()
    pending = await make_challenge(org=await make_org(verified=False), author=author)
    assert (await web.get(f"/defis/{pending.id}/activite")).status_code == 404
    assert (await web.get("/projets/999999/activite")).status_code == 404
    assert (await web.get(f"/defis/{2**31}/activite")).status_code == 404


async def test_the_feed_pages_and_an_empty_feed_explains_itself(web: httpx.AsyncClient) -> None:
    assert "Rien de public ne s" in (await web.get("/activite")).text
    org = await make_org()
    for n in range(21):
        await make_challenge(org=org, title=f"Défi public numéro {n}")
    first = await web.get("/activite")
    assert "page 1 sur 2" in first.text and "Défi public numéro 20" in first.text
    second = await web.get("/activite?page=2")
    assert "Défi public numéro 0" in second.text and "Défi public numéro 20" not in second.text
