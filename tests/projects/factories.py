"""Projects for tests: an idea submitted and admitted through the real review queue."""

from __future__ import annotations

from typing import Any

from colab.accounts.models import User
from colab.actors import ProjectRole
from colab.challenges.models import Challenge
from colab.projects.models import Project
from colab.projects.roles import give_role
from moderation.decisions import decide_review
from moderation.models import Decision
from moderation.queue import claim_next
from tests.conftest import actor_of, make_user
from tests.ideas.factories import item_of, make_moderator, submitted_idea


async def make_project(holder: User | None = None, challenge: Challenge | None = None, **overrides: Any) -> Project:
    """An admitted idea's project (idea overrides: title, needs, territory, ...)."""
    holder = holder or await make_user(name="Porteuse Lambert")
    idea = await submitted_idea(holder, challenge, **overrides)
    moderator = actor_of(await make_moderator())
    item = await claim_next(moderator)
    assert item is not None and item.id == (await item_of(idea)).id
    await decide_review(moderator, item.id, Decision.ADMIT)
    return await Project.get(idea_id=idea.id)


async def team_member(project: Project, role: ProjectRole, name: str = "Équipière Renard") -> User:
    """A new user on the project's team with that role."""
    user = await make_user(name=name)
    await give_role(project.id, user.id, role)
    return user
