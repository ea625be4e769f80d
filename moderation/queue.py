"""The review queue: enqueue a submission, claim the next item with a lease, renew, release, record a decision."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from tortoise import connections
from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.exceptions import IntegrityError
from tortoise.expressions import Q, Subquery
from tortoise.transactions import in_transaction

from colab.actors import Actor, require_moderator
from colab.errors import ColabError, ErrorCode, ErrorCollector
from colab.validation import utcnow
from moderation import registry
from moderation.checks import Flag
from moderation.models import (
    Decision,
    FlagCode,
    LogAction,
    ModerationLogEntry,
    ReasonCode,
    ReviewFlag,
    ReviewItem,
    ReviewRecusal,
    ReviewStatus,
)

LEASE = timedelta(minutes=15)
MESSAGE_MAX = 2000
_CLAIM_ATTEMPTS = 5


@dataclass
class QueueFilter:
    #: a registered kind
    kind: str | None = None
    flag: FlagCode | None = None
    status: ReviewStatus = ReviewStatus.PENDING


def _log(item: ReviewItem, action: LogAction, actor_id: int, at: datetime, **extra: object) -> ModerationLogEntry:
    return ModerationLogEntry(item_id=item.id, action=action, actor_id=actor_id, at=at, **extra)


async def enqueue(
    kind: str,
    subject_id: int,
    author_id: int,
    title: str,
    flags: Sequence[Flag],
    *,
    now: datetime,
    priority: int = 0,
) -> ReviewItem:
    """A new item for one subject of a registered kind (call inside the submitting transaction); who may not
    review it (its author, everyone acting for its organization) is recorded for the queue's pick."""
    subject = registry.subject(kind)
    if subject.decide is None:
        raise ValueError(f"{kind} is reported, never queued for a decision of its own")
    priority += sum(f.score for f in flags)
    item = await ReviewItem.create(
        kind=kind,
        subject_id=subject_id,
        author_id=author_id,
        title=title[:120],
        priority=priority,
        queue_rank=-priority,
        submitted_at=now,
    )
    excluded = {author_id, *await subject.excluded_reviewers(subject_id)}
    await ReviewRecusal.bulk_create([ReviewRecusal(item_id=item.id, user_id=u) for u in sorted(excluded)])
    if flags:
        await ReviewFlag.bulk_create(
            [ReviewFlag(item_id=item.id, code=f.code, score=f.score, detail=f.detail) for f in flags]
        )
    await _log(item, LogAction.SUBMITTED, author_id, now).save()
    return item


async def withdraw(kind: str, subject_id: int, author_id: int, *, now: datetime) -> int:
    """The author took the submission back: its pending item leaves the queue (inside the caller's transaction)."""
    items = await ReviewItem.filter(kind=kind, subject_id=subject_id, status=ReviewStatus.PENDING)
    for item in items:
        # the row lock taken here orders a withdrawal and a decision racing on the same item
        if await ReviewItem.filter(id=item.id, status=ReviewStatus.PENDING).update(
            status=ReviewStatus.WITHDRAWN, claimed_by_id=None, lease_expires_at=None
        ):
            await _log(item, LogAction.WITHDRAWN, author_id, now).save()
    return len(items)


async def may_review(item: ReviewItem, moderator_id: int) -> bool:
    """Not the author, nor anyone the subject excludes today (its organization's members, follow the subject)."""
    if item.author_id == moderator_id:
        return False
    if await ReviewRecusal.exists(item_id=item.id, user_id=moderator_id):
        return False
    return moderator_id not in await registry.subject(item.kind).excluded_reviewers(item.subject_id)


async def refuse_self_review(item: ReviewItem, moderator_id: int) -> None:
    refuse = registry.subject(item.kind).refuse
    refusal = await refuse(item.subject_id, moderator_id) if refuse is not None else None
    if refusal is not None:
        raise refusal
    if not await may_review(item, moderator_id):
        raise ColabError(
            ErrorCode.SELF_REVIEW,
            "Vous ne pouvez pas trancher une proposition de vous-même ou de votre organisation.",
            "itemId",
        )


def _free(now: datetime) -> Q:
    return Q(lease_expires_at__isnull=True) | Q(lease_expires_at__lt=now)


async def _expire(now: datetime) -> None:
    """Release every lease past its time and log the expiry, dated when the lease ran out."""
    expired = await ReviewItem.filter(
        status=ReviewStatus.PENDING, claimed_by_id__isnull=False, lease_expires_at__lt=now
    ).values_list("id", "claimed_by_id", "lease_expires_at")
    for item_id, holder, expired_at in expired:
        if await ReviewItem.filter(id=item_id, claimed_by_id=holder, lease_expires_at=expired_at).update(
            claimed_by_id=None, lease_expires_at=None
        ):
            await ModerationLogEntry(item_id=item_id, action=LogAction.EXPIRED, actor_id=holder, at=expired_at).save()


