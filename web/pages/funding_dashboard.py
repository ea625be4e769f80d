"""The money team's campaign dashboard (ProjectAction.SEE_MONEY): every pledge with its backer, a chart of
pledges over time drawn as SVG on the server, the ledger's totals."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from colab.accounts.models import User
from colab.actors import ProjectAction
from colab.funding import listing
from colab.funding.campaigns import campaign_of_project
from colab.funding.ledger import campaign_totals
from colab.funding.models import Campaign, RewardTier
from colab.validation import as_utc, utcnow
from web.charts import pledges_chart
from web.pages.funding import LABELS, campaign_figures
from web.pages.funding_team import team_project
from web.pages.rendering import render
from web.session import current_actor

DASHBOARD_PLEDGES = 100


async def dashboard(request: Request) -> Response:
    """The money team's view: every pledge with its backer, the chart of pledges over time, the ledger's totals."""
    actor = await current_actor(request)
    project = await team_project(request, actor, ProjectAction.SEE_MONEY)
    if isinstance(project, Response):
        return project
    campaign = await campaign_of_project(project.id)
    context: dict[str, Any] = {"project": project, "campaign": campaign, "labels": LABELS}
    if campaign is not None:
        now = utcnow()
        pledges, total = await listing.campaign_pledges(campaign.id, limit=DASHBOARD_PLEDGES)
        ids = {p.backer_id for p in pledges}
        tier_ids = {p.tier_id for p in pledges if p.tier_id is not None}
        points = await listing.pledges_over_time(campaign.id)
        context.update(
            await campaign_figures(campaign, now),
            pledges=pledges,
            pledges_total=total,
            backers={u.id: u for u in await User.filter(id__in=ids)} if ids else {},
            tier_titles={t.id: t.title for t in await RewardTier.filter(id__in=tier_ids)} if tier_ids else {},
            totals=await campaign_totals(campaign.id),
            chart=pledges_chart(
                [(p.at, p.amount_cents) for p in points],
                start=_chart_start(campaign, points[0].at if points else None),
                end=min(now, as_utc(campaign.closes_at)),
                goal_cents=campaign.goal_cents,
                ceiling_cents=campaign.ceiling_cents,
            ),
        )
    return await render(request, "funding/dashboard.html", context)


def _chart_start(campaign: Campaign, first_pledge: datetime | None) -> datetime:
    opens_at = as_utc(campaign.opens_at)
    return min(opens_at, first_pledge) if first_pledge else opens_at


ROUTES: list[BaseRoute] = [
    Route("/projets/{project_id:int}/financement/tableau", dashboard, name="campaign_dashboard"),
]
