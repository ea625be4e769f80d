"""Notification pages: the header count, the list with the moderator's message, opening one, all read."""

import httpx

from colab.accounts.models import User
from colab.notifications.emails import email_kinds
from colab.notifications.models import Notification, NotificationKind
from colab.notifications.service import notify
from moderation.decisions import decide_review
from moderation.models import Decision, ReasonCode
from moderation.queue import claim_next
from tests.conftest import actor_of, make_user
from tests.ideas.factories import make_moderator, submitted_idea
from tests.web.conftest import log_in, post_form
from web.pages.notifications import link_of


async def _changes_requested(author: User) -> int:
    idea = await submitted_idea(author)
    moderator = actor_of(await make_moderator())
    item = await claim_next(moderator)
    assert item is not None
    await decide_review(moderator, item.id, Decision.REQUEST_CHANGES, ReasonCode.INCOMPLETE, "Précisez le budget.")
    return idea.id


async def test_the_author_sees_the_decision_and_its_message_then_opens_it(web: httpx.AsyncClient) -> None:
    author = await make_user()
    idea_id = await _changes_requested(author)
    await log_in(web, author)
    home = await web.get("/")
    assert 'class="count-badge">1<span class="visually-hidden"> non lue</span>' in home.text
    page = await web.get("/notifications")
    assert "Précisez le budget." in page.text
    assert "Modifications demandées pour « Un atelier de réparation de vélos »." in page.text
    assert "Nouveau</span>" in page.text
    notice = await Notification.get(user_id=author.id)
    opened = await post_form(web, f"/notifications/{notice.id}", {}, "/notifications")
    assert (opened.status_code, opened.headers["location"]) == (303, f"/idees/{idea_id}")
    assert (await Notification.get(id=notice.id)).read_at is not None
    assert "count-badge" not in (await web.get("/")).text


async def test_mark_all_read(web: httpx.AsyncClient) -> None:
    author = await make_user()
    await notify([author.id], NotificationKind.IDEA_ADMITTED, "project", 1)
    await notify([author.id], NotificationKind.IDEA_ADMITTED, "project", 2)
    await log_in(web, author)
    assert "Tout marquer comme lu (2)" in (await web.get("/notifications")).text
    done = await post_form(web, "/notifications/tout-lu", {}, "/notifications")
    assert (done.status_code, done.headers["location"]) == (303, "/notifications")
    assert await Notification.filter(user_id=author.id, read_at__isnull=True).count() == 0
    assert "Toutes vos notifications sont marquées comme lues." in (await web.get("/notifications")).text


async def test_marking_read_without_the_csrf_token_is_refused(web: httpx.AsyncClient) -> None:
    author = await make_user()
    await notify([author.id], NotificationKind.IDEA_ADMITTED, "project", 1)
    await log_in(web, author)
    refused = await web.post("/notifications/tout-lu", data={})
    assert refused.status_code == 403
    assert await Notification.filter(user_id=author.id, read_at__isnull=True).count() == 1


async def test_nobody_opens_the_notification_of_someone_else(web: httpx.AsyncClient) -> None:
    author, other = await make_user(), await make_user()
    await notify([author.id], NotificationKind.IDEA_ADMITTED, "project", 1)
    notice = await Notification.get(user_id=author.id)
    await log_in(web, other)
    assert (await web.get(f"/notifications/{notice.id}")).status_code == 404
    assert (await web.get(f"/notifications/{2**31}")).status_code == 404
    assert (await Notification.get(id=notice.id)).read_at is None


async def test_anonymous_visitors_are_sent_to_log_in(web: httpx.AsyncClient) -> None:
    page = await web.get("/notifications")
    assert (page.status_code, page.headers["location"]) == (303, "/connexion?suivant=/notifications")


async def test_the_empty_list_explains_itself(web: httpx.AsyncClient) -> None:
    await log_in(web, await make_user())
    assert "Aucune notification pour l'instant." in (await web.get("/notifications")).text


def test_the_link_is_built_from_the_subject() -> None:
    def link(subject_type: str, subject_id: int) -> str:
        return link_of(Notification(subject_type=subject_type, subject_id=subject_id))

    assert [link("idea", 3), link("challenge", 4), link("project", 5)] == ["/idees/3", "/defis/4", "/projets/5"]
    assert link("report", 6) == "/notifications"


async def test_email_preferences_are_chosen_on_their_page(web: httpx.AsyncClient) -> None:
    user = await make_user()
    await log_in(web, user)
    page = await web.get("/compte/notifications")
    assert page.status_code == 200 and 'name="kind_IDEA_ADMITTED" type="checkbox" checked' in page.text
    saved = await post_form(web, "/compte/notifications", {"enabled": "on", "kind_ANSWER_ADMITTED": "on"})
    assert (saved.status_code, saved.headers["location"]) == (303, "/compte/notifications")
    assert await email_kinds(user.id) == (True, {NotificationKind.ANSWER_ADMITTED})
    assert "Vos préférences de courriel sont enregistrées." in (await web.get("/compte/notifications")).text


async def test_email_preferences_need_a_login_and_the_csrf_token(web: httpx.AsyncClient) -> None:
    page = await web.get("/compte/notifications")
    assert (page.status_code, page.headers["location"]) == (303, "/connexion?suivant=/compte/notifications")
    await log_in(web, await make_user())
    assert (await web.post("/compte/notifications", data={"enabled": "on"})).status_code == 403


async def test_opening_a_notification_by_get_does_not_mark_it_read(web: httpx.AsyncClient) -> None:
    author = await make_user()
    await notify([author.id], NotificationKind.IDEA_ADMITTED, "project", 1)
    notice = await Notification.get(user_id=author.id)
    await log_in(web, author)
    opened = await web.get(f"/notifications/{notice.id}")
    assert (opened.status_code, opened.headers["location"]) == (303, "/projets/1")
    assert (await Notification.get(id=notice.id)).read_at is None


async def test_opening_a_notification_by_post_without_csrf_is_refused(web: httpx.AsyncClient) -> None:
    author = await make_user()
    await notify([author.id], NotificationKind.IDEA_ADMITTED, "project", 1)
    notice = await Notification.get(user_id=author.id)
    await log_in(web, author)
    assert (await web.post(f"/notifications/{notice.id}", data={})).status_code == 403
    assert (await Notification.get(id=notice.id)).read_at is None


async def test_followed_projects_kinds_have_their_own_group(web: httpx.AsyncClient) -> None:
    await log_in(web, await make_user())
    page = (await web.get("/compte/notifications")).text
    followed = page.index("<legend>Les projets que je suis</legend>")
    assert page.index("<legend>Mes idées, mes défis, mes contributions</legend>") < followed
    assert page.index("Un projet que je suis publie une nouvelle") > followed
    assert page.index("Une de mes idées est admise") < followed
    assert 'href="/compte/suivis"' in page
