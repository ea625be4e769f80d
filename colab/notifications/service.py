"""Stored in-app notifications: written by the subscribers of the lab's events, read and marked read by their owner."""

from __future__ import annotations

from collections.abc import Sequence

from colab.actors import Actor, require_login
from colab.notifications.models import Notification, NotificationKind
from colab.notifications.wording import describe
from colab.validation import utcnow


async def notify(
    user_ids: Sequence[int],
    kind: NotificationKind,
    subject_type: str,
    subject_id: int,
    *,
    message: str = "",
    event_id: int | None = None,
) -> int:
    """Tell each user once (inside the caller's transaction, so a rolled-back act tells no one)."""
    ids = sorted(set(user_ids))
    if ids:
        await Notification.bulk_create(
            [
                Notification(
                    user_id=i,
                    kind=kind,
                    subject_type=subject_type,
                    subject_id=subject_id,
                    message=message,
                    event_id=event_id,
                )
                for i in ids
            ]
        )
    return len(ids)


async def list_notifications(
    actor: Actor, *, unread_only: bool = False, offset: int = 0, limit: int = 20
) -> tuple[list[Notification], int]:
    """The actor's own notifications, newest first, each with its sentence (`title`)."""
    user_id = require_login(actor)
    query = Notification.filter(user_id=user_id)
    if unread_only:
        query = query.filter(read_at__isnull=True)
    total = await query.count()
    items = await query.order_by("-created_at", "-id").offset(offset).limit(limit)
    await describe(items)
    return items, total


async def find_notification(actor: Actor, notification_id: int) -> Notification | None:
    """One of the actor's own notifications, with its sentence; others' do not exist for them."""
    if actor.user_id is None:
        return None
    found = await Notification.get_or_none(id=notification_id, user_id=actor.user_id)
    if found is not None:
        await describe([found])
    return found


async def unread_count(user_id: int) -> int:
    return await Notification.filter(user_id=user_id, read_at__isnull=True).count()


async def mark_read(actor: Actor, notification_ids: Sequence[int] | None = None) -> int:
    """Mark the given notifications (all, if none given) read; only one's own; returns how many changed."""
    user_id = require_login(actor)
    query = Notification.filter(user_id=user_id, read_at__isnull=True)
    if notification_ids is not None:
        query = query.filter(id__in=list(notification_ids))
    return await query.update(read_at=utcnow())
