"""The viewer's in-app notifications, and marking them read."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncGenerator
from datetime import datetime

import strawberry
from strawberry import relay

from colab.actors import require_login
from colab.api.context import Info
from colab.api.domain import Domain
from colab.api.errors import UserError, as_top_level, attempt
from colab.api.ids import decode_many, encode
from colab.api.node import fetches
from colab.api.subscriptions import acting_now
from colab.notifications import service
from colab.notifications.models import Notification, NotificationKind

strawberry.enum(NotificationKind, name="NotificationKind")
_NODE_TYPES = {
    "idea": "Idea",
    "challenge": "Challenge",
    "project": "Project",
    "partnership_request": "PartnershipRequest",
    "project_team": "Project",
    "application": "Application",
}

#: the unread count is read again every POLL_SECONDS, at most MAX_POLLS times (an hour): then the
#: subscription completes and the client subscribes again. Events will feed it later instead of polling.
POLL_SECONDS = 5.0
MAX_POLLS = 720


@strawberry.type(name="Notification", description="Something the lab told the viewer.")
class NotificationNode(relay.Node):
    id: relay.NodeID[int]
    kind: NotificationKind
    title: str
    message: str = strawberry.field(description="Plain text (a moderator's message, for instance).")
    subject_type: str = strawberry.field(
        description="What it is about: idea, challenge, project or partnership_request."
    )
    subject_id: strawberry.ID = strawberry.field(description="The global id of what it is about (see `node`).")
    created_at: datetime
    read: bool

    @classmethod
    def from_model(cls, n: Notification) -> NotificationNode:
        return cls(
            id=n.id,
            kind=n.kind,
            title=n.title,
            message=n.message,
            subject_type=n.subject_type,
            subject_id=strawberry.ID(encode(_NODE_TYPES.get(n.subject_type, n.subject_type), n.subject_id)),
            created_at=n.created_at,
            read=n.read_at is not None,
        )


@fetches(NotificationNode)
async def _notification(info: Info, pk: int) -> NotificationNode | None:
    """One's own notifications only."""
    found = await service.find_notification(info.context.actor, pk)
    return NotificationNode.from_model(found) if found else None


@strawberry.input
class MarkNotificationsReadInput:
    ids: list[strawberry.ID] | None = strawberry.field(default=None, description="Null marks them all read.")


@strawberry.type
class MarkNotificationsReadPayload:
    unread_count: int | None = strawberry.field(description="What is left unread; null on errors.")
    errors: list[UserError]


@strawberry.type
class NotificationMutation:
    @strawberry.mutation(description="Mark some of one's notifications read (all, without `ids`).")
    async def mark_notifications_read(
        self, info: Info, input: MarkNotificationsReadInput
    ) -> MarkNotificationsReadPayload:
        actor = info.context.actor

        async def run() -> int:
            ids = None if input.ids is None else decode_many(input.ids, "Notification", "ids")
            await service.mark_read(actor, ids)
            return await service.unread_count(actor.user_id or 0)

        count, errors = await attempt(run)
        return MarkNotificationsReadPayload(unread_count=count, errors=errors)


@strawberry.type
class NotificationSubscription:
    @strawberry.subscription(
        description="The viewer's unread count now, then when it changes (read every 5 s; ends after an hour)."
    )
    async def unread_notification_count(self, info: Info) -> AsyncGenerator[int, None]:
        last: int | None = None
        for poll in range(MAX_POLLS):
            if poll:
                await asyncio.sleep(POLL_SECONDS)
            with as_top_level():
                user_id = require_login(await acting_now(info.context))
            count = await service.unread_count(user_id)
            if count != last:
                last = count
                yield count


DOMAIN = Domain("notifications", mutation=NotificationMutation, subscription=NotificationSubscription)
