"""The needs board's FUNDS card: the project's campaign, its progress (paid / goal / ceiling), backers, days
left, matched money; for the project's leads without a campaign, the way to open one. One batch for many
projects: campaigns, tiers and the actor's team roles in three queries at most."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from colab.actors import Actor, ProjectAction, ProjectRole, may_act_on_project
from colab.funding.campaigns import campaigns_by_project
from colab.funding.models import CAMPAIGN_STATUS_LABELS, Campaign, CampaignStatus, RewardTier
from colab.funding.money import euros, percent
from colab.funding.periods import brussels_day
from colab.funding.tiers import tiers_by_campaign
from colab.needs import Need
from colab.projects.board import Card, card
from colab.projects.models import ProjectMember
from colab.validation import utcnow

#: campaigns the public sees (a draft or one under review is the team's business)
PUBLIC = frozenset(
    {
        CampaignStatus.SCHEDULED,
        CampaignStatus.LIVE,
        CampaignStatus.SETTLING,
        CampaignStatus.SUCCEEDED,
        CampaignStatus.FAILED,
    }
)


def support_path(project_id: int) -> str:
    return f"/projets/{project_id}/financement"


def editor_path(project_id: int) -> str:
    return f"/projets/{project_id}/financement/campagne"


@dataclass(frozen=True)
class FundingCard:
    """What funding/card.html shows (amounts already in French)."""

    project_id: int
    campaign: Campaign | None = None
    status_label: str = ""
    funded: bool = False
    paid: str = ""
    goal: str = ""
    ceiling: str = ""
    matched: str = ""
    #: bar widths in percent of the ceiling: paid, and where the goal sits
    paid_percent: int = 0
    goal_percent: int = 0
    goal_reached_percent: int = 0
    tiers: list[RewardTier] = field(default_factory=list)
    #: the actor may manage the project's campaign (open one, edit the draft)
    may_manage: bool = False
    support_path: str = ""
    editor_path: str = ""


def days_left(campaign: Campaign) -> int:
    if campaign.status is not CampaignStatus.LIVE:
        return 0
    return max(0, (brussels_day(campaign.closes_at) - brussels_day(utcnow())).days)


async def _roles(project_ids: Sequence[int], actor: Actor) -> Mapping[int, ProjectRole]:
    if actor.user_id is None:
        return {}
    if actor.project_roles is not None:
        return actor.project_roles
    rows = await ProjectMember.filter(user_id=actor.user_id, project_id__in=list(project_ids)).values_list(
        "project_id", "role"
    )
    return {int(p): ProjectRole(r) for p, r in rows}


def _summary(c: Campaign) -> str:
    if c.status is CampaignStatus.SCHEDULED:
        return f"Campagne de {euros(c.goal_cents)} : ouverture le {brussels_day(c.opens_at):%d/%m/%Y}."
    if c.status is CampaignStatus.LIVE and c.funded_at is not None:
        return f"Financé : {euros(c.committed_cents)} promis, le plafond est atteint."
    if c.status is CampaignStatus.LIVE:
        left, n = days_left(c), c.backers_count
        days = f"{left} jour restant" if left == 1 else f"{left} jours restants"
        return f"{euros(c.paid_cents)} payés sur {euros(c.goal_cents)}, {n} soutien{'s' if n != 1 else ''}, {days}."
    if c.status is CampaignStatus.SETTLING:
        return f"Campagne close : {euros(c.paid_cents)} payés, résultat après les derniers virements."
    if c.status is CampaignStatus.SUCCEEDED:
        return f"Campagne réussie : {euros(c.paid_cents + c.matched_cents)} récoltés."
    return f"La campagne n'a pas atteint son objectif de {euros(c.goal_cents)} : les soutiens sont remboursés."


def _card(project_id: int, c: Campaign | None, tiers: list[RewardTier], may_manage: bool) -> Card | None:
    data = FundingCard(
        project_id=project_id,
        may_manage=may_manage,
        support_path=support_path(project_id),
        editor_path=editor_path(project_id),
    )
    if c is None or (c.status not in PUBLIC and not may_manage):
        if not may_manage:
            return None  # nothing to show: the board's own words for a need without contributions yet
        summary = "Pas encore de campagne de financement."
        return Card(open=False, summary=summary, template="funding/card.html", data=data)
    data = FundingCard(
        project_id=project_id,
        campaign=c,
        status_label=CAMPAIGN_STATUS_LABELS[c.status],
        funded=c.funded_at is not None,
        paid=euros(c.paid_cents),
        goal=euros(c.goal_cents),
        ceiling=euros(c.ceiling_cents),
        matched=euros(c.matched_cents),
        paid_percent=min(100, percent(c.paid_cents + c.matched_cents, c.ceiling_cents)),
        goal_percent=percent(c.goal_cents, c.ceiling_cents),
        goal_reached_percent=percent(c.paid_cents + c.matched_cents, c.goal_cents),
        tiers=tiers,
        may_manage=may_manage,
        support_path=support_path(project_id),
        editor_path=editor_path(project_id),
    )
    summary = _summary(c) if c.status in PUBLIC else f"Campagne en préparation ({CAMPAIGN_STATUS_LABELS[c.status]})."
    figures = {
        "paidCents": c.paid_cents,
        "goalCents": c.goal_cents,
        "ceilingCents": c.ceiling_cents,
        "backers": c.backers_count,
        "daysLeft": days_left(c),
        "matchedCents": c.matched_cents,
    }
    is_open = c.status is CampaignStatus.LIVE and c.funded_at is None
    return Card(open=is_open, summary=summary, figures=figures, template="funding/card.html", data=data)


@card(Need.FUNDS)
async def funding_cards(project_ids: Sequence[int], actor: Actor) -> Mapping[int, Card]:
    campaigns = await campaigns_by_project(project_ids)
    tiers = await tiers_by_campaign([c.id for c in campaigns.values() if c.status in PUBLIC])
    roles = await _roles(project_ids, actor)
    cards: dict[int, Card] = {}
    for pid in project_ids:
        may_manage = may_act_on_project(actor, roles.get(pid), ProjectAction.MANAGE_CAMPAIGN)
        c = campaigns.get(pid)
        found = _card(pid, c, tiers.get(c.id, []) if c else [], may_manage)
        if found is not None:
            cards[pid] = found
    return cards
