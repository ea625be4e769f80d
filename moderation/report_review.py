"""Reported content as a review subject (kind REPORT): a moderator restores it, keeps it hidden or removes it."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from colab.events import publish
from colab.validation import utcnow
from moderation import registry
from moderation.events import ContentHidden, ContentRemoved, ContentRestored
from moderation.models import (
    REPORT_REASON_LABELS,
    ContentReport,
    Decision,
    HiddenBy,
    ReportedContent,
    Visibility,
)
from moderation.registry import ReviewSubject, SubjectView, Verdict
from moderation.reports import REPORT

VISIBILITY_LABELS = {
    Visibility.VISIBLE: "Visible",
    Visibility.HIDDEN: "Masqué",
    Visibility.REMOVED: "Retiré",
}
HIDDEN_BY_LABELS = {HiddenBy.RULE: "par la règle automatique", HiddenBy.MODERATOR: "par un modérateur"}


async def _load(ids: Sequence[int]) -> dict[int, SubjectView]:
    cases = await ReportedContent.filter(id__in=list(ids))
    contents = await registry.views([(c.kind, c.subject_id) for c in cases])
    reasons: dict[int, Counter[str]] = {c.id: Counter() for c in cases}
    texts: dict[int, list[str]] = {c.id: [] for c in cases}
    for content_id, reason, text in await ContentReport.filter(content_id__in=list(ids)).values_list(
        "content_id", "reason", "text"
    ):
        reasons[content_id][REPORT_REASON_LABELS[reason]] += 1
        if text:
            texts[content_id].append(text)
    views: dict[int, SubjectView] = {}
    for case in cases:
        content = contents.get((case.kind, case.subject_id))
        state = VISIBILITY_LABELS[case.visibility]
        if case.hidden_by is not None and case.visibility is not Visibility.VISIBLE:
            state += " " + HIDDEN_BY_LABELS[case.hidden_by]
        facts = (
            ("Contenu", registry.label(case.kind)),
            ("Signalements", f"{case.reports} (dont {case.counted_reports} de comptes établis)"),
            ("Motifs", ", ".join(f"{label} ({n})" for label, n in reasons[case.id].most_common())),
            ("État", state),
            *(("Explication d'un signalement", t[:300]) for t in texts[case.id][:5]),
        )
        views[case.id] = SubjectView(
            title=case.title,
            summary=content.summary if content else "",
            body=content.body if content else "",
            author_id=case.author_id,
            organization_id=content.organization_id if content else None,
            links=content.links if content else (),
            facts=(*facts, *(content.facts if content else ())),
        )
    return views


async def _decide(verdict: Verdict) -> None:
    """Admit: the content is public again (its tally starts over); changes asked: it stays hidden, by a person;
    reject: it is removed. The author is told through the events."""
    case = await ReportedContent.get(id=verdict.subject_id)
    facts = dict(
        subject_id=case.id,
        actor_id=verdict.moderator_id,
        content_kind=case.kind,
        content_id=case.subject_id,
        author_id=case.author_id,
        title=case.title,
    )
    if verdict.decision is Decision.ADMIT:
        await ReportedContent.filter(id=case.id).update(
            visibility=Visibility.VISIBLE, hidden_by=None, hidden_at=None, counted_reports=0
        )
        if case.visibility is not Visibility.VISIBLE:
            await publish(ContentRestored(**facts))  # type: ignore[arg-type]
        return
    hidden_at = case.hidden_at or utcnow()
    if verdict.decision is Decision.REQUEST_CHANGES:
        await ReportedContent.filter(id=case.id).update(
            visibility=Visibility.HIDDEN, hidden_by=HiddenBy.MODERATOR, hidden_at=hidden_at
        )
        await publish(ContentHidden(**facts, by_rule=False))  # type: ignore[arg-type]
        return
    await ReportedContent.filter(id=case.id).update(
        visibility=Visibility.REMOVED, hidden_by=HiddenBy.MODERATOR, hidden_at=hidden_at
    )
    reason = verdict.reason.value if verdict.reason else None
    await publish(ContentRemoved(**facts, reason=reason, message=verdict.message))  # type: ignore[arg-type]


async def _excluded(case_id: int) -> set[int]:
    """Whoever may not review the content itself, and the people who reported it."""
    case = await ReportedContent.get_or_none(id=case_id)
    if case is None:
        return set()
    reporters = await ContentReport.filter(content_id=case_id).values_list("reporter_id", flat=True)
    content = await registry.subject(case.kind).excluded_reviewers(case.subject_id)
    return {case.author_id, *content, *(int(r) for r in reporters)}  # type: ignore[call-overload]


SUBJECT = registry.register(
    ReviewSubject(
        kind=REPORT,
        label="Signalement",
        plural="Signalements",
        load=_load,
        decide=_decide,
        excluded_reviewers=_excluded,
        appealable=frozenset({Decision.REQUEST_CHANGES, Decision.REJECT}),
        submission=False,
        decision_labels={
            Decision.ADMIT: "Rétablir le contenu",
            Decision.REQUEST_CHANGES: "Laisser le contenu masqué",
            Decision.REJECT: "Retirer le contenu",
        },
    )
)
