"""The challenge list with its filters, and the card data every list shares (no N+1: one query per relation)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from colab.challenges.models import Challenge, Need
from colab.challenges.service import ChallengeFilter, list_challenges, themes_by_challenge
from colab.organizations.models import Organization
from colab.territories.models import Territory, TerritoryLevel
from colab.territories.reference import reference
from web.pages.paging import PAGE_SIZE, page_number, pager
from web.pages.rendering import render
from web.session import current_actor


async def card_data(items: Sequence[Challenge]) -> list[dict[str, Any]]:
    """What a challenge card shows: the challenge, its organization, territory and themes, in 3 queries."""
    if not items:
        return []
    organizations = {o.id: o for o in await Organization.filter(id__in={c.organization_id for c in items})}
    territories = {t.id: t for t in await Territory.filter(id__in={c.territory_id for c in items})}
    themes = await themes_by_challenge([c.id for c in items])
    return [
        {
            "challenge": c,
            "organization": organizations[c.organization_id],
            "territory": territories[c.territory_id],
            "themes": themes[c.id],
        }
        for c in items
    ]


@dataclass
class Places:
    """Provinces, and communes grouped by province, for the filter and form selects."""

    region: Territory | None = None
    provinces: list[Territory] = field(default_factory=list)
    communes: dict[int, list[Territory]] = field(default_factory=dict)
    by_nis: dict[str, Territory] = field(default_factory=dict)


async def places() -> Places:
    result = Places()
    for t in (await reference()).territories:
        result.by_nis[t.nis_code] = t
        if t.level is TerritoryLevel.REGION:
            result.region = t
        elif t.level is TerritoryLevel.PROVINCE:
            result.provinces.append(t)
        elif t.parent_id is not None:
            result.communes.setdefault(t.parent_id, []).append(t)
    return result


async def challenge_list(request: Request) -> Response:
    actor = await current_actor(request)
    params = request.query_params
    where = await places()
    themes = (await reference()).themes
    chosen = {
        "province": params.get("province", ""),
        "commune": params.get("commune", ""),
        "theme": params.get("theme", ""),
        "besoin": params.get("besoin", ""),
        "q": params.get("q", "").strip()[:200],
    }
    place = where.by_nis.get(chosen["commune"]) or where.by_nis.get(chosen["province"])
    theme = next((t for t in themes if t.slug == chosen["theme"]), None)
    need = Need(chosen["besoin"]) if chosen["besoin"] in Need.__members__ else None
    page = page_number(params.get("page"))
    filters = ChallengeFilter(
        territory_id=place.id if place else None, theme_id=theme.id if theme else None, need=need, search=chosen["q"]
    )
    items, total = await list_challenges(actor, filters, offset=(page - 1) * PAGE_SIZE, limit=PAGE_SIZE)
    kept = {k: v for k, v in chosen.items() if v}
    context = {
        "cards": await card_data(items),
        "total": total,
        "chosen": chosen,
        "places": where,
        "themes": themes,
        "needs": list(Need),
        "place": place,
        "theme": theme,
        "need": need,
        **pager(page, total, kept),
    }
    return await render(request, "challenges/list.html", context)
