"""What a matching fund serves (challenges, territories, themes, period) and which funds serve a project."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from colab.funding.fund_models import FundStatus, MatchingFund
from colab.funding.models import Campaign
from colab.ideas.models import Idea


@dataclass
class Served:
    """A fund's targets; an empty list serves all."""

    challenge_ids: list[int] = field(default_factory=list)
    territory_ids: list[int] = field(default_factory=list)
    theme_ids: list[int] = field(default_factory=list)


async def served_by(fund_ids: Sequence[int]) -> dict[int, Served]:
    """The targets of many funds: three queries whatever their number."""
    result = {i: Served() for i in fund_ids}
    if not fund_ids:
        return result
    wanted = list(result)
    for relation, attribute in (
        ("challenges", "challenge_ids"),
        ("territories", "territory_ids"),
        ("themes", "theme_ids"),
    ):
        rows = await MatchingFund.filter(id__in=wanted).values_list("id", f"{relation}__id")
        for fund_id, target_id in rows:
            if target_id is not None:
                getattr(result[fund_id], attribute).append(target_id)
    for served in result.values():
        served.challenge_ids.sort()
        served.territory_ids.sort()
        served.theme_ids.sort()
    return result


@dataclass(frozen=True)
class ProjectPlace:
    """What eligibility reads of a project: its challenge, its territory with what contains it, its themes."""

    project_id: int
    challenge_id: int | None
    #: the project's territory, its province and the Region (a fund serving any of them serves the project)
    territory_ids: frozenset[int]
    theme_ids: frozenset[int]


async def place_of_campaign(campaign_id: int) -> ProjectPlace:
    """Two queries: the campaign's project with its territory's parents, the idea's themes."""
    (row,) = await Campaign.filter(id=campaign_id).values(
        "project_id",
        "project__challenge_id",
        "project__idea_id",
        "project__territory_id",
        "project__territory__parent_id",
        "project__territory__parent__parent_id",
    )
    containing = {
        row[k]
        for k in ("project__territory_id", "project__territory__parent_id", "project__territory__parent__parent_id")
        if row[k] is not None
    }
    themes = await Idea.filter(id=row["project__idea_id"]).values_list("themes__id", flat=True)
    return ProjectPlace(
        project_id=row["project_id"],
        challenge_id=row["project__challenge_id"],
        territory_ids=frozenset(containing),
        theme_ids=frozenset(t for t in themes if t is not None),  # type: ignore[misc]
    )


def serves(fund: MatchingFund, served: Served, place: ProjectPlace, at: datetime) -> bool:
    """An active fund, within its period, whose every non-empty target list includes the project."""
    if fund.status is not FundStatus.ACTIVE or not fund.opens_at <= at < fund.closes_at:
        return False
    if served.challenge_ids and place.challenge_id not in served.challenge_ids:
        return False
    if served.territory_ids and not place.territory_ids.intersection(served.territory_ids):
        return False
    return not (served.theme_ids and not place.theme_ids.intersection(served.theme_ids))


async def open_funds(at: datetime) -> list[MatchingFund]:
    """Active funds within their period with budget left, oldest first (the order they match in): one query."""
    candidates = await MatchingFund.filter(status=FundStatus.ACTIVE, opens_at__lte=at, closes_at__gt=at).order_by("id")
    return [f for f in candidates if f.committed_cents < f.budget_cents]
