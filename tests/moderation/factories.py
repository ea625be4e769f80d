"""Factories for reports and appeals: established reporters, an admitted idea, a decided item."""

from __future__ import annotations

from datetime import timedelta

from colab.accounts.models import User
from colab.actors import Actor
from colab.ideas.models import Idea
from colab.validation import utcnow
from moderation.decisions import decide_review
from moderation.models import Decision, ReasonCode, ReviewItem
from moderation.queue import claim
from tests.conftest import actor_of, make_user
from tests.ideas.factories import item_of, make_moderator, submitted_idea


async def established(name: str = "Personne établie", days: int = 30) -> User:
    """A citizen whose account is `days` old (reports from accounts a week old and more count)."""
    user = await make_user(name=name)
    await User.filter(id=user.id).update(created_at=utcnow() - timedelta(days=days))
    return user


async def decided(moderator: Actor, item: ReviewItem, decision: Decision, message: str = "") -> ReviewItem:
    await claim(moderator, item.id)
    reason = None if decision is Decision.ADMIT else ReasonCode.OFFENSIVE
    return await decide_review(moderator, item.id, decision, reason, message or "Explication au public.")


async def admitted_idea(author: User | None = None) -> Idea:
    idea = await submitted_idea(author)
    await decided(actor_of(await make_moderator("Admission")), await item_of(idea), Decision.ADMIT)
    await idea.refresh_from_db()
    return idea