async def held_by(moderator_id: int, now: datetime | None = None) -> ReviewItem | None:
    """The item a moderator holds a live lease on, if any."""
    return await ReviewItem.filter(
        status=ReviewStatus.PENDING, claimed_by_id=moderator_id, lease_expires_at__gte=now or utcnow()
    ).first()


async def claim_next(actor: Actor, filters: QueueFilter | None = None) -> ReviewItem | None:
    """The next free item (priority, then age) under a 15-minute lease; a moderator holds one item at a time
    (the database refuses a second pending item with the same holder: a claim that loses that race to the
    same moderator's other claim tries again and gets the item that one took)."""
    me = require_moderator(actor)
    f = filters or QueueFilter()
    for _ in range(_CLAIM_ATTEMPTS):
        now = utcnow()
        try:
            return await _claim_next(me, f, now)
        except IntegrityError:
            continue
    return await held_by(me)


async def _claim_next(me: int, f: QueueFilter, now: datetime) -> ReviewItem | None:
    connection = connections.get("default")
    if connection.capabilities.dialect == "postgres":
        await _expire(now)
        return await _claim_postgres(connection, me, f, now)
    held = await held_by(me, now)
    if held is not None:
        return held
    await _expire(now)
    # SQLite: no row locks, but one writer at a time; a lost race makes the conditional update 0 rows
    for _ in range(_CLAIM_ATTEMPTS):
        async with in_transaction():
            query = ReviewItem.filter(_free(now), status=ReviewStatus.PENDING).filter(
                id__not_in=Subquery(ReviewRecusal.filter(user_id=me).values("item_id"))
            )
            if f.kind is not None:
                query = query.filter(kind=f.kind)
            if f.flag is not None:
                query = query.filter(flags__code=f.flag)
            candidate = await query.order_by("queue_rank", "submitted_at", "id").first()
            if candidate is None:
                return None
            expires = now + LEASE
            if await ReviewItem.filter(_free(now), id=candidate.id, status=ReviewStatus.PENDING).update(
                claimed_by_id=me, lease_expires_at=expires
            ):
                await _log(candidate, LogAction.CLAIMED, me, now).save()
                candidate.claimed_by_id, candidate.lease_expires_at = me, expires
                return candidate
    return None


async def _claim_postgres(connection: BaseDBAsyncClient, me: int, f: QueueFilter, now: datetime) -> ReviewItem | None:
    """The claim in one statement, the queue's hot path: the item already held if any, else pick the next
    with SKIP LOCKED (concurrent claimers skip each other's rows), lease it and log it; the row comes back."""
    params: list[object] = [me, now, now + LEASE, ReviewStatus.PENDING.value, LogAction.CLAIMED.value]
    extra = ""
    if f.kind is not None:
        params.append(f.kind)
        extra += f" AND kind = ${len(params)}"
    if f.flag is not None:
        params.append(f.flag.value)
        extra += f" AND EXISTS (SELECT 1 FROM review_flag WHERE item_id = review_item.id AND code = ${len(params)})"
    rows = await connection.execute_query_dict(
        f"""WITH held AS (
              SELECT id FROM review_item WHERE status = $4 AND claimed_by_id = $1 AND lease_expires_at >= $2 LIMIT 1
            ), next AS (
              SELECT id FROM review_item
              WHERE status = $4 AND (lease_expires_at IS NULL OR lease_expires_at < $2){extra}
                AND NOT EXISTS (SELECT 1 FROM review_recusal WHERE item_id = review_item.id AND user_id = $1)
                AND NOT EXISTS (SELECT 1 FROM held)
              ORDER BY queue_rank, submitted_at, id LIMIT 1 FOR UPDATE SKIP LOCKED
            ), claimed AS (
              UPDATE review_item SET claimed_by_id = $1, lease_expires_at = $3 FROM next
              WHERE review_item.id = next.id RETURNING review_item.*
            ), logged AS (
              INSERT INTO moderation_log (at, action, message, actor_id, item_id)
              SELECT $2, $5, '', $1, id FROM claimed
            )
            SELECT * FROM claimed
            UNION ALL SELECT review_item.* FROM review_item JOIN held ON held.id = review_item.id""",
        params,
    )
    return ReviewItem._init_from_db(**rows[0]) if rows else None


async def claim(actor: Actor, item_id: int) -> ReviewItem:
    """Claim one chosen free item (from the queue list); any item the moderator held goes back to the queue."""
    me = require_moderator(actor)
    now = utcnow()
    item = await ReviewItem.get_or_none(id=item_id)
    if item is not None:
        await refuse_self_review(item, me)
    held = await held_by(me, now)
    if held is not None and held.id == item_id:
        return held
    await _expire(now)
    try:
        return await _claim_chosen(me, item_id, held, now)
    except IntegrityError:
        # this moderator's other claim, racing this one, took an item first
        raise ColabError(
            ErrorCode.ALREADY_CLAIMED, "Vous examinez déjà un autre élément : tranchez-le ou rendez-le.", "itemId"
        ) from None


