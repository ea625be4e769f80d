"""Who may manage a campaign, and the refusals shared by the campaign modules."""

from __future__ import annotations

from colab.actors import Actor, ProjectAction
from colab.errors import ColabError, ErrorCode
from colab.funding.models import CAMPAIGN_STATUS_LABELS, Campaign
from colab.projects.roles import require_project_action


def illegal_transition(campaign: Campaign, action: str) -> ColabError:
    return ColabError(
        ErrorCode.ILLEGAL_TRANSITION,
        f"Impossible de {action} une campagne dans l'état « {CAMPAIGN_STATUS_LABELS[campaign.status]} ».",
    )


def not_found() -> ColabError:
    return ColabError(ErrorCode.NOT_FOUND, "Cette campagne n'existe pas.", "campaignId")


async def managed_campaign(actor: Actor, campaign_id: int) -> Campaign:
    """The campaign, if the actor may manage its project's campaign."""
    campaign = await Campaign.get_or_none(id=campaign_id)
    if campaign is None:
        raise not_found()
    await require_project_action(actor, campaign.project_id, ProjectAction.MANAGE_CAMPAIGN)
    return campaign


def frozen(campaign: Campaign) -> ColabError:
    return ColabError(
        ErrorCode.CAMPAIGN_FROZEN,
        "Les conditions de la campagne ne changent plus une fois soumise "
        f"(état « {CAMPAIGN_STATUS_LABELS[campaign.status]} »).",
    )
