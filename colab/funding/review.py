"""Campaigns as review subjects (their terms are moderated before they go live), and pledges' public messages
as reportable content.

Admitted: SCHEDULED (the worker opens it at `opens_at`). Changes requested: back to DRAFT, the terms editable
again. Rejected: CANCELLED with the moderator's reason: rejected terms are not meant to come back as they are,
and cancelling frees the project to open another campaign (a draft would keep the project's one slot).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta

from colab.errors import ColabError, ErrorCode
from colab.events import publish
from colab.funding.events import CampaignChangesRequested, CampaignRejected, CampaignScheduled
from colab.funding.models import (
    CAMPAIGN_MODE_LABELS,
    PLEDGE_REVIEW_KIND,
    REVIEW_KIND,
    Campaign,
    CampaignStatus,
    Pledge,
    PledgeStatus,
    RewardTier,
)
from colab.funding.money import euros
from colab.funding.periods import brussels_day, period_days
from colab.projects.models import Project, ProjectMember
from colab.validation import as_utc, utcnow
from moderation import registry
from moderation.models import Decision
from moderation.registry import Link, ReviewSubject, SubjectView, Verdict
from moderation.sanitize import rich_text

_TICK = timedelta(seconds=1)


async def _load(ids: Sequence[int]) -> dict[int, SubjectView]:
    found = await Campaign.filter(id__in=list(ids)).select_related("project")
    tiers: dict[int, list[RewardTier]] = {}
    for tier in await RewardTier.filter(campaign_id__in=[c.id for c in found]).order_by("position", "id"):
        tiers.setdefault(tier.campaign_id, []).append(tier)
    views: dict[int, SubjectView] = {}
    for c in found:
        project: Project = c.project
        listed = "; ".join(
            f"{t.title} (dès {euros(t.min_amount_cents)}{'' if t.stock is None else f', {t.stock} ex.'})"
            for t in tiers.get(c.id, [])
        )
        views[c.id] = SubjectView(
            title=c.title,
            summary=f"Campagne du projet « {project.title} »",
            body=rich_text(c.pitch) if c.pitch else "",
            author_id=project.holder_id,
            organization_id=project.organization_id,
            links=(Link("Page du projet", f"/projets/{project.id}"),),
            facts=(
                ("Objectif", euros(c.goal_cents)),
                ("Plafond", euros(c.ceiling_cents)),
                ("Mode", CAMPAIGN_MODE_LABELS[c.mode]),
                (
                    "Période",
                    f"du {brussels_day(c.opens_at):%d/%m/%Y} au "
                    f"{brussels_day(as_utc(c.closes_at).replace(microsecond=0) - _TICK):%d/%m/%Y}"
                    f" ({period_days(c.opens_at, c.closes_at)} jours)",
                ),
                ("Contreparties", listed or "aucune"),
            ),
            public=c.status not in (CampaignStatus.DRAFT, CampaignStatus.IN_REVIEW),
        )
    return views


async def _decide(verdict: Verdict) -> None:
    campaign = await Campaign.get(id=verdict.subject_id)
    if campaign.status is not CampaignStatus.IN_REVIEW:
        raise ColabError(ErrorCode.ILLEGAL_TRANSITION, "Cette campagne n'attend plus de décision.")
    holder_id = await Project.get(id=campaign.project_id).values_list("holder_id", flat=True)
    base = {
        "subject_id": campaign.id,
        "actor_id": verdict.moderator_id,
        "project_id": campaign.project_id,
        "campaign_id": campaign.id,
        "title": campaign.title,
    }
    if verdict.decision is Decision.ADMIT:
        await Campaign.filter(id=campaign.id).update(status=CampaignStatus.SCHEDULED)
        await publish(CampaignScheduled(**base, opens_at=as_utc(campaign.opens_at).isoformat()))  # type: ignore[arg-type]
        return
    refusal = {"holder_id": holder_id, "reason": verdict.reason.value if verdict.reason else None}
    if verdict.decision is Decision.REQUEST_CHANGES:
        await Campaign.filter(id=campaign.id).update(status=CampaignStatus.DRAFT)
        await publish(CampaignChangesRequested(**base, **refusal, message=verdict.message))  # type: ignore[arg-type]
        return
    await Campaign.filter(id=campaign.id).update(
        status=CampaignStatus.CANCELLED, active_project_id=None, cancel_reason=verdict.message, settled_at=utcnow()
    )
    await publish(CampaignRejected(**base, **refusal, message=verdict.message))  # type: ignore[arg-type]


async def _team(project_id: int | None) -> set[int]:
    if project_id is None:
        return set()
    return {int(u) for u in await ProjectMember.filter(project_id=project_id).values_list("user_id", flat=True)}  # type: ignore[call-overload]


async def _excluded(campaign_id: int) -> set[int]:
    """The project's team may not decide its own campaign."""
    project_id = await Campaign.filter(id=campaign_id).first().values_list("project_id", flat=True)
    return await _team(project_id)  # type: ignore[arg-type]


async def _load_messages(ids: Sequence[int]) -> dict[int, SubjectView]:
    found = await Pledge.filter(id__in=list(ids)).select_related("campaign")
    return {
        p.id: SubjectView(
            title=f"Message de soutien à « {p.campaign.title} »",
            summary="",
            body=rich_text(p.message) if p.message else "",
            author_id=p.backer_id,
            links=(Link("Page du projet", f"/projets/{p.campaign.project_id}"),),
            public=p.status is PledgeStatus.PAID and bool(p.message),
        )
        for p in found
    }


async def _message_excluded(pledge_id: int) -> set[int]:
    backer = await Pledge.filter(id=pledge_id).first().values_list("backer_id", flat=True)
    return {backer} if backer is not None else set()  # type: ignore[arg-type]


SUBJECT = registry.register(
    ReviewSubject(
        kind=REVIEW_KIND, label="Campagne", plural="Campagnes", load=_load, decide=_decide, excluded_reviewers=_excluded
    )
)
MESSAGES = registry.register(
    ReviewSubject(
        kind=PLEDGE_REVIEW_KIND,
        label="Message de soutien",
        plural="Messages de soutien",
        load=_load_messages,
        excluded_reviewers=_message_excluded,
        reportable=True,
        submission=False,
    )
)
