"""What a campaign's page says of matching funds: who matched its pledges and how much, and which funds
would match a pledge made now (with their factor). Reads only; the rules are colab.funding.matching's."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from tortoise.functions import Sum

from colab.funding.fund_models import LIVE_MATCH, FundMatch, MatchingFund
from colab.funding.fund_scope import open_funds, place_of_campaign, served_by, serves
from colab.organizations.models import Organization


@dataclass(frozen=True)
class FundNote:
    fund: MatchingFund
    organization: Organization
    #: matched money still standing beside this campaign's pledges (held or paid), in cents
    matched_cents: int = 0
    #: the fund would match a pledge made now
    serving: bool = False

    @property
    def factor(self) -> str:
        """« 1 € pour 1 € », « 1 € pour 2 € »: what the fund adds for what a backer gives."""
        n, d = self.fund.factor_numerator, self.fund.factor_denominator
        return f"{n} € pour {d} €"


async def fund_notes(campaign_id: int, at: datetime) -> list[FundNote]:
    """The funds that matched this campaign's live pledges, and those serving it now; a bounded number of
    queries (two when no fund is open and none matched)."""
    matched = dict(
        await FundMatch.filter(campaign_id=campaign_id, status__in=list(LIVE_MATCH))
        .group_by("fund_id")
        .annotate(total=Sum("amount_cents"))
        .values_list("fund_id", "total")
    )
    candidates = [f for f in await open_funds(at) if f.committed_cents < f.budget_cents]
    serving: set[int] = set()
    if candidates:
        place = await place_of_campaign(campaign_id)
        targets = await served_by([f.id for f in candidates])
        serving = {f.id for f in candidates if serves(f, targets[f.id], place, at)}
    ids = set(matched) | serving
    if not ids:
        return []
    funds = {f.id: f for f in await MatchingFund.filter(id__in=ids)}
    organizations = {o.id: o for o in await Organization.filter(id__in={f.organization_id for f in funds.values()})}
    return [
        FundNote(
            fund=funds[i],
            organization=organizations[funds[i].organization_id],
            matched_cents=int(matched.get(i) or 0),
            serving=i in serving,
        )
        for i in sorted(ids)
    ]
