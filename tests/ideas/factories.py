"""Idea factories shared by the idea, review and API tests."""

from __future__ import annotations

from typing import Any

from colab.accounts.models import User
from colab.actors import Role
from colab.challenges.models import Challenge, Need
from colab.ideas.models import Idea
from colab.ideas.service import IdeaDraft, propose_idea, submit_idea
from moderation.models import ReviewItem
from tests.conftest import actor_of, make_user, territory, theme


async def idea_draft(challenge: Challenge | None = None, **overrides: Any) -> IdeaDraft:
    values: dict[str, Any] = {
        "title": "Un atelier de réparation de vélos",
        "summary": "Un atelier mobile qui répare les vélos des habitants une fois par semaine.",
        "body": "<p>"
        + "Nous proposons un atelier mobile, animé par des bénévoles formés, qui passe dans chaque village. " * 3
        + "</p>",
        "territory_id": (await territory("92094")).id,
        "theme_ids": [(await theme("mobilite")).id],
        "needs": [Need.HANDS, Need.FUNDS],
        "challenge_id": challenge.id if challenge else None,
    }
    values.update(overrides)
    return IdeaDraft(**values)


async def make_idea(author: User | None = None, challenge: Challenge | None = None, **overrides: Any) -> Idea:
    author = author or await make_user()
    return await propose_idea(actor_of(author), await idea_draft(challenge, **overrides))


async def submitted_idea(author: User | None = None, challenge: Challenge | None = None, **overrides: Any) -> Idea:
    author = author or await make_user()
    idea = await make_idea(author, challenge, **overrides)
    return await submit_idea(actor_of(author), idea.id)


async def item_of(idea: Idea) -> ReviewItem:
    """The latest review item of an idea."""
    return await ReviewItem.filter(kind="IDEA", subject_id=idea.id).order_by("-id").first()  # type: ignore[return-value]


async def make_moderator(name: str = "Modératrice Martin") -> User:
    return await make_user(Role.MODERATOR, name=name)
