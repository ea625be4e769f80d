"""Ideas as review subjects: how moderators read them, what a decision does, who may not decide them."""

from __future__ import annotations

from collections.abc import Sequence

from colab.challenges.models import Challenge
from colab.content import content_facts
from colab.events import publish
from colab.ideas import service as ideas
from colab.ideas.events import IdeaAdmitted, IdeaChangesRequested, IdeaRejected
from colab.ideas.models import REVIEW_KIND, Idea, IdeaStatus
from moderation import registry
from moderation.checks import Candidate, comparable
from moderation.models import Decision
from moderation.registry import Link, ReviewSubject, SubjectView, Verdict

#: ideas compared for duplicates: those a moderator has seen or will see
COMPARED = (IdeaStatus.SUBMITTED, IdeaStatus.CHANGES_REQUESTED, IdeaStatus.ADMITTED)
#: free-standing ideas are compared with the latest ones only
COMPARED_MAX = 500


async def idea_candidates(challenge_id: int | None, *, exclude_id: int | None = None) -> list[Candidate]:
    """Ideas the same challenge already holds (or the latest free-standing ones), for duplicates and similarity."""
    query = Idea.filter(challenge_id=challenge_id, status__in=COMPARED)
    if challenge_id is None:
        query = Idea.filter(challenge_id__isnull=True, status__in=COMPARED)
    if exclude_id is not None:
        query = query.exclude(id=exclude_id)
    rows = await query.order_by("-id").limit(COMPARED_MAX).values_list("id", "title", "summary")
    return [Candidate(id=i, title=t, text=comparable(t, s)) for i, t, s in rows]


async def _candidates(idea_id: int) -> list[Candidate]:
    challenge_id = await Idea.filter(id=idea_id).first().values_list("challenge_id", flat=True)
    return await idea_candidates(challenge_id, exclude_id=idea_id)  # type: ignore[arg-type]


async def _load(ids: Sequence[int]) -> dict[int, SubjectView]:
    found = await Idea.filter(id__in=list(ids))
    challenge_ids = {i.challenge_id for i in found if i.challenge_id is not None}
    challenges = {c.id: c for c in await Challenge.filter(id__in=challenge_ids)} if challenge_ids else {}
    facts = await content_facts(Idea, found)
    views: dict[int, SubjectView] = {}
    for idea in found:
        challenge = challenges.get(idea.challenge_id) if idea.challenge_id else None
        links = [Link("Page de l'idée", f"/idees/{idea.id}")]
        answered = ("Répond au défi", challenge.title) if challenge else ("Répond au défi", "Idée libre")
        if challenge:
            links.append(Link(challenge.title, f"/defis/{challenge.id}"))
        views[idea.id] = SubjectView(
            title=idea.title,
            summary=idea.summary,
            body=idea.body,
            author_id=idea.author_id,
            organization_id=challenge.organization_id if challenge else None,
            links=tuple(links),
            facts=(*facts[idea.id], answered),
            public=idea.status is IdeaStatus.ADMITTED,
        )
    return views


async def _decide(verdict: Verdict) -> None:
    """Admitted: public, and its project opens (colab.projects reacts to IdeaAdmitted); otherwise the author
    is told why. On appeal, a rejected idea is admitted or sent back for changes."""
    idea = await ideas.apply_review(verdict.subject_id, verdict.decision, on_appeal=verdict.on_appeal)
    await publish(
        verdict.outcome(
            IdeaAdmitted,
            IdeaChangesRequested,
            IdeaRejected,
            subject_id=idea.id,
            actor_id=verdict.moderator_id,
            challenge_id=idea.challenge_id,
            title=idea.title,
            author_id=idea.author_id,
        )
    )


async def _excluded(idea_id: int) -> set[int]:
    """The author may not decide their own idea."""
    author = await Idea.filter(id=idea_id).first().values_list("author_id", flat=True)
    return {author} if author is not None else set()  # type: ignore[arg-type]


SUBJECT = registry.register(
    ReviewSubject(
        kind=REVIEW_KIND,
        label="Idée",
        plural="Idées",
        load=_load,
        decide=_decide,
        excluded_reviewers=_excluded,
        candidates=_candidates,
        reportable=True,
        appealable=frozenset({Decision.REJECT}),
    )
)
