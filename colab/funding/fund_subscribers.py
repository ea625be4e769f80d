"""A matching fund's organization is told how the campaigns it matched ended (in the settling transaction).

The notification is about the project, like the one its leads and backers get; its message names the fund
and what the fund put in (or gets back). People already told as a lead or a backer are not told twice."""

from __future__ import annotations

from tortoise.functions import Sum

from colab.events import subscribe
from colab.events.models import Event
from colab.funding.events import CampaignCancelled, CampaignFailed, CampaignSucceeded
from colab.funding.fund_models import FundMatch, MatchingFund, MatchStatus
from colab.funding.money import euros
from colab.funding.subscribers import backers_of, leads_of
from colab.notifications.models import NotificationKind
from colab.notifications.service import notify
from colab.organizations.models import Membership, MembershipRole

_KINDS = {
    CampaignSucceeded: NotificationKind.CAMPAIGN_SUCCEEDED,
    CampaignFailed: NotificationKind.CAMPAIGN_FAILED,
    CampaignCancelled: NotificationKind.CAMPAIGN_CANCELLED,
}


def _message(event: CampaignSucceeded | CampaignFailed | CampaignCancelled, fund: MatchingFund, paid: int) -> str:
    if isinstance(event, CampaignSucceeded):
        return f"Votre fonds « {fund.name} » y a ajouté {euros(paid)}."
    return f"L'argent que votre fonds « {fund.name} » avait promis à cette campagne lui revient."


@subscribe(CampaignSucceeded, CampaignFailed, CampaignCancelled)
async def tell_the_funds(event: CampaignSucceeded | CampaignFailed | CampaignCancelled, row: Event) -> None:
    """Each fund that matched a pledge of the campaign: its organization's managers."""
    rows = (
        await FundMatch.filter(campaign_id=event.campaign_id)
        .annotate(total=Sum("amount_cents"))
        .group_by("fund_id", "status")
        .values_list("fund_id", "status", "total")
    )
    paid: dict[int, int] = {}
    for fund_id, status, total in rows:
        paid.setdefault(fund_id, 0)
        if MatchStatus(status) is MatchStatus.PAID:
            paid[fund_id] += int(total or 0)
    if not paid or event.project_id is None:
        return
    told = {*await leads_of(event.project_id), *await backers_of(event.campaign_id)}
    for fund in await MatchingFund.filter(id__in=list(paid)).order_by("id"):
        managers = await Membership.filter(organization_id=fund.organization_id, role=MembershipRole.MANAGER).values(
            "user_id"
        )
        await notify(
            [int(m["user_id"]) for m in managers if m["user_id"] not in told],
            _KINDS[type(event)],
            "project",
            event.project_id,
            message=_message(event, fund, paid[fund.id]),
            event_id=row.id,
        )
