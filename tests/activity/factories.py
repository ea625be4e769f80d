"""A little public history: challenges published and closed, an idea admitted (a project), one rejected."""

from __future__ import annotations

from dataclasses import dataclass

from colab.challenges.models import Challenge
from colab.challenges.service import close_challenge
from colab.organizations.models import MembershipRole
from colab.projects.models import Project
from moderation.decisions import decide_review
from moderation.models import Decision, ReasonCode
from moderation.queue import claim_next
from tests.conftest import actor_of, make_challenge, make_org, make_user
from tests.ideas.factories import make_moderator, submitted_idea


@dataclass
class History:
    challenge: Challenge
    closed: Challenge
    project: Project
    rejected_title: str


async def decide(decision: Decision, reason: ReasonCode | None = None, message: str = "") -> None:
    moderator = actor_of(await make_moderator())
    item = await claim_next(moderator)
    assert item is not None
    await decide_review(moderator, item.id, decision, reason, message)


async def public_history() -> History:
    manager = await make_user()
    org = await make_org(members={manager: MembershipRole.MANAGER})
    challenge = await make_challenge(org=org, author=manager, title="Des vélos partagés pour la vallée")
    closed = await make_challenge(org=org, author=manager, title="Un marché de producteurs locaux")
    await close_challenge(actor_of(manager), closed.id)
    idea = await submitted_idea(challenge=challenge, title="Un atelier de réparation de vélos")
    await decide(Decision.ADMIT, message="Bravo, message privé à l'auteur.")
    rejected = await submitted_idea(challenge=challenge, title="Une idée refusée en secret")
    await decide(Decision.REJECT, ReasonCode.OFF_TOPIC, "Motif privé du refus.")
    return History(challenge, closed, await Project.get(idea_id=idea.id), rejected.title)
