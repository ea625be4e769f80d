"""What a matching fund did, read for its page, its organization's page and the API (a bounded number of
queries, whatever the number of funds or matches)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from tortoise import connections
from tortoise.functions import Count, Sum

from colab.challenges.models import Challenge
from colab.db import placeholders
from colab.funding.fund_models import LIVE_MATCH, FundMatch, FundStatus, MatchingFund, MatchStatus
from colab.funding.fund_scope import served_by
from colab.funding.models import Campaign
from colab.organizations.models import Organization
from colab.projects.models import REVIEW_KIND as PROJECT_KIND
from colab.projects.models import Project
from colab.territories.models import Territory, Theme
from moderation.visibility import hidden_ids


@dataclass(frozen=True)
class MatchedWhere:
    """What a fund matched for one campaign (of one project)."""

    project_id: int
    project_title: str
    campaign_id: int
    campaign_title: str
    held_cents: int
    paid_cents: int
    pledges: int
    #: hidden by moderation: no title, no link
    hidden: bool = False

    @property
    def total_cents(self) -> int:
        return self.held_cents + self.paid_cents


@dataclass
class FundPage:
    fund: MatchingFund
    organization: Organization
    challenges: list[Challenge] = field(default_factory=list)
    territories: list[Territory] = field(default_factory=list)
    themes: list[Theme] = field(default_factory=list)
    #: per campaign, largest first
    matched: list[MatchedWhere] = field(default_factory=list)

    @property
    def held_cents(self) -> int:
        return sum(m.held_cents for m in self.matched)

    @property
    def paid_cents(self) -> int:
        return sum(m.paid_cents for m in self.matched)

    @property
    def pledges(self) -> int:
        return sum(m.pledges for m in self.matched)


async def matched_where(fund_id: int) -> list[MatchedWhere]:
    """The fund's live matches summed per campaign and status: one grouped query, one for the titles."""
    rows = (
        await FundMatch.filter(fund_id=fund_id, status__in=LIVE_MATCH)
        .annotate(total=Sum("amount_cents"), n=Count("id"))
        .group_by("campaign_id", "project_id", "status")
        .values_list("campaign_id", "project_id", "status", "total", "n")
    )
    sums: dict[tuple[int, int], list[int]] = {}
    for campaign_id, project_id, status, total, n in rows:
        entry = sums.setdefault((campaign_id, project_id), [0, 0, 0])
        entry[0 if MatchStatus(status) is MatchStatus.HELD else 1] += int(total or 0)
        entry[2] += int(n)
    campaigns = dict(await Campaign.filter(id__in={c for c, _ in sums}).values_list("id", "title"))
    # a project hidden after reports shows without its title (and the page links it not)
    projects = dict(
        await Project.filter(id__in={p for _, p in sums}, id__not_in=hidden_ids(PROJECT_KIND)).values_list(
            "id", "title"
        )
    )
    found = [
        MatchedWhere(p, str(projects.get(p, "")), c, str(campaigns.get(c, "")), held, paid, n, p not in projects)
        for (c, p), (held, paid, n) in sums.items()
    ]
    return sorted(found, key=lambda m: (-m.total_cents, m.campaign_id))


async def fund_page_data(fund_id: int) -> FundPage | None:
    """A fund's public page: its rules, what it serves, what it matched and where."""
    fund = await MatchingFund.get_or_none(id=fund_id)
    if fund is None:
        return None
    served = (await served_by([fund.id]))[fund.id]
    return FundPage(
        fund=fund,
        organization=await Organization.get(id=fund.organization_id),
        challenges=await Challenge.filter(id__in=served.challenge_ids).order_by("title")
        if served.challenge_ids
        else [],
        territories=await Territory.filter(id__in=served.territory_ids).order_by("name")
        if served.territory_ids
        else [],
        themes=await Theme.filter(id__in=served.theme_ids).order_by("position") if served.theme_ids else [],
        matched=await matched_where(fund.id),
    )


async def funds_of_organization(organization_id: int, *, include_closed: bool = True) -> list[MatchingFund]:
    """An organization's funds, newest first."""
    query = MatchingFund.filter(organization_id=organization_id)
    if not include_closed:
        query = query.exclude(status=FundStatus.CLOSED)
    return await query.order_by("-created_at", "-id")


async def funds_by_organization(organization_ids: Sequence[int]) -> dict[int, list[MatchingFund]]:
    """Many organizations' funds in one query (for the API's per-request loader)."""
    result: dict[int, list[MatchingFund]] = {i: [] for i in organization_ids}
    for fund in await MatchingFund.filter(organization_id__in=list(result)).order_by("-created_at", "-id"):
        result[fund.organization_id].append(fund)
    return result


async def list_funds(
    *, status: FundStatus | None = None, organization_id: int | None = None, offset: int = 0, limit: int = 20
) -> tuple[list[MatchingFund], int]:
    query = MatchingFund.all()
    if status is not None:
        query = query.filter(status=status)
    if organization_id is not None:
        query = query.filter(organization_id=organization_id)
    total = await query.count()
    return await query.order_by("-created_at", "-id").offset(offset).limit(limit), total


async def matches_by_fund(
    fund_ids: Sequence[int], *, offset: int, limit: int
) -> dict[int, tuple[list[FundMatch], int]]:
    """One page of each fund's matches (newest first, returned ones included: the fund's history) and their
    total, for many funds at once: three statements whatever the number of funds."""
    ids = sorted(set(fund_ids))
    result: dict[int, tuple[list[FundMatch], int]] = {i: ([], 0) for i in ids}
    if not ids:
        return result
    totals = dict(
        await FundMatch.filter(fund_id__in=ids).group_by("fund_id").annotate(n=Count("id")).values_list("fund_id", "n")
    )
    connection = connections.get("default")
    marks = placeholders(connection, len(ids) + 2)
    # a window function ranks each fund's matches: one statement whatever the number of funds
    rows = await connection.execute_query_dict(
        f"""SELECT id FROM (
              SELECT id, ROW_NUMBER() OVER (PARTITION BY fund_id ORDER BY id DESC) AS rank
              FROM fund_match WHERE fund_id IN ({", ".join(marks[:-2])})
            ) ranked WHERE rank > {marks[-2]} AND rank <= {marks[-1]}""",
        [*ids, offset, offset + limit],
    )
    pages: dict[int, list[FundMatch]] = {i: [] for i in ids}
    for match in await FundMatch.filter(id__in=[r["id"] for r in rows]).order_by("-id"):
        pages[match.fund_id].append(match)
    return {i: (pages[i], int(totals.get(i, 0))) for i in ids}


async def visible_projects(project_ids: Sequence[int]) -> dict[int, Project]:
    """The projects among these that the public may see (not hidden after reports): one query."""
    wanted = list(set(project_ids))
    if not wanted:
        return {}
    return {p.id: p for p in await Project.filter(id__in=wanted, id__not_in=hidden_ids(PROJECT_KIND))}
