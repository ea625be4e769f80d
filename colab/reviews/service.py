"""Deciding a review item: the queue records it, the subject moves on, a project opens, people are told."""

from __future__ import annotations

from dataclasses import dataclass

from tortoise.transactions import in_transaction

from colab.actors import Actor, require_moderator
from colab.challenges import service as challenges
from colab.challenges.models import Challenge
from colab.ideas import service as ideas
from colab.ideas.models import Idea
from colab.notifications.models import NotificationKind
from colab.notifications.service import notify
from colab.organizations.models import Membership
from colab.projects.models import Project
from colab.projects.service import open_project
from colab.reviews.submission import idea_candidates
from moderation.checks import comparable, similar
from moderation.models import REASON_LABELS, Decision, ReasonCode, ReviewItem, ReviewKind
from moderation.queue import record_decision

_IDEA_NOTICES = {
    Decision.ADMIT: (NotificationKind.IDEA_ADMITTED, "Votre idée « {} » est admise : elle devient un projet."),
    Decision.REQUEST_CHANGES: (NotificationKind.IDEA_CHANGES_REQUESTED, "Modifications demandées pour « {} »."),
    Decision.REJECT: (NotificationKind.IDEA_REJECTED, "Votre idée « {} » n'a pas été admise."),
}
_CHALLENGE_NOTICES = {
    Decision.ADMIT: (NotificationKind.CHALLENGE_PUBLISHED, "Votre défi « {} » est publié."),
    Decision.REQUEST_CHANGES: (NotificationKind.CHALLENGE_CHANGES_REQUESTED, "Modifications demandées pour « {} »."),
    Decision.REJECT: (NotificationKind.CHALLENGE_REJECTED, "Votre défi « {} » n'a pas été publié."),
}


def _message(reason: ReasonCode | None, message: str) -> str:
    return f"Motif : {REASON_LABELS[reason]}. {message}".strip() if reason else message


async def decide_review(
    actor: Actor, item_id: int, decision: Decision, reason: ReasonCode | None = None, message: str = ""
) -> ReviewItem:
    """The holder of the lease admits, asks for changes or rejects; all of it happens, or none."""
    message = message.strip()
    async with in_transaction():
        item = await record_decision(actor, item_id, decision, reason, message)
        if item.kind is ReviewKind.IDEA:
            await _decide_idea(item, decision, reason, message)
        else:
            await _decide_challenge(item, decision, reason, message)
    return item


async def _decide_idea(item: ReviewItem, decision: Decision, reason: ReasonCode | None, message: str) -> None:
    idea = await ideas.apply_review(item.subject_id, decision)
    kind, title = _IDEA_NOTICES[decision]
    link = f"/idees/{idea.id}"
    if decision is Decision.ADMIT:
        project = await open_project(idea)
        link = f"/projets/{project.id}"
        await _tell_the_organization(idea, project)
    await notify([idea.author_id], kind, title.format(idea.title), message=_message(reason, message), link=link)


async def _tell_the_organization(idea: Idea, project: Project) -> None:
    if project.organization_id is None or idea.challenge_id is None:
        return
    challenge_title = await Challenge.get(id=idea.challenge_id).values_list("title", flat=True)
    members = await Membership.filter(organization_id=project.organization_id).values_list("user_id", flat=True)
    await notify(
        [int(m) for m in members if m != idea.author_id],  # type: ignore[call-overload]
        NotificationKind.ANSWER_ADMITTED,
        f"Nouvelle idée admise pour votre défi « {challenge_title} » : « {idea.title} ».",
        link=f"/projets/{project.id}",
    )


async def _decide_challenge(item: ReviewItem, decision: Decision, reason: ReasonCode | None, message: str) -> None:
    challenge = await challenges.apply_review(item.subject_id, decision)
    kind, title = _CHALLENGE_NOTICES[decision]
    await notify(
        [challenge.author_id],
        kind,
        title.format(challenge.title),
        message=_message(reason, message),
        link=f"/defis/{challenge.id}",
    )


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
