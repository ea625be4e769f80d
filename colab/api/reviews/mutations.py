"""Moderators work the queue: claim the next item under a lease, renew or release it, decide it."""

from __future__ import annotations

import strawberry

from colab.api.context import Info
from colab.api.errors import UserError, attempt
from colab.api.ids import decode
from colab.api.reviews.types import ReviewItemNode, ReviewKind, kind_value
from moderation import queue
from moderation.decisions import decide_review
from moderation.models import Decision, FlagCode, ReasonCode, ReviewItem
from moderation.queue import QueueFilter


@strawberry.input
class ClaimNextReviewInput:
    kind: ReviewKind | None = None
    flag: FlagCode | None = None


@strawberry.input
class ClaimReviewInput:
    item_id: strawberry.ID


@strawberry.input
class RenewReviewInput:
    item_id: strawberry.ID


@strawberry.input
class ReleaseReviewInput:
    item_id: strawberry.ID


@strawberry.input
class DecideReviewInput:
    item_id: strawberry.ID
    decision: Decision
    reason: ReasonCode | None = strawberry.field(default=None, description="Required unless the decision is ADMIT.")
    message: str = strawberry.field(default="", description="Plain text to the author; required unless ADMIT.")


@strawberry.type
class ReviewPayload:
    item: ReviewItemNode | None = strawberry.field(description="Null on errors, or when the queue is empty.")
    errors: list[UserError]


def _payload(found: ReviewItem | None, errors: list[UserError]) -> ReviewPayload:
    return ReviewPayload(item=ReviewItemNode.from_model(found) if found else None, errors=errors)


def _item_id(value: strawberry.ID) -> int:
    return decode(value, "ReviewItem", "itemId")


@strawberry.type
class ReviewMutation:
    @strawberry.mutation(description="The next free item (priority, then age) under a 15-minute lease.")
    async def claim_next_review(self, info: Info, input: ClaimNextReviewInput) -> ReviewPayload:
        actor = info.context.actor
        wanted = QueueFilter(kind=kind_value(input.kind), flag=input.flag)
        return _payload(*await attempt(lambda: queue.claim_next(actor, wanted)))

    @strawberry.mutation(description="Claim one chosen free item; any item the moderator held goes back to the queue.")
    async def claim_review(self, info: Info, input: ClaimReviewInput) -> ReviewPayload:
        actor = info.context.actor
        return _payload(*await attempt(lambda: queue.claim(actor, _item_id(input.item_id))))

    @strawberry.mutation(description="The holder extends a live lease by another 15 minutes.")
    async def renew_review(self, info: Info, input: RenewReviewInput) -> ReviewPayload:
        actor = info.context.actor
        return _payload(*await attempt(lambda: queue.renew(actor, _item_id(input.item_id))))

    @strawberry.mutation(description="The holder gives the item back to the queue undecided.")
    async def release_review(self, info: Info, input: ReleaseReviewInput) -> ReviewPayload:
        actor = info.context.actor
        return _payload(*await attempt(lambda: queue.release(actor, _item_id(input.item_id))))

    @strawberry.mutation(description="The holder admits, asks for changes or rejects (with a reason and a message).")
    async def decide_review(self, info: Info, input: DecideReviewInput) -> ReviewPayload:
        actor = info.context.actor
        return _payload(
            *await attempt(
                lambda: decide_review(actor, _item_id(input.item_id), input.decision, input.reason, input.message)
            )
        )
