"""The moderators' reads: the queue, one item, the log."""

from __future__ import annotations

import strawberry

from colab.api.context import Info
from colab.api.errors import as_top_level, top_level
from colab.api.ids import decode, decode_optional
from colab.api.pagination import Connection, connection, counted_connection
from colab.api.reviews.types import ModerationLogEntryNode, ReviewItemNode, ReviewKind, kind_value
from colab.errors import ColabError, ErrorCode
from moderation import records
from moderation.models import FlagCode, LogAction, ReviewStatus
from moderation.queue import QueueFilter
from moderation.records import LogFilter


@strawberry.input
class ReviewQueueFilterInput:
    kind: ReviewKind | None = None
    flag: FlagCode | None = None
    status: ReviewStatus = ReviewStatus.PENDING


@strawberry.input
class ModerationLogFilterInput:
    item_id: strawberry.ID | None = None
    action: LogAction | None = None


@strawberry.type
class ReviewQuery:
    @strawberry.field(description="Moderators: pending items by priority then age (decided ones: latest first).")
    async def review_queue(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        filter: ReviewQueueFilterInput | None = None,
    ) -> Connection[ReviewItemNode]:
        actor, f = info.context.actor, filter or ReviewQueueFilterInput()
        wanted = QueueFilter(kind_value(f.kind), f.flag, f.status)
        return await counted_connection(
            info,
            first,
            after,
            lambda offset, limit, count: records.list_queue(actor, wanted, offset=offset, limit=limit, count=count),
            ReviewItemNode.from_model,
        )

    @strawberry.field(description="Moderators: one queue item; null if it does not exist.")
    async def review_item(self, info: Info, id: strawberry.ID) -> ReviewItemNode | None:
        try:
            found = await records.get_item(info.context.actor, decode(id, "ReviewItem", "id"))
        except ColabError as error:
            if error.code is ErrorCode.NOT_FOUND:
                return None
            raise top_level(error) from error
        return ReviewItemNode.from_model(found)

    @strawberry.field(description="Moderators: the moderation log, latest first.")
    async def moderation_log(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        filter: ModerationLogFilterInput | None = None,
    ) -> Connection[ModerationLogEntryNode]:
        actor, f = info.context.actor, filter or ModerationLogFilterInput()
        with as_top_level():
            wanted = LogFilter(item_id=decode_optional(f.item_id, "ReviewItem", "itemId"), action=f.action)
        return await connection(
            first,
            after,
            lambda offset, limit: records.list_log(actor, wanted, offset=offset, limit=limit),
            ModerationLogEntryNode.from_model,
        )
