"""Campaigns: the holder drafts the terms, moderators admit them, the worker opens and closes them.

DRAFT -> IN_REVIEW -> SCHEDULED -> LIVE -> SETTLING -> SUCCEEDED | FAILED, and CANCELLED. Goal, ceiling,
period, mode and tiers change only in DRAFT (frozen from the submission on). One active campaign per project
(not cancelled nor failed), enforced by a unique column.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from colab.actors import Actor, ProjectAction
from colab.errors import ColabError, ErrorCode, ErrorCollector
from colab.events import publish
from colab.funding.access import frozen, illegal_transition, managed_campaign, not_found
from colab.funding.events import CampaignCancelled, CampaignSubmitted
from colab.funding.models import (
    ACTIVE_CAMPAIGN,
    EDITABLE_CAMPAIGN,
    REVIEW_KIND,
    Campaign,
    CampaignMode,
    CampaignStatus,
    Pledge,
    PledgeStatus,
)
from colab.funding.periods import MAX_DAYS, MIN_DAYS, period_days
from colab.funding.settlement import lock_live_pledges, unwind_pledges
from colab.funding.texts import plain
from colab.funding.tiers import TierDraft, add_tier, set_tiers
from colab.projects.models import Project
from colab.projects.roles import require_project_action
from colab.validation import as_utc, check_text, clean_line, utcnow
from moderation.queue import withdraw
from moderation.submission import send_to_review

#: the holder may cancel in these states (while no pledge is paid); an admin also while settling
CANCELLABLE = frozenset({CampaignStatus.DRAFT, CampaignStatus.IN_REVIEW, CampaignStatus.SCHEDULED, CampaignStatus.LIVE})
_PITCH_MAX = 5000
__all__ = [
    "CampaignDraft",
    "TierDraft",
    "add_tier",
    "campaign_of_project",
    "campaigns_by_project",
    "cancel_campaign",
    "edit_campaign",
    "get_campaign",
    "managed_campaign",
    "open_campaign",
    "set_tiers",
    "submit_campaign",
]


@dataclass
class CampaignDraft:
    """The terms a holder writes: money in euro cents, `closes_at` the end of a Brussels day (periods.day_end)."""

    title: str
    goal_cents: int
    ceiling_cents: int
    opens_at: datetime
    closes_at: datetime
    mode: CampaignMode = CampaignMode.ALL_OR_NOTHING
    pitch: str = ""


def _checked(draft: CampaignDraft, *, now: datetime) -> dict[str, Any]:
    errors = ErrorCollector()
    title = clean_line(draft.title)
    check_text(errors, "title", title, max_length=120, min_length=3, label="Le titre")
    pitch = plain(draft.pitch)
    if pitch:
        check_text(errors, "pitch", pitch, max_length=_PITCH_MAX, label="La présentation")
    if draft.goal_cents <= 0:
        errors.add(ErrorCode.INVALID, "L'objectif doit être un montant positif.", "goalCents")
    if draft.ceiling_cents < draft.goal_cents:
        errors.add(ErrorCode.INVALID, "Le plafond doit être au moins égal à l'objectif.", "ceilingCents")
    opens_at, closes_at = as_utc(draft.opens_at), as_utc(draft.closes_at)
    if closes_at <= now:
        errors.add(ErrorCode.DATE_IN_PAST, "La date de fin est déjà passée.", "closesAt")
    elif closes_at <= opens_at or not MIN_DAYS <= period_days(opens_at, closes_at) <= MAX_DAYS:
        errors.add(ErrorCode.INVALID, f"La campagne dure de {MIN_DAYS} à {MAX_DAYS} jours.", "closesAt")
    errors.raise_if_any()
    return {
        "title": title,
        "pitch": pitch,
        "goal_cents": draft.goal_cents,
        "ceiling_cents": draft.ceiling_cents,
        "opens_at": opens_at,
        "closes_at": closes_at,
        "mode": CampaignMode(draft.mode),
    }


async def open_campaign(actor: Actor, project_id: int, draft: CampaignDraft) -> Campaign:
    """The project's leads draft a campaign; a project has one campaign under way at a time."""
    user_id = await require_project_action(actor, project_id, ProjectAction.MANAGE_CAMPAIGN)
    if not await Project.exists(id=project_id):
        raise ColabError(ErrorCode.NOT_FOUND, "Ce projet n'existe pas.", "projectId")
    values = _checked(draft, now=utcnow())
    if await Campaign.exists(active_project_id=project_id):
        raise _exists()
    try:
        async with in_transaction():
            return await Campaign.create(
                project_id=project_id, active_project_id=project_id, created_by_id=user_id, **values
            )
    except IntegrityError:  # a concurrent open won
        raise _exists() from None


def _exists() -> ColabError:
    return ColabError(ErrorCode.CAMPAIGN_EXISTS, "Ce projet a déjà une campagne en cours.", "projectId")


