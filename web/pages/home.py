"""The home page: what the lab is, and the latest open challenges."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from colab.challenges.service import ChallengeFilter, list_challenges
from colab.organizations.models import Organization
from web.pages.listing import card_data
from web.pages.rendering import render
from web.session import current_actor


async def home(request: Request) -> Response:
    actor = await current_actor(request)
    items, total = await list_challenges(actor, ChallengeFilter(accepting_ideas=True), limit=6)
    organizations = await Organization.filter(verified=True).count()
    context = {"cards": await card_data(items), "open_total": total, "organization_total": organizations}
    return await render(request, "home.html", context)
