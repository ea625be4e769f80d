"""Notifications through GraphQL: the viewer's own, newest first; marking read lowers the unread count."""

from colab.api.ids import encode
from colab.notifications.models import Notification, NotificationKind
from colab.notifications.service import notify
from tests.api.conftest import GraphQLClient, codes, top_codes
from tests.conftest import make_user
from tests.ideas.factories import make_idea


async def test_marking_some_read_lowers_the_unread_count(api: GraphQLClient) -> None:
    user = await make_user()
    for title in ("Premier", "Deuxième", "Troisième"):
        idea = await make_idea(user, title=f"{title} essai")
        await notify([user.id], NotificationKind.IDEA_REJECTED, "idea", idea.id)
    client = await api.as_user(user)
    body = (await client.run("Notifications"))["data"]["viewer"]
    assert body["unreadNotificationCount"] == 3
    newest = body["notifications"]["edges"][0]["node"]
    assert (newest["title"], newest["read"]) == ("Votre idée « Troisième essai » n'a pas été admise.", False)
    assert (newest["subjectType"], newest["subjectId"]) == ("idea", encode("Idea", idea.id))
    marked = await client.run("MarkNotificationsRead", input={"ids": [newest["id"]]})
    assert marked["data"]["markNotificationsRead"] == {"unreadCount": 2, "errors": []}
    unread = (await client.run("Notifications", unreadOnly=True))["data"]["viewer"]["notifications"]
    assert [e["node"]["title"] for e in unread["edges"]] == [
        "Votre idée « Deuxième essai » n'a pas été admise.",
        "Votre idée « Premier essai » n'a pas été admise.",
    ]


async def test_nobody_marks_the_notifications_of_someone_else(api: GraphQLClient) -> None:
    owner = await make_user()
    await notify([owner.id], NotificationKind.IDEA_REJECTED, "idea", 1)
    notice = await Notification.get(user_id=owner.id)
    other = await api.as_user(await make_user())
    marked = await other.run("MarkNotificationsRead", input={"ids": [encode("Notification", notice.id)]})
    assert marked["data"]["markNotificationsRead"] == {"unreadCount": 0, "errors": []}
    assert (await Notification.get(id=notice.id)).read_at is None
    assert (await other.run("Node", id=encode("Notification", notice.id)))["data"]["node"] is None


async def test_anonymous_cannot_mark_read(api: GraphQLClient) -> None:
    body = await api.run("MarkNotificationsRead", input={})
    assert top_codes(body) == ["UNAUTHENTICATED"]


async def test_a_malformed_notification_id_is_invalid(api: GraphQLClient) -> None:
    client = await api.as_user(await make_user())
    body = await client.run("MarkNotificationsRead", input={"ids": ["pas-un-id"]})
    assert codes(body["data"]["markNotificationsRead"]) == ["INVALID_ID"]
