"""Appeals as a review subject (kind APPEAL): decided by another moderator than the first; upholding it applies
the subject's own decision again, on appeal (a rejected idea is admitted or sent back for changes, hidden
content is restored)."""

from __future__ import annotations

from collections.abc import Sequence

from colab.errors import ColabError, ErrorCode
from colab.events import publish
from colab.validation import utcnow
from moderation import registry
from moderation.appeals import APPEAL
from moderation.events import AppealDecided
from moderation.models import DECISION_LABELS, REASON_LABELS, Appeal, Decision, ReportedContent, ReviewItem
from moderation.registry import ReviewSubject, SubjectView, Verdict
from moderation.reports import REPORT


async def _load(ids: Sequence[int]) -> dict[int, SubjectView]:
    appeals = await Appeal.filter(id__in=list(ids))
    first = {i.id: i for i in await ReviewItem.filter(id__in=[a.decided_item_id for a in appeals])}
    subjects = await registry.views([(a.kind, a.subject_id) for a in appeals])
    views: dict[int, SubjectView] = {}
    for appeal in appeals:
        decided = first[appeal.decided_item_id]
        subject = subjects.get((appeal.kind, appeal.subject_id))
        assert decided.decision is not None
        decision = (registry.subject(appeal.kind).decision_labels or DECISION_LABELS)[decided.decision]
        facts = (
            ("Appel de", registry.label(appeal.kind)),
            ("Première décision", decision + (f" ({REASON_LABELS[decided.reason]})" if decided.reason else "")),
            ("Message de la première décision", decided.message or "—"),
            ("Message de l'appel", appeal.message),
        )
        views[appeal.id] = SubjectView(
            title=f"Appel : {subject.title if subject else decided.title}",
            summary=appeal.message[:300],
            body=subject.body if subject else "",
            author_id=appeal.appellant_id,
            organization_id=subject.organization_id if subject else None,
            links=subject.links if subject else (),
            facts=(*facts, *(subject.facts if subject else ())),
        )
    return views


async def _first_decider(appeal_id: int) -> int | None:
    row = await Appeal.filter(id=appeal_id).first().values("decided_item__decided_by_id")
    return row["decided_item__decided_by_id"] if row else None


async def _refuse(appeal_id: int, moderator_id: int) -> ColabError | None:
    if await _first_decider(appeal_id) == moderator_id:
        message = "Un autre modérateur que l'auteur de la première décision doit trancher l'appel."
        return ColabError(ErrorCode.SAME_MODERATOR, message, "itemId")
    return None


async def _excluded(appeal_id: int) -> set[int]:
    """The subject's own exclusions and the moderator who decided first."""
    appeal = await Appeal.get_or_none(id=appeal_id)
    if appeal is None:
        return set()
    first = await _first_decider(appeal_id)
    content = await registry.subject(appeal.kind).excluded_reviewers(appeal.subject_id)
    return {appeal.appellant_id, *content, *([first] if first is not None else [])}


async def _about(appeal: Appeal) -> tuple[str, int]:
    """The public subject the appeal is about (reported content, not its report case)."""
    if appeal.kind == REPORT:
        case = await ReportedContent.get(id=appeal.subject_id)
        return case.kind, case.subject_id
    return appeal.kind, appeal.subject_id


async def _decide(verdict: Verdict) -> None:
    appeal = await Appeal.get(id=verdict.subject_id)
    refusal = await _refuse(appeal.id, verdict.moderator_id)
    if refusal is not None:
        raise refusal
    upheld = verdict.decision is not Decision.REJECT
    if upheld:
        decide = registry.subject(appeal.kind).decide
        assert decide is not None
        await decide(
            Verdict(
                item_id=verdict.item_id,
                subject_id=appeal.subject_id,
                decision=verdict.decision,
                reason=verdict.reason,
                message=verdict.message,
                moderator_id=verdict.moderator_id,
                on_appeal=True,
            )
        )
    await Appeal.filter(id=appeal.id).update(outcome=verdict.decision, decided_at=utcnow())
    about_kind, about_id = await _about(appeal)
    title = await ReviewItem.filter(id=appeal.decided_item_id).first().values_list("title", flat=True)
    await publish(
        AppealDecided(
            subject_id=appeal.id,
            actor_id=verdict.moderator_id,
            appellant_id=appeal.appellant_id,
            appealed_kind=about_kind,
            appealed_id=about_id,
            title=str(title or ""),
            upheld=upheld,
            message=verdict.message,
        )
    )


SUBJECT = registry.register(
    ReviewSubject(
        kind=APPEAL,
        label="Appel",
        plural="Appels",
        load=_load,
        decide=_decide,
        excluded_reviewers=_excluded,
        refuse=_refuse,
        submission=False,
        decision_labels={
            Decision.ADMIT: "Accueillir l'appel",
            Decision.REQUEST_CHANGES: "Accueillir l'appel : renvoyer à l'auteur pour modifications",
            Decision.REJECT: "Rejeter l'appel",
        },
    )
)
