"""The review queue's types for moderators: items with their flags, the author's history and similar ideas; the
log; their loaders and how `node(id:)` finds them (moderators only)."""

from __future__ import annotations

from datetime import datetime

import strawberry
from strawberry import relay

from colab.actors import require_moderator
from colab.api.accounts import USER
from colab.api.challenges import CHALLENGE, ChallengeNode
from colab.api.context import Info
from colab.api.ideas import IDEA, IdeaNode
from colab.api.loaders import by_id, grouped
from colab.api.node import fetches
from colab.errors import ColabError
from colab.reviews.service import similar_ideas
from moderation import records
from moderation.models import (
    Decision,
    FlagCode,
    LogAction,
    ModerationLogEntry,
    ReasonCode,
    ReviewItem,
    ReviewKind,
    ReviewStatus,
)

strawberry.enum(ReviewKind, name="ReviewKind")
strawberry.enum(ReviewStatus, name="ReviewStatus")
strawberry.enum(FlagCode, name="FlagCode")
strawberry.enum(LogAction, name="LogAction")

REVIEW_ITEM = by_id(ReviewItem)
FLAGS_OF_ITEM = grouped(records.flags_by_item)
HISTORY_OF_AUTHOR = grouped(records.history_by_author)


@strawberry.type(description="An automatic check that raised the item's priority.")
class ReviewFlag:
    code: FlagCode
    score: int
    detail: str


@strawberry.type(description="How an author's past submissions went.")
class AuthorHistory:
    submissions: int
    admitted: int
    changes_requested: int
    rejected: int
    withdrawn: int


@strawberry.type(description="The author of a submission, as moderators see them.")
class ReviewAuthor:
    name: str
    joined_at: datetime
    author_pk: strawberry.Private[int]

    @strawberry.field
    async def history(self, info: Info) -> AuthorHistory:
        h = await info.context.loaders[HISTORY_OF_AUTHOR].load(self.author_pk)
        return AuthorHistory(
            submissions=h.submissions,
            admitted=h.admitted,
            changes_requested=h.changes_requested,
            rejected=h.rejected,
            withdrawn=h.withdrawn,
        )


@strawberry.type(description="An idea close to the one under review, in the same challenge.")
class SimilarIdea:
    similarity: int = strawberry.field(description="0 to 100.")
    idea_pk: strawberry.Private[int]

    @strawberry.field
    async def idea(self, info: Info) -> IdeaNode | None:
        found = await info.context.loaders[IDEA].load(self.idea_pk)
        return IdeaNode.from_model(found) if found else None


@strawberry.type(name="ReviewItem", description="One submission in the review queue (moderators only).")
class ReviewItemNode(relay.Node):
    id: relay.NodeID[int]
    kind: ReviewKind
    status: ReviewStatus
    priority: int = strawberry.field(description="The sum of the flags' scores: flagged items come first.")
    submitted_at: datetime
    lease_expires_at: datetime | None
    decision: Decision | None
    reason: ReasonCode | None
    message: str
    decided_at: datetime | None
    model: strawberry.Private[ReviewItem]

    @strawberry.field
    async def flags(self, info: Info) -> list[ReviewFlag]:
        found = await info.context.loaders[FLAGS_OF_ITEM].load(self.id)
        return [ReviewFlag(code=f.code, score=f.score, detail=f.detail) for f in found]

    @strawberry.field(description="The moderator holding the lease, if any.")
    async def claimed_by_name(self, info: Info) -> str | None:
        if self.model.claimed_by_id is None:
            return None
        holder = await info.context.loaders[USER].load(self.model.claimed_by_id)
        return holder.display_name if holder else None

    @strawberry.field
    async def author(self, info: Info) -> ReviewAuthor:
        user = await info.context.loaders[USER].load(self.model.author_id)
        assert user is not None  # RESTRICT foreign key
        return ReviewAuthor(name=user.display_name, joined_at=user.created_at, author_pk=user.id)

    @strawberry.field(description="The idea under review, for an IDEA item.")
    async def idea(self, info: Info) -> IdeaNode | None:
        if self.kind is not ReviewKind.IDEA:
            return None
        found = await info.context.loaders[IDEA].load(self.model.subject_id)
        return IdeaNode.from_model(found) if found else None

    @strawberry.field(description="The challenge under review, for a CHALLENGE item.")
    async def challenge(self, info: Info) -> ChallengeNode | None:
        if self.kind is not ReviewKind.CHALLENGE:
            return None
        found = await info.context.loaders[CHALLENGE].load(self.model.subject_id)
        return ChallengeNode.from_model(found) if found else None

    @strawberry.field(description="The closest ideas in the same challenge (costs a comparison: one item at a time).")
    async def similar_ideas(self, info: Info) -> list[SimilarIdea]:
        found = await similar_ideas(info.context.actor, self.model)
        return [SimilarIdea(similarity=s.similarity, idea_pk=s.idea_id) for s in found]

    @classmethod
    def from_model(cls, r: ReviewItem) -> ReviewItemNode:
        return cls(
            id=r.id,
            kind=r.kind,
            status=r.status,
            priority=r.priority,
            submitted_at=r.submitted_at,
            lease_expires_at=r.lease_expires_at,
            decision=r.decision,
            reason=r.reason,
            message=r.message,
            decided_at=r.decided_at,
            model=r,
        )


@strawberry.type(name="ModerationLogEntry", description="One act on the review queue; the log is append-only.")
class ModerationLogEntryNode(relay.Node):
    id: relay.NodeID[int]
    at: datetime
    action: LogAction
    decision: Decision | None
    reason: ReasonCode | None
    message: str
    item_pk: strawberry.Private[int]
    actor_pk: strawberry.Private[int]

    @strawberry.field
    async def item(self, info: Info) -> ReviewItemNode:
        found = await info.context.loaders[REVIEW_ITEM].load(self.item_pk)
        assert found is not None  # RESTRICT foreign key
        return ReviewItemNode.from_model(found)

    @strawberry.field(description="Who acted: the moderator, or the author (submitted, withdrawn).")
    async def actor_name(self, info: Info) -> str:
        user = await info.context.loaders[USER].load(self.actor_pk)
        return user.display_name if user else ""

    @classmethod
    def from_model(cls, e: ModerationLogEntry) -> ModerationLogEntryNode:
        return cls(
            id=e.id,
            at=e.at,
            action=e.action,
            decision=e.decision,
            reason=e.reason,
            message=e.message,
            item_pk=e.item_id,
            actor_pk=e.actor_id,
        )


# queue items and log entries: moderators only; to anyone else they do not exist
@fetches(ReviewItemNode)
async def _review_item(info: Info, pk: int) -> ReviewItemNode | None:
    try:
        return ReviewItemNode.from_model(await records.get_item(info.context.actor, pk))
    except ColabError:
        return None


@fetches(ModerationLogEntryNode)
async def _log_entry(info: Info, pk: int) -> ModerationLogEntryNode | None:
    try:
        require_moderator(info.context.actor)
    except ColabError:
        return None
    entry = await ModerationLogEntry.get_or_none(id=pk)
    return ModerationLogEntryNode.from_model(entry) if entry else None
