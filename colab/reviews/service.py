"""Deciding a review item: the queue records it, the subject moves on, a project opens, people are told."""

from __future__ import annotations

from dataclasses import dataclass

from tortoise.transactions import in_transaction

from colab.actors import Actor, require_moderator
from colab.challenges import service as challenges
from colab.challenges.events import ChallengeChangesRequested, ChallengePublished, ChallengeRejected
from colab.events import publish
from colab.ideas import service as ideas
from colab.ideas.events import IdeaAdmitted, IdeaChangesRequested, IdeaRejected
from colab.ideas.models import Idea
from colab.projects.events import ProjectOpened
from colab.projects.service import open_project
from colab.reviews.submission import idea_candidates
from moderation.checks import comparable, similar
from moderation.models import Decision, ReasonCode, ReviewItem, ReviewKind
from moderation.queue import record_decision

_IDEA_REFUSALS = {Decision.REQUEST_CHANGES: IdeaChangesRequested, Decision.REJECT: IdeaRejected}
_CHALLENGE_OUTCOMES = {
    Decision.ADMIT: ChallengePublished,
    Decision.REQUEST_CHANGES: ChallengeChangesRequested,
    Decision.REJECT: ChallengeRejected,
}


async def decide_review(
    actor: Actor, item_id: int, decision: Decision, reason: ReasonCode | None = None, message: str = ""
) -> ReviewItem:
    """The holder of the lease admits, asks for changes or rejects; all of it happens, or none."""
    message = message.strip()
    async with in_transaction():
        item = await record_decision(actor, item_id, decision, reason, message)
        if item.kind is ReviewKind.IDEA:
            await _decide_idea(actor, item, decision, reason, message)
        else:
            await _decide_challenge(actor, item, decision, reason, message)
    return item


async def _decide_idea(
    actor: Actor, item: ReviewItem, decision: Decision, reason: ReasonCode | None, message: str
) -> None:
    idea = await ideas.apply_review(item.subject_id, decision)
    if decision is not Decision.ADMIT:
        refusal = _IDEA_REFUSALS[decision](
            subject_id=idea.id,
            actor_id=actor.user_id,
            challenge_id=idea.challenge_id,
            title=idea.title,
            author_id=idea.author_id,
            reason=reason.value if reason else None,
            message=message,
        )
        await publish(refusal)
        return
    project = await open_project(idea)
    admitted = IdeaAdmitted(
        subject_id=idea.id,
        actor_id=actor.user_id,
        challenge_id=idea.challenge_id,
        project_id=project.id,
        title=idea.title,
        author_id=idea.author_id,
    )
    await publish(admitted)
    await publish(
        ProjectOpened(
            subject_id=project.id,
            actor_id=actor.user_id,
            challenge_id=project.challenge_id,
            project_id=project.id,
            title=project.title,
            idea_id=idea.id,
            holder_id=project.holder_id,
            organization_id=project.organization_id,
        )
    )


async def _decide_challenge(
    actor: Actor, item: ReviewItem, decision: Decision, reason: ReasonCode | None, message: str
) -> None:
    challenge = await challenges.apply_review(item.subject_id, decision)
    facts = {
        "subject_id": challenge.id,
        "actor_id": actor.user_id,
        "challenge_id": challenge.id,
        "title": challenge.title,
        "organization_id": challenge.organization_id,
        "author_id": challenge.author_id,
    }
    if decision is not Decision.ADMIT:
        facts.update(reason=reason.value if reason else None, message=message)
    await publish(_CHALLENGE_OUTCOMES[decision](**facts))


@dataclass(frozen=True)
class SimilarIdea:
    idea_id: int
    title: str
    similarity: int


async def similar_ideas(actor: Actor, item: ReviewItem, *, limit: int = 5) -> list[SimilarIdea]:
    """For the moderator: the ideas closest to an idea under review, in the same challenge."""
    require_moderator(actor)
    if item.kind is not ReviewKind.IDEA:
        return []
    idea = await Idea.get_or_none(id=item.subject_id)
    if idea is None:
        return []
    candidates = await idea_candidates(idea.challenge_id, exclude_id=idea.id)
    found = similar(comparable(idea.title, idea.summary), candidates, limit=limit)
    return [SimilarIdea(c.id, c.title, score) for c, score in found]