async def edit_campaign(actor: Actor, campaign_id: int, draft: CampaignDraft) -> Campaign:
    """The terms change only while the campaign is a draft (frozen from the submission on)."""
    campaign = await managed_campaign(actor, campaign_id)
    if campaign.status not in EDITABLE_CAMPAIGN:
        raise frozen(campaign)
    values = _checked(draft, now=utcnow())
    async with in_transaction():
        updated = await Campaign.filter(id=campaign.id, status__in=list(EDITABLE_CAMPAIGN)).update(**values)
    if not updated:
        raise frozen(await Campaign.get(id=campaign.id))
    return await Campaign.get(id=campaign.id)


async def submit_campaign(actor: Actor, campaign_id: int) -> Campaign:
    """A draft goes to the moderators' queue (kind CAMPAIGN); its terms are frozen from now on."""
    campaign = await managed_campaign(actor, campaign_id)
    if campaign.status is not CampaignStatus.DRAFT:
        raise illegal_transition(campaign, "soumettre")
    now = utcnow()
    if as_utc(campaign.closes_at) <= now:
        raise ColabError(ErrorCode.DATE_IN_PAST, "La date de fin est déjà passée.", "closesAt")
    async with in_transaction():
        if not await Campaign.filter(id=campaign.id, status=CampaignStatus.DRAFT).update(
            status=CampaignStatus.IN_REVIEW
        ):
            raise illegal_transition(await Campaign.get(id=campaign.id), "soumettre")
        campaign.status = CampaignStatus.IN_REVIEW
        project = await Project.get(id=campaign.project_id)
        await send_to_review(
            REVIEW_KIND,
            campaign.id,
            author_id=project.holder_id,
            title=campaign.title,
            summary=project.title,
            body=campaign.pitch,
            now=now,
        )
        await publish(
            CampaignSubmitted(
                subject_id=campaign.id,
                actor_id=actor.user_id,
                project_id=campaign.project_id,
                challenge_id=project.challenge_id,
                campaign_id=campaign.id,
                title=campaign.title,
            )
        )
    return campaign


async def cancel_campaign(actor: Actor, campaign_id: int, reason: str) -> Campaign:
    """The holder cancels until a pledge is paid; an admin at any time before the decision, with a reason.
    Unpaid pledges are cancelled, paid ones go to refund, matched money back to its fund."""
    campaign = await Campaign.get_or_none(id=campaign_id)
    if campaign is None:
        raise not_found()
    reason = plain(reason)
    if actor.is_admin:
        if not reason:
            raise ColabError(ErrorCode.REASON_REQUIRED, "Indiquez la raison de l'annulation.", "reason")
        allowed = CANCELLABLE | {CampaignStatus.SETTLING}
    else:
        await require_project_action(actor, campaign.project_id, ProjectAction.MANAGE_CAMPAIGN)
        allowed = CANCELLABLE
    if campaign.status not in allowed:
        raise illegal_transition(campaign, "annuler")
    async with in_transaction():
        await lock_live_pledges(campaign.id)
        if not actor.is_admin and await Pledge.exists(
            campaign_id=campaign.id,
            status__in=[PledgeStatus.PAID, PledgeStatus.REFUND_PENDING, PledgeStatus.REFUNDED],
        ):
            raise ColabError(
                ErrorCode.TOO_LATE_TO_CANCEL,
                "Des soutiens sont déjà payés : seul un administrateur peut encore annuler la campagne.",
            )
        cancelled = await Campaign.filter(id=campaign.id, status=campaign.status).update(
            status=CampaignStatus.CANCELLED, active_project_id=None, cancel_reason=reason, settled_at=utcnow()
        )
        if not cancelled:
            raise illegal_transition(await Campaign.get(id=campaign.id), "annuler")
        if campaign.status is CampaignStatus.IN_REVIEW:
            holder_id = await Project.get(id=campaign.project_id).values_list("holder_id", flat=True)
            await withdraw(REVIEW_KIND, campaign.id, int(holder_id), now=utcnow())  # type: ignore[call-overload]
        campaign = await Campaign.get(id=campaign.id)
        await unwind_pledges(campaign, reason="La campagne est annulée.")
        await publish(
            CampaignCancelled(
                subject_id=campaign.id,
                actor_id=actor.user_id,
                project_id=campaign.project_id,
                campaign_id=campaign.id,
                title=campaign.title,
                reason=reason,
            )
        )
    return campaign


async def get_campaign(campaign_id: int) -> Campaign | None:
    return await Campaign.get_or_none(id=campaign_id)


async def campaign_of_project(project_id: int) -> Campaign | None:
    """The project's campaign under way (or succeeded), else its latest one."""
    return (await campaigns_by_project([project_id])).get(project_id)


async def campaigns_by_project(project_ids: Sequence[int]) -> dict[int, Campaign]:
    """Each project's current campaign, in one query: the active one, else the latest."""
    if not project_ids:
        return {}
    found: dict[int, Campaign] = {}
    for campaign in await Campaign.filter(project_id__in=list(project_ids)).order_by("id"):
        current = found.get(campaign.project_id)
        if current is None or current.status not in ACTIVE_CAMPAIGN or campaign.status in ACTIVE_CAMPAIGN:
            found[campaign.project_id] = campaign
    return found
