from colab.ideas.models import IdeaStatus
from colab.notifications.models import Notification
from colab.projects.models import Project
from moderation.decisions import decide_review
from moderation.models import Decision
from moderation.queue import claim_next
from tests.conftest import actor_of, make_challenge
from tests.ideas.factories import make_moderator, submitted_idea


async def test_admitting_an_idea_opens_its_project(db: None) -> None:
    challenge = await make_challenge()
    idea = await submitted_idea(challenge=challenge)
    moderator = actor_of(await make_moderator())
    item = await claim_next(moderator)
    assert item is not None and item.subject_id == idea.id
    await decide_review(moderator, item.id, Decision.ADMIT, None, "Bienvenue !")
    await idea.refresh_from_db()
    assert idea.status is IdeaStatus.ADMITTED
    project = await Project.get(idea_id=idea.id)
    assert project.challenge_id == challenge.id and project.holder_id == idea.author_id
    assert await Notification.filter(user_id=idea.author_id).count() == 1
