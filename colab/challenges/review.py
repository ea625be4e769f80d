"""Challenges as review subjects (those of unverified organizations): how moderators read them, what a
decision does, and who may not decide them (anyone acting for the organization)."""

from __future__ import annotations

from collections.abc import Sequence

from colab.challenges import service as challenges
from colab.challenges.events import ChallengeChangesRequested, ChallengePublished, ChallengeRejected
from colab.challenges.models import REVIEW_KIND, Challenge
from colab.content import content_facts
from colab.events import publish
from colab.organizations.models import Membership, Organization
from moderation import registry
from moderation.registry import Link, ReviewSubject, SubjectView, Verdict


async def _load(ids: Sequence[int]) -> dict[int, SubjectView]:
    found = await Challenge.filter(id__in=list(ids))
    organization_ids = {c.organization_id for c in found}
    organizations = {o.id: o for o in await Organization.filter(id__in=organization_ids)} if found else {}
    facts = await content_facts(Challenge, found)
    views: dict[int, SubjectView] = {}
    for challenge in found:
        organization = organizations[challenge.organization_id]
        verified = "" if organization.verified else " (non vérifiée)"
        views[challenge.id] = SubjectView(
            title=challenge.title,
            summary=challenge.summary,
            body=challenge.body,
            author_id=challenge.author_id,
            organization_id=organization.id,
            links=(
                Link("Page du défi", f"/defis/{challenge.id}"),
                Link(f"Organisation : {organization.name}", f"/organisations/{organization.slug}"),
            ),
            facts=(*facts[challenge.id], ("Organisation", organization.name + verified)),
            public=challenge.status in challenges.PUBLIC,
        )
    return views


async def _decide(verdict: Verdict) -> None:
    challenge = await challenges.apply_review(verdict.subject_id, verdict.decision)
    await publish(
        verdict.outcome(
            ChallengePublished,
            ChallengeChangesRequested,
            ChallengeRejected,
            subject_id=challenge.id,
            actor_id=verdict.moderator_id,
            challenge_id=challenge.id,
            title=challenge.title,
            organization_id=challenge.organization_id,
            author_id=challenge.author_id,
        )
    )


async def _excluded(challenge_id: int) -> set[int]:
    """Self-review follows the subject: its author and every member of its organization, whoever edited last."""
    row = await Challenge.filter(id=challenge_id).first().values("author_id", "organization_id")
    if row is None:
        return set()
    members = await Membership.filter(organization_id=row["organization_id"]).values_list("user_id", flat=True)
    return {row["author_id"], *(int(m) for m in members)}  # type: ignore[call-overload]


SUBJECT = registry.register(
    ReviewSubject(
        kind=REVIEW_KIND,
        label="Défi",
        plural="Défis",
        load=_load,
        decide=_decide,
        excluded_reviewers=_excluded,
        reportable=True,
    )
)