async def _claim_chosen(me: int, item_id: int, held: ReviewItem | None, now: datetime) -> ReviewItem:
    async with in_transaction():
        # the held item goes back first (the database allows one pending item per holder); a refusal below
        # rolls this back too
        if held is not None:
            await ReviewItem.filter(id=held.id, claimed_by_id=me).update(claimed_by_id=None, lease_expires_at=None)
            await _log(held, LogAction.RELEASED, me, now).save()
        expires = now + LEASE
        if not await ReviewItem.filter(_free(now), id=item_id, status=ReviewStatus.PENDING).update(
            claimed_by_id=me, lease_expires_at=expires
        ):
            refusal = await _refusal(item_id, me, now)
            if refusal.code is ErrorCode.NOT_CLAIMED:
                refusal = ColabError(ErrorCode.ALREADY_CLAIMED, "Un autre modérateur examine cet élément.", "itemId")
            raise refusal
        claimed = await ReviewItem.get(id=item_id)
        await _log(claimed, LogAction.CLAIMED, me, now).save()
    return claimed


async def _refusal(item_id: int, me: int, now: datetime) -> ColabError:
    """Why an operation on an item held by `me` did not apply."""
    item = await ReviewItem.get_or_none(id=item_id)
    if item is None:
        return ColabError(ErrorCode.NOT_FOUND, "Cet élément de la file n'existe pas.", "itemId")
    if item.status is ReviewStatus.DECIDED:
        return ColabError(ErrorCode.ALREADY_DECIDED, "Cet élément a déjà été tranché.", "itemId")
    if item.status is ReviewStatus.WITHDRAWN:
        return ColabError(ErrorCode.ALREADY_DECIDED, "L'auteur a retiré cette proposition.", "itemId")
    if item.claimed_by_id == me and item.lease_expires_at is not None and item.lease_expires_at < now:
        return ColabError(ErrorCode.LEASE_EXPIRED, "Votre réservation a expiré : reprenez l'élément.", "itemId")
    return ColabError(ErrorCode.NOT_CLAIMED, "Réservez d'abord cet élément (il n'est pas à vous).", "itemId")


async def renew(actor: Actor, item_id: int) -> ReviewItem:
    """The holder extends a live lease by another 15 minutes."""
    me = require_moderator(actor)
    now = utcnow()
    expires = now + LEASE
    if not await ReviewItem.filter(
        id=item_id, status=ReviewStatus.PENDING, claimed_by_id=me, lease_expires_at__gte=now
    ).update(lease_expires_at=expires):
        raise await _refusal(item_id, me, now)
    item = await ReviewItem.get(id=item_id)
    await _log(item, LogAction.RENEWED, me, now).save()
    return item


async def release(actor: Actor, item_id: int) -> ReviewItem:
    """The holder gives the item back to the queue undecided."""
    me = require_moderator(actor)
    now = utcnow()
    if not await ReviewItem.filter(
        id=item_id, status=ReviewStatus.PENDING, claimed_by_id=me, lease_expires_at__gte=now
    ).update(claimed_by_id=None, lease_expires_at=None):
        raise await _refusal(item_id, me, now)
    item = await ReviewItem.get(id=item_id)
    await _log(item, LogAction.RELEASED, me, now).save()
    return item


def _check_decision(decision: Decision, reason: ReasonCode | None, message: str) -> None:
    errors = ErrorCollector()
    if decision is Decision.ADMIT and reason is not None:
        errors.add(ErrorCode.INVALID, "Une admission ne porte pas de motif de refus.", "reason")
    if decision is not Decision.ADMIT and reason is None:
        errors.add(ErrorCode.REASON_REQUIRED, "Choisissez un motif.", "reason")
    if decision is not Decision.ADMIT and not message:
        errors.add(ErrorCode.MESSAGE_REQUIRED, "Expliquez votre décision à l'auteur.", "message")
    if len(message) > MESSAGE_MAX:
        errors.add(ErrorCode.TOO_LONG, f"Le message ne peut dépasser {MESSAGE_MAX} caractères.", "message")
    errors.raise_if_any()


async def record_decision(
    actor: Actor, item_id: int, decision: Decision, reason: ReasonCode | None, message: str
) -> ReviewItem:
    """The holder of a live lease decides once; never on their own submission (inside the deciding transaction)."""
    me = require_moderator(actor)
    _check_decision(decision, reason, message)
    now = utcnow()
    item = await ReviewItem.get_or_none(id=item_id)
    if item is not None:
        await refuse_self_review(item, me)
    decided = await ReviewItem.filter(
        id=item_id, status=ReviewStatus.PENDING, claimed_by_id=me, lease_expires_at__gte=now
    ).update(
        status=ReviewStatus.DECIDED,
        decision=decision,
        reason=reason,
        message=message,
        decided_by_id=me,
        decided_at=now,
        lease_expires_at=None,
    )
    if not decided:
        raise await _refusal(item_id, me, now)
    item = await ReviewItem.get(id=item_id)
    await _log(item, LogAction.DECIDED, me, now, decision=decision, reason=reason, message=message).save()
    return item
