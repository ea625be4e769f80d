"""The review queue's types for moderators: items with their flags, the author's history and similar ideas; the
log; their loaders and how `node(id:)` finds them (moderators only)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from enum import Enum
from typing import TYPE_CHECKING

import strawberry
from strawberry import relay

import colab.domains  # noqa: F401  (registers every review kind before the enum below is built)
from colab.actors import require_moderator
from colab.api.accounts import DISPLAY_NAME, USER
from colab.api.challenges import CHALLENGE, ChallengeNode
from colab.api.context import Info
from colab.api.ideas import IDEA, IdeaNode
from colab.api.loaders import batch, by_id, grouped
from colab.api.node import fetches
from colab.errors import ColabError
from moderation import records, registry
from moderation.decisions import similar_subjects
from moderation.models import (
    Decision,
    FlagCode,
    LogAction,
    ModerationLogEntry,
    ReasonCode,
    ReviewItem,
    ReviewStatus,
)
from moderation.registry import SubjectView

if TYPE_CHECKING:
    ReviewKind = str
else:
    # a kind is a registration (moderation.registry), not an edit here: the enum follows the registry
    ReviewKind = strawberry.enum(
        Enum("ReviewKind", [(k, k) for k in registry.kinds()], type=str),
        name="ReviewKind",
        description="What a queue item reviews (each kind is registered by its domain).",
    )


def kind_value(kind: ReviewKind | None) -> str | None:
    """The registered kind a GraphQL ReviewKind value stands for."""
    return str(getattr(kind, "value", kind)) if kind else None


strawberry.enum(ReviewStatus, name="ReviewStatus")
strawberry.enum(FlagCode, name="FlagCode")
strawberry.enum(LogAction, name="LogAction")

REVIEW_ITEM = by_id(ReviewItem)
FLAGS_OF_ITEM = grouped(records.flags_by_item)
HISTORY_OF_AUTHOR = grouped(records.history_by_author)


async def _subject_views(keys: Sequence[tuple[str, int]]) -> list[SubjectView | None]:
    found = await registry.views(keys)
    return [found.get(k) for k in keys]


#: any kind's subject as its domain shows it to moderators: one registry load per kind per request
SUBJECT_OF_ITEM = batch(_subject_views)


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


@strawberry.type(description="A labelled fact about a reviewed subject (territory, themes, reports, ...).")
class ReviewFact:
    label: str
    value: str


@strawberry.type(description="A page of the lab a moderator may follow from a reviewed subject.")
class ReviewLink:
    label: str
    path: str


@strawberry.type(description="What a queue item reviews, as the subject's domain shows it to moderators.")
class ReviewSubjectView:
    title: str
    summary: str
    body: str = strawberry.field(description="Sanitized HTML.")
    facts: list[ReviewFact]
    links: list[ReviewLink]

    @classmethod
    def from_view(cls, v: SubjectView) -> ReviewSubjectView:
        return cls(
            title=v.title,
            summary=v.summary,
            body=v.body,
            facts=[ReviewFact(label=label, value=value) for label, value in v.facts],
            links=[ReviewLink(label=link.label, path=link.path) for link in v.links],
        )


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
        return await info.context.loaders[DISPLAY_NAME].load(self.model.claimed_by_id)

    @strawberry.field
    async def author(self, info: Info) -> ReviewAuthor:
        user = await info.context.loaders[USER].load(self.model.author_id)
        assert user is not None  # RESTRICT foreign key
        return ReviewAuthor(name=user.display_name, joined_at=user.created_at, author_pk=user.id)

    @strawberry.field(description="The reviewed subject of any kind (idea, challenge, report, appeal, ...).")
    async def subject(self, info: Info) -> ReviewSubjectView | None:
        found = await info.context.loaders[SUBJECT_OF_ITEM].load((self.model.kind, self.model.subject_id))
        return ReviewSubjectView.from_view(found) if found else None

    @strawberry.field(description="The idea under review, for an IDEA item.")
    async def idea(self, info: Info) -> IdeaNode | None:
        if self.model.kind != "IDEA":
            return None
        found = await info.context.loaders[IDEA].load(self.model.subject_id)
        return IdeaNode.from_model(found) if found else None

    @strawberry.field(description="The challenge under review, for a CHALLENGE item.")
    async def challenge(self, info: Info) -> ChallengeNode | None:
        if self.model.kind != "CHALLENGE":
            return None
        found = await info.context.loaders[CHALLENGE].load(self.model.subject_id)
        return ChallengeNode.from_model(found) if found else None

    @strawberry.field(description="The closest ideas in the same challenge (costs a comparison: one item at a time).")
    async def similar_ideas(self, info: Info) -> list[SimilarIdea]:
        if self.model.kind != "IDEA":
            return []
        found = await similar_subjects(info.context.actor, self.model)
        return [SimilarIdea(similarity=s.similarity, idea_pk=s.subject_id) for s in found]

    @classmethod
    def from_model(cls, r: ReviewItem) -> ReviewItemNode:
        return cls(
            id=r.id,
            kind=ReviewKind(r.kind),
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
        return await info.context.loaders[DISPLAY_NAME].load(self.actor_pk) or ""

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
