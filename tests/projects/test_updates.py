"""Project updates: posted by the project's leads, sanitized, told to its followers and in its activity."""

import pytest

from colab.activity.service import activity
from colab.actors import Actor, ProjectRole
from colab.errors import ColabError, ErrorCode
from colab.notifications.models import Notification, NotificationKind
from colab.notifications.wording import describe
from colab.projects.follows import follow
from colab.projects.models import ProjectUpdate
from colab.projects.updates import UpdateDraft, post_update, updates_of
from tests.conftest import actor_of, make_user
from tests.projects.factories import make_project, team_member

DRAFT = UpdateDraft("Premier atelier réussi", "<p>Vingt personnes sont venues <script>alert(1)</script>!</p>")


async def test_the_holder_posts_sanitized_news_that_followers_hear_of(db: None) -> None:
    project = await make_project()
    follower = await make_user(name="Suiveuse")
    await follow(actor_of(follower), project.id)
    update = await post_update(Actor(user_id=project.holder_id), project.id, DRAFT)
    assert "<script>" not in update.body and "Vingt personnes" in update.body
    notices = await Notification.filter(kind=NotificationKind.PROJECT_UPDATE)
    assert [n.user_id for n in notices] == [follower.id]
    await describe(notices)
    assert notices[0].title == f"Nouvelle du projet « {project.title} » : « Premier atelier réussi »"
    feed, _ = await activity("project", project.id)
    assert feed[0].sentence == "Nouvelle du projet : « Premier atelier réussi »"
    assert (await updates_of(project.id))[1] == 1


@pytest.mark.parametrize("role", [ProjectRole.MEMBER, ProjectRole.FINANCE, None])
async def test_only_leads_post_updates(db: None, role: ProjectRole | None) -> None:
    project = await make_project()
    user = await team_member(project, role) if role else await make_user(name="Passant")
    with pytest.raises(ColabError) as refused:
        await post_update(actor_of(user), project.id, DRAFT)
    assert refused.value.code is ErrorCode.FORBIDDEN
    assert await ProjectUpdate.all().count() == 0


async def test_a_co_lead_posts_and_bad_input_is_typed(db: None) -> None:
    project = await make_project()
    co_lead = actor_of(await team_member(project, ProjectRole.CO_LEAD))
    with pytest.raises(ColabError) as refused:
        await post_update(co_lead, project.id, UpdateDraft("Ok", "<p>court</p>"))
    assert {e.code for e in getattr(refused.value, "errors", [refused.value])} == {ErrorCode.TOO_SHORT}
    assert await post_update(co_lead, project.id, DRAFT)
