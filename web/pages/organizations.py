"""The organizations: their list and each one's page with its challenges."""

from __future__ import annotations

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response

from colab.challenges.models import ChallengeStatus
from colab.challenges.service import ChallengeFilter, list_challenges
from colab.organizations.service import get_by_slug, list_organizations
from colab.territories.models import Territory
from web.pages.listing import card_data
from web.pages.matching import organization_funds
from web.pages.rendering import render
from web.session import current_actor


async def organization_list(request: Request) -> Response:
    verified, _ = await list_organizations(verified=True, limit=100)
    waiting, _ = await list_organizations(verified=False, limit=100)
    territories = {t.id: t for t in await Territory.filter(id__in={o.territory_id for o in [*verified, *waiting]})}
    return await render(
        request, "organizations/list.html", {"verified": verified, "waiting": waiting, "territories": territories}
    )


async def organization_page(request: Request) -> Response:
    organization = await get_by_slug(request.path_params["slug"])
    if organization is None:
        raise HTTPException(404, "Cette organisation n'existe pas.")
    actor = await current_actor(request)
    items, total = await list_challenges(
        actor, ChallengeFilter(organization_id=organization.id, include_closed=True), limit=100
    )
    # the service shows pending challenges to the organization's members and to moderators only
    pending, _ = await list_challenges(
        actor, ChallengeFilter(organization_id=organization.id, status=ChallengeStatus.PENDING_REVIEW), limit=100
    )
    territory = await Territory.get_or_none(id=organization.territory_id) if organization.territory_id else None
    cards = await card_data([*items, *pending])  # one batch for both lists
    context = {
        "organization": organization,
        "territory": territory,
        "cards": cards[: len(items)],
        "total": total,
        "pending_cards": cards[len(items) :],
        **await organization_funds(actor, organization),
    }
    return await render(request, "organizations/detail.html", context)
