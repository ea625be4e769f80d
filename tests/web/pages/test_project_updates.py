"""A project's news pages: the list (newest first, paged), one update, the leads' form, the notification's link."""

import httpx

from colab.actors import ProjectRole
from colab.notifications.models import Notification
from colab.projects.follows import follow
from colab.projects.models import ProjectUpdate
from colab.projects.updates import UpdateDraft, post_update
from tests.conftest import SQLCounter, actor_of, make_user
from tests.projects.factories import make_project, team_member
from tests.web.conftest import log_in, post_form

BODY = "<p>Vingt personnes sont venues au premier atelier de réparation.</p>"


async def test_the_holder_posts_news_from_the_form(web: httpx.AsyncClient) -> None:
    project = await make_project()
    fan = await make_user(name="Fan Dubois")
    await follow(actor_of(fan), project.id)
    await log_in(web, await project.holder)
    path = f"/projets/{project.id}/nouvelles/publier"
    refused = await post_form(web, path, {"title": "", "body": "court"})
    assert refused.status_code == 422 and 'id="e-title"' in refused.text and 'id="e-body"' in refused.text
    posted = await post_form(web, path, {"title": "Premier atelier réussi", "body": "Vingt personnes sont venues."})
    update = await ProjectUpdate.get(project_id=project.id)
    assert posted.status_code == 303 and posted.headers["location"] == f"/projets/{project.id}/nouvelles/{update.id}"
    page = await web.get(posted.headers["location"])
    assert "<h1>Premier atelier réussi</h1>" in page.text and "Vingt personnes sont venues." in page.text
    assert await Notification.filter(user_id=fan.id).count() == 1
    # the project page shows it as its latest news
    assert "Premier atelier réussi" in (await web.get(f"/projets/{project.id}")).text


async def test_only_the_leads_see_the_form(web: httpx.AsyncClient) -> None:
    project = await make_project()
    path = f"/projets/{project.id}/nouvelles/publier"
    assert (await web.get(path)).status_code == 303  # to the log-in page
    await log_in(web, await team_member(project, ProjectRole.MEMBER))
    assert (await web.get(path)).status_code == 403
    assert "Publier une nouvelle" not in (await web.get(f"/projets/{project.id}/nouvelles")).text


async def test_the_list_is_newest_first_paged_and_without_n_plus_1(web: httpx.AsyncClient, sql: SQLCounter) -> None:
    project = await make_project()
    holder = actor_of(await project.holder)
    await post_update(holder, project.id, UpdateDraft("Nouvelle numéro 0", BODY))
    sql.reset()
    await web.get(f"/projets/{project.id}/nouvelles")
    one = sql.count
    co_lead = actor_of(await team_member(project, ProjectRole.CO_LEAD, name="Co-porteur Henry"))
    for n in range(1, 22):
        await post_update(co_lead if n % 2 else holder, project.id, UpdateDraft(f"Nouvelle numéro {n}", BODY))
    sql.reset()
    page = await web.get(f"/projets/{project.id}/nouvelles")
    assert sql.count == one
    assert "22 nouvelles · page 1 sur 2" in page.text
    assert page.text.index("Nouvelle numéro 21") < page.text.index("Nouvelle numéro 20")
    assert "Nouvelle numéro 1<" not in page.text and "Nouvelles plus anciennes" in page.text
    assert "Nouvelle numéro 1<" in (await web.get(f"/projets/{project.id}/nouvelles?page=2")).text


async def test_an_update_has_its_own_address_and_the_notification_leads_there(web: httpx.AsyncClient) -> None:
    project, other = await make_project(), await make_project(title="Un autre projet du village")
    update = await post_update(actor_of(await project.holder), project.id, UpdateDraft("Le local est trouvé", BODY))
    page = await web.get(f"/projets/{project.id}/nouvelles/{update.id}")
    assert page.status_code == 200 and "Le local est trouvé" in page.text
    moved = await web.get(f"/projets/{other.id}/nouvelles/{update.id}")
    assert moved.status_code == 301 and moved.headers["location"] == f"/projets/{project.id}/nouvelles/{update.id}"
    link = await web.get(f"/nouvelles/{update.id}")
    assert link.headers["location"] == f"/projets/{project.id}/nouvelles/{update.id}"
    assert (await web.get(f"/projets/{project.id}/nouvelles/999999")).status_code == 404
    listed = await web.get(f"/projets/{project.id}/nouvelles")
    assert f'id="nouvelle-{update.id}"' in listed.text
