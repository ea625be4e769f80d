"""Reports: anyone signed in reports public content once; enough reports from established accounts hide it
at once and put it first in the queue; a moderator then restores, keeps hidden or removes it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache

from tortoise.exceptions import IntegrityError
from tortoise.expressions import F
from tortoise.transactions import in_transaction

from colab.accounts.models import User
from colab.actors import Actor, require_login
from colab.config import load_settings
from colab.errors import ColabError, ErrorCode
from colab.events import publish
from colab.validation import utcnow
from moderation import registry
from moderation.events import ContentHidden, ContentReported
from moderation.models import (
    ContentReport,
    HiddenBy,
    ReportedContent,
    ReportReason,
    ReviewItem,
    ReviewRecusal,
    ReviewStatus,
    Visibility,
)
from moderation.queue import enqueue

REPORT = "REPORT"
#: a report hidden by the rule goes before every flagged submission
HIGH_PRIORITY = 100
TEXT_MAX = 1000


@dataclass(frozen=True)
class ReportRule:
    #: reports from established accounts that hide the content automatically
    threshold: int = 3
    #: an account counts toward the threshold from this age on
    min_account_age: timedelta = timedelta(days=7)


@cache
def configured_rule() -> ReportRule:
    """The rule of the settings (REPORTS_TO_HIDE, REPORTER_MIN_ACCOUNT_DAYS), read once."""
    settings = load_settings()
    return ReportRule(max(1, settings.reports_to_hide), timedelta(days=max(0, settings.reporter_min_account_days)))


def _not_found() -> ColabError:
    return ColabError(ErrorCode.NOT_FOUND, "Ce contenu n'existe pas.", "subjectId")


async def _case(kind: str, subject_id: int, author_id: int, title: str, now: datetime) -> ReportedContent:
    """The one row of this content, created by its first report (a racing first report finds the other's)."""
    for _ in range(2):
        found = await ReportedContent.get_or_none(kind=kind, subject_id=subject_id)
        if found is not None:
            return found
        try:
            return await ReportedContent.create(
                kind=kind, subject_id=subject_id, author_id=author_id, title=title[:120], created_at=now
            )
        except IntegrityError:
            continue
    return await ReportedContent.get(kind=kind, subject_id=subject_id)


async def report_content(
    actor: Actor,
    kind: str,
    subject_id: int,
    reason: ReportReason,
    text: str = "",
    *,
    rule: ReportRule | None = None,
) -> ContentReport:
    """A signed-in person reports public content once; at the rule's threshold it is hidden and queued first."""
    me = require_login(actor)
    rule = rule or configured_rule()
    text = text.strip()
    if len(text) > TEXT_MAX:
        raise ColabError(ErrorCode.TOO_LONG, f"L'explication ne peut dépasser {TEXT_MAX} caractères.", "text")
    if not registry.known_subject(kind) or not registry.subject(kind).reportable:
        raise ColabError(ErrorCode.NOT_REPORTABLE, "Ce type de contenu ne peut pas être signalé.", "kind")
    view = (await registry.subject(kind).load([subject_id])).get(subject_id)
    if view is None or not view.public:
        raise _not_found()
    if view.author_id == me:
        raise ColabError(ErrorCode.NOT_REPORTABLE, "Vous ne pouvez pas signaler votre propre contenu.", "subjectId")
    now = utcnow()
    joined: datetime = await User.get(id=me).values_list("created_at", flat=True)  # type: ignore[assignment]
    counted = now - joined >= rule.min_account_age
    case = await _case(kind, subject_id, view.author_id, view.title, now)
    if case.visibility is not Visibility.VISIBLE:
        raise _not_found()
    try:
        async with in_transaction():
            report = await _record(case, me, reason, text, counted, rule, now)
    except IntegrityError:
        raise ColabError(ErrorCode.ALREADY_REPORTED, "Vous avez déjà signalé ce contenu.", "subjectId") from None
    return report


async def _record(
    case: ReportedContent, me: int, reason: ReportReason, text: str, counted: bool, rule: ReportRule, now: datetime
) -> ContentReport:
    report = await ContentReport.create(content_id=case.id, reporter_id=me, reason=reason, text=text, created_at=now)
    # the row lock taken here orders every report of this content: the tally read below is exact
    await ReportedContent.filter(id=case.id).update(
        reports=F("reports") + 1, counted_reports=F("counted_reports") + (1 if counted else 0)
    )
    case = await ReportedContent.get(id=case.id)
    await publish(
        ContentReported(
            subject_id=case.id, actor_id=me, content_kind=case.kind, content_id=case.subject_id, reason=reason.value
        )
    )
    pending = await ReviewItem.filter(kind=REPORT, subject_id=case.id, status=ReviewStatus.PENDING).first()
    if pending is not None:
        # a moderator who reports the content may not pick its report from the queue either
        await ReviewRecusal.get_or_create(item_id=pending.id, user_id=me)
    if case.visibility is Visibility.VISIBLE and case.counted_reports >= rule.threshold:
        await ReportedContent.filter(id=case.id).update(
            visibility=Visibility.HIDDEN, hidden_by=HiddenBy.RULE, hidden_at=now
        )
        if pending is None:
            await enqueue(REPORT, case.id, case.author_id, case.title, [], now=now, priority=HIGH_PRIORITY)
        else:
            priority = max(pending.priority, HIGH_PRIORITY)
            await ReviewItem.filter(id=pending.id).update(priority=priority, queue_rank=-priority)
        await publish(
            ContentHidden(
                subject_id=case.id,
                content_kind=case.kind,
                content_id=case.subject_id,
                author_id=case.author_id,
                title=case.title,
                by_rule=True,
            )
        )
    elif pending is None and case.visibility is Visibility.VISIBLE:
        await enqueue(REPORT, case.id, case.author_id, case.title, [], now=now)
    return report
