"""What moderators read: the queue, one item with its flags and the author's history, the log."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from tortoise.functions import Count

from colab.actors import Actor, require_moderator
from colab.counting import capped_count
from colab.errors import ColabError, ErrorCode
from moderation import registry
from moderation.models import (
    Decision,
    LogAction,
    ModerationLogEntry,
    ReviewFlag,
    ReviewItem,
    ReviewRecusal,
    ReviewStatus,
)
from moderation.queue import QueueFilter


async def list_queue(
    actor: Actor, filters: QueueFilter | None = None, *, offset: int = 0, limit: int = 20, count: bool = True
) -> tuple[list[ReviewItem], int]:
    """Pending items by priority then age (decided ones: latest first), with the total (capped: colab.counting;
    0 when `count` is false): an exact count of a million pending items would cost more than the page."""
    require_moderator(actor)
    f = filters or QueueFilter()
    query = ReviewItem.filter(status=f.status)
    if f.kind is not None:
        query = query.filter(kind=f.kind)
    if f.flag is not None:
        query = query.filter(flags__code=f.flag)
    total = await capped_count(query) if count else 0
    ordering = ("queue_rank", "submitted_at", "id") if f.status is ReviewStatus.PENDING else ("-decided_at", "-id")
    return await query.order_by(*ordering).offset(offset).limit(limit), total


async def get_item(actor: Actor, item_id: int, field: str = "itemId") -> ReviewItem:
    require_moderator(actor)
    item = await ReviewItem.get_or_none(id=item_id)
    if item is None:
        raise ColabError(ErrorCode.NOT_FOUND, "Cet élément de la file n'existe pas.", field)
    return item


async def flags_by_item(item_ids: Sequence[int]) -> dict[int, list[ReviewFlag]]:
    """The flags of many items in one query, highest score first."""
    result: dict[int, list[ReviewFlag]] = {i: [] for i in item_ids}
    for flag in await ReviewFlag.filter(item_id__in=list(item_ids)).order_by("-score", "id"):
        result[flag.item_id].append(flag)
    return result


async def recused_items(moderator_id: int, item_ids: Sequence[int]) -> set[int]:
    """Which of these items the moderator may not take (their own, their organization's), in one query."""
    if not item_ids:
        return set()
    query = ReviewRecusal.filter(user_id=moderator_id, item_id__in=list(item_ids))
    found = await query.values_list("item_id", flat=True)
    return {int(i) for i in found}  # type: ignore[call-overload]


@dataclass(frozen=True)
class AuthorHistory:
    submissions: int = 0
    admitted: int = 0
    changes_requested: int = 0
    rejected: int = 0
    withdrawn: int = 0


async def history_by_author(author_ids: Sequence[int]) -> dict[int, AuthorHistory]:
    """How each author's past submissions went, in one grouped query."""
    ids = sorted(set(author_ids))
    rows = (
        await ReviewItem.filter(author_id__in=ids, kind__in=registry.submission_kinds())
        .group_by("author_id", "status", "decision")
        .annotate(n=Count("id"))
        .values_list("author_id", "status", "decision", "n")
    )
    counts: dict[int, dict[str, int]] = {i: {} for i in ids}
    for author_id, status, decision, n in rows:
        bucket = counts[author_id]
        bucket["submissions"] = bucket.get("submissions", 0) + n
        key = {
            Decision.ADMIT.value: "admitted",
            Decision.REQUEST_CHANGES.value: "changes_requested",
            Decision.REJECT.value: "rejected",
        }.get(str(getattr(decision, "value", decision)))
        if str(getattr(status, "value", status)) == ReviewStatus.WITHDRAWN.value:
            key = "withdrawn"
        if key:
            bucket[key] = bucket.get(key, 0) + n
    return {i: AuthorHistory(**c) for i, c in counts.items()}


async def items_of_subjects(kind: str, subject_ids: Sequence[int]) -> dict[int, list[ReviewItem]]:
    """Every review item of many subjects, newest first (an idea's rounds of review)."""
    result: dict[int, list[ReviewItem]] = {i: [] for i in subject_ids}
    for item in await ReviewItem.filter(kind=kind, subject_id__in=list(subject_ids)).order_by("-submitted_at", "-id"):
        result[item.subject_id].append(item)
    return result


@dataclass
class LogFilter:
    item_id: int | None = None
    actor_id: int | None = None
    action: LogAction | None = None


async def list_log(
    actor: Actor, filters: LogFilter | None = None, *, offset: int = 0, limit: int = 50
) -> tuple[list[ModerationLogEntry], int]:
    """The moderation log, latest first: moderators read it; nothing edits it."""
    require_moderator(actor)
    f = filters or LogFilter()
    query = ModerationLogEntry.all()
    if f.item_id is not None:
        query = query.filter(item_id=f.item_id)
    if f.actor_id is not None:
        query = query.filter(actor_id=f.actor_id)
    if f.action is not None:
        query = query.filter(action=f.action)
    total = await query.count()
    return await query.order_by("-at", "-id").offset(offset).limit(limit), total
