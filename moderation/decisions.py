"""Deciding a review item: the queue records it, the subject's registered handler says what it does."""

from __future__ import annotations

from dataclasses import dataclass

from tortoise.transactions import in_transaction

from colab.actors import Actor, require_moderator
from colab.events import publish
from moderation import registry
from moderation.checks import comparable, similar
from moderation.events import ReviewDecided
from moderation.models import Decision, ReasonCode, ReviewItem
from moderation.queue import record_decision
from moderation.registry import Verdict


async def decide_review(
    actor: Actor, item_id: int, decision: Decision, reason: ReasonCode | None = None, message: str = ""
) -> ReviewItem:
    """The holder of the lease admits, asks for changes or rejects; all of it happens, or none."""
    message = message.strip()
    async with in_transaction():
        item = await record_decision(actor, item_id, decision, reason, message)
        moderator = require_moderator(actor)
        decide = registry.subject(item.kind).decide
        assert decide is not None  # enqueue() takes only kinds that are decided
        await decide(
            Verdict(
                item_id=item.id,
                subject_id=item.subject_id,
                decision=decision,
                reason=reason,
                message=message,
                moderator_id=moderator,
            )
        )
        await publish(
            ReviewDecided(
                subject_id=item.id,
                actor_id=moderator,
                review_kind=item.kind,
                reviewed_id=item.subject_id,
                decision=decision.value,
                reason=reason.value if reason else None,
            )
        )
    return item


@dataclass(frozen=True)
class SimilarSubject:
    subject_id: int
    title: str
    similarity: int


async def similar_subjects(actor: Actor, item: ReviewItem, *, limit: int = 5) -> list[SimilarSubject]:
    """For the moderator: the earlier subjects closest to the one under review (its kind says which)."""
    require_moderator(actor)
    subject = registry.subject(item.kind)
    view = (await subject.load([item.subject_id])).get(item.subject_id)
    if view is None:
        return []
    candidates = await subject.candidates(item.subject_id)
    found = similar(comparable(view.title, view.summary), candidates, limit=limit)
    return [SimilarSubject(c.id, c.title, score) for c, score in found]
