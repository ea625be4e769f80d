"""Appeals: the author of a rejected idea or of hidden or removed content contests the decision once, with a
message; a moderator other than the one who decided first upholds it (the subject is restored or re-opened)
or dismisses it."""

from __future__ import annotations

from tortoise.exceptions import IntegrityError
from tortoise.expressions import Q
from tortoise.transactions import in_transaction

from colab.actors import Actor, require_login
from colab.errors import ColabError, ErrorCode, ErrorCollector
from colab.events import publish
from colab.validation import utcnow
from moderation import registry
from moderation.events import AppealFiled
from moderation.models import Appeal, ReportedContent, ReviewItem, ReviewStatus
from moderation.queue import enqueue
from moderation.reports import REPORT

APPEAL = "APPEAL"
MESSAGE_MAX = 2000
#: an appeal waits less than a new submission, less than content hidden by the rule
PRIORITY = 50


def _not_found() -> ColabError:
    return ColabError(ErrorCode.NOT_FOUND, "Cette décision n'existe pas.", "itemId")


async def appealable_item(actor: Actor, item_id: int) -> ReviewItem:
    """A decided item the actor may appeal: theirs, of a kind whose decision may be appealed, not yet appealed."""
    me = require_login(actor)
    item = await ReviewItem.get_or_none(id=item_id)
    if item is None or item.author_id != me:
        raise _not_found()
    subject = registry.subject(item.kind) if registry.known_subject(item.kind) else None
    if subject is None or item.status is not ReviewStatus.DECIDED or item.decision not in subject.appealable:
        raise ColabError(ErrorCode.NOT_APPEALABLE, "Cette décision ne peut pas faire l'objet d'un appel.", "itemId")
    if await Appeal.exists(kind=item.kind, subject_id=item.subject_id):
        raise _already()
    return item


def _already() -> ColabError:
    return ColabError(ErrorCode.ALREADY_APPEALED, "Vous avez déjà fait appel de cette décision.", "itemId")


async def file_appeal(actor: Actor, item_id: int, message: str) -> Appeal:
    """The author appeals once per subject, explaining why; the appeal joins the queue."""
    message = message.strip()
    errors = ErrorCollector()
    if not message:
        errors.add(ErrorCode.MESSAGE_REQUIRED, "Expliquez pourquoi la décision devrait changer.", "message")
    if len(message) > MESSAGE_MAX:
        errors.add(ErrorCode.TOO_LONG, f"Le message ne peut dépasser {MESSAGE_MAX} caractères.", "message")
    errors.raise_if_any()
    item = await appealable_item(actor, item_id)
    now = utcnow()
    try:
        async with in_transaction():
            appeal = await Appeal.create(
                kind=item.kind,
                subject_id=item.subject_id,
                decided_item_id=item.id,
                appellant_id=item.author_id,
                message=message,
                created_at=now,
            )
            await enqueue(APPEAL, appeal.id, item.author_id, f"Appel : {item.title}", [], now=now, priority=PRIORITY)
            await publish(
                AppealFiled(
                    subject_id=appeal.id, actor_id=item.author_id, appealed_kind=item.kind, appealed_id=item.subject_id
                )
            )
    except IntegrityError:
        raise _already() from None  # a racing appeal of the same subject won
    return appeal


async def contested_item(actor: Actor, kind: str, subject_id: int) -> ReviewItem | None:
    """The latest decision on the actor's subject: the subject's own review (a rejected idea), or the review of
    its report (hidden or removed content)."""
    me = require_login(actor)
    case = await ReportedContent.get_or_none(kind=kind, subject_id=subject_id)
    query = Q(kind=kind, subject_id=subject_id)
    if case is not None:
        query |= Q(kind=REPORT, subject_id=case.id)
    return (
        await ReviewItem.filter(query, author_id=me, status=ReviewStatus.DECIDED)
        .order_by("-decided_at", "-id")
        .first()
    )


async def appeal_decision(actor: Actor, kind: str, subject_id: int, message: str) -> Appeal:
    """The author appeals the latest decision on their subject (pages and the API name the subject)."""
    item = await contested_item(actor, kind, subject_id)
    if item is None:
        raise ColabError(ErrorCode.NOT_APPEALABLE, "Aucune décision à contester sur ce contenu.", "subjectId")
    return await file_appeal(actor, item.id, message)


async def appeal_of(actor: Actor, appeal_id: int) -> Appeal | None:
    """An appeal, for its appellant and the moderators."""
    appeal = await Appeal.get_or_none(id=appeal_id)
    if appeal is None or not (actor.is_moderator or appeal.appellant_id == actor.user_id):
        return None
    return appeal
