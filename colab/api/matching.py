"""Matching funds: an organization's money doubling citizens' pledges; its rules, what it matched and where."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

import strawberry
from strawberry import relay

from colab.api.challenges import CHALLENGE, ChallengeNode
from colab.api.context import Info
from colab.api.domain import Domain
from colab.api.errors import UserError, as_top_level, attempt
from colab.api.ids import decode, decode_many, decode_optional, encode
from colab.api.loaders import batch, by_id, grouped, optional
from colab.api.node import fetches
from colab.api.organizations import ORGANIZATION, OrganizationNode
from colab.api.pagination import Connection, connection
from colab.api.projects import ProjectNode
from colab.api.territories import TERRITORY, THEME, TerritoryNode, ThemeNode
from colab.funding import fund_queries, funds
from colab.funding.fund_models import FundMatch, FundStatus, MatchingFund, MatchStatus
from colab.funding.fund_scope import served_by
from colab.funding.funds import FundDraft

strawberry.enum(FundStatus, name="MatchingFundStatus")
strawberry.enum(MatchStatus, name="FundMatchStatus")

MATCHING_FUND = by_id(MatchingFund)
PROJECT = optional(fund_queries.visible_projects)
SERVED = grouped(served_by)
PageKey = tuple[int, int, int]  # fund id, offset, limit


async def _match_pages(keys: Sequence[PageKey]) -> list[tuple[list[FundMatch], int]]:
    """The same page of several funds' matches, one batch per distinct window."""
    pages: dict[PageKey, tuple[list[FundMatch], int]] = {}
    for offset, limit in {(k[1], k[2]) for k in keys}:
        found = await fund_queries.matches_by_fund([k[0] for k in keys], offset=offset, limit=limit)
        pages.update({(fund_id, offset, limit): page for fund_id, page in found.items()})
    return [pages[k] for k in keys]


MATCHES_OF_FUND = batch(_match_pages)


@strawberry.type(name="FundMatch", description="What a fund put beside one pledge (the backer is never named here).")
class FundMatchNode:
    amount_cents: int
    status: MatchStatus
    created_at: datetime
    paid_at: datetime | None
    returned_at: datetime | None
    campaign_id: strawberry.ID = strawberry.field(description="The campaign's global id (type Campaign).")
    project_pk: strawberry.Private[int]

    @strawberry.field(description="Null when moderation hid the project.")
    async def project(self, info: Info) -> ProjectNode | None:
        found = await info.context.loaders[PROJECT].load(self.project_pk)
        return ProjectNode.from_model(found) if found else None

    @classmethod
    def from_model(cls, m: FundMatch) -> FundMatchNode:
        return cls(
            amount_cents=m.amount_cents,
            status=m.status,
            created_at=m.created_at,
            paid_at=m.paid_at,
            returned_at=m.returned_at,
            campaign_id=strawberry.ID(encode("Campaign", m.campaign_id)),
            project_pk=m.project_id,
        )


@strawberry.type(name="MatchingFund", description="An organization's money that matches citizens' pledges.")
class MatchingFundNode(relay.Node):
    id: relay.NodeID[int]
    name: str
    description: str = strawberry.field(description="Plain text.")
    status: FundStatus
    budget_cents: int
    committed_cents: int = strawberry.field(description="Held and paid matches (never above the budget).")
    left_cents: int = strawberry.field(description="What the fund may still commit.")
    factor_numerator: int = strawberry.field(description="The fund gives numerator/denominator per euro pledged.")
    factor_denominator: int
    cap_per_pledge_cents: int | None
    cap_per_project_cents: int | None
    cap_per_backer_cents: int | None
    opens_at: datetime
    closes_at: datetime
    created_at: datetime
    organization_pk: strawberry.Private[int]

    @strawberry.field
    async def organization(self, info: Info) -> OrganizationNode:
        found = await info.context.loaders[ORGANIZATION].load(self.organization_pk)
        assert found is not None  # RESTRICT foreign key
        return OrganizationNode.from_model(found)

    @strawberry.field(description="The challenges it serves; empty: all.")
    async def challenges(self, info: Info) -> list[ChallengeNode]:
        served = await info.context.loaders[SERVED].load(self.id)
        found = await info.context.loaders[CHALLENGE].load_many(served.challenge_ids)
        return [ChallengeNode.from_model(c) for c in found if c is not None]

    @strawberry.field(description="The territories it serves (a province includes its communes); empty: all.")
    async def territories(self, info: Info) -> list[TerritoryNode]:
        served = await info.context.loaders[SERVED].load(self.id)
        found = await info.context.loaders[TERRITORY].load_many(served.territory_ids)
        return [TerritoryNode.from_model(t) for t in found if t is not None]

    @strawberry.field(description="The themes it serves; empty: all.")
    async def themes(self, info: Info) -> list[ThemeNode]:
        served = await info.context.loaders[SERVED].load(self.id)
        found = await info.context.loaders[THEME].load_many(served.theme_ids)
        return [ThemeNode.from_model(t) for t in found if t is not None]

    @strawberry.field(description="Its matches, newest first (returned ones included).")
    async def matches(
        self, info: Info, first: int | None = None, after: str | None = None
    ) -> Connection[FundMatchNode]:
        pages = info.context.loaders[MATCHES_OF_FUND]
        return await connection(
            first, after, lambda offset, limit: pages.load((self.id, offset, limit)), FundMatchNode.from_model
        )

    @classmethod
    def from_model(cls, f: MatchingFund) -> MatchingFundNode:
        return cls(
            id=f.id,
            name=f.name,
            description=f.description,
            status=f.status,
            budget_cents=f.budget_cents,
            committed_cents=f.committed_cents,
            left_cents=f.left_cents,
            factor_numerator=f.factor_numerator,
            factor_denominator=f.factor_denominator,
            cap_per_pledge_cents=f.cap_per_pledge_cents,
            cap_per_project_cents=f.cap_per_project_cents,
            cap_per_backer_cents=f.cap_per_backer_cents,
            opens_at=f.opens_at,
            closes_at=f.closes_at,
            created_at=f.created_at,
            organization_pk=f.organization_id,
        )


@fetches(MatchingFundNode)
async def _fund(info: Info, pk: int) -> MatchingFundNode | None:
    found = await info.context.loaders[MATCHING_FUND].load(pk)
    return MatchingFundNode.from_model(found) if found else None


@strawberry.input(description="The fund's rules; on edit, absent fields keep their value (a cap of 0 removes it).")
class MatchingFundRulesInput:
    name: str | None = None
    description: str | None = None
    budget_cents: int | None = None
    factor_numerator: int | None = None
    factor_denominator: int | None = None
    cap_per_pledge_cents: int | None = None
    cap_per_project_cents: int | None = None
    cap_per_backer_cents: int | None = None
    challenge_ids: list[strawberry.ID] | None = None
    territory_ids: list[strawberry.ID] | None = None
    theme_ids: list[strawberry.ID] | None = None
    opens_at: datetime | None = strawberry.field(default=None, description="Defaults to now on creation.")
    closes_at: datetime | None = None


@strawberry.input
class CreateMatchingFundInput(MatchingFundRulesInput):
    organization_id: strawberry.ID


@strawberry.input
class EditMatchingFundInput(MatchingFundRulesInput):
    fund_id: strawberry.ID


@strawberry.input
class MatchingFundInput:
    fund_id: strawberry.ID


@strawberry.type
class MatchingFundPayload:
    matching_fund: MatchingFundNode | None
    errors: list[UserError]


def _payload(found: MatchingFund | None, errors: list[UserError]) -> MatchingFundPayload:
    return MatchingFundPayload(matching_fund=MatchingFundNode.from_model(found) if found else None, errors=errors)


def _ids(values: list[strawberry.ID] | None, type_name: str, field: str) -> list[int] | None:
    return None if values is None else decode_many(values, type_name, field)


def _draft(input: MatchingFundRulesInput) -> FundDraft:
    """The service's draft; ids decoded (malformed → INVALID_ID)."""
    return FundDraft(
        name=input.name,
        description=input.description,
        budget_cents=input.budget_cents,
        factor_numerator=input.factor_numerator,
        factor_denominator=input.factor_denominator,
        cap_per_pledge_cents=input.cap_per_pledge_cents,
        cap_per_project_cents=input.cap_per_project_cents,
        cap_per_backer_cents=input.cap_per_backer_cents,
        challenge_ids=_ids(input.challenge_ids, "Challenge", "challengeIds"),
        territory_ids=_ids(input.territory_ids, "Territory", "territoryIds"),
        theme_ids=_ids(input.theme_ids, "Theme", "themeIds"),
        opens_at=input.opens_at,
        closes_at=input.closes_at,
    )


@strawberry.type
class MatchingQuery:
    @strawberry.field(description="Matching funds, newest first; filter on status and organization.")
    async def matching_funds(
        self,
        first: int | None = None,
        after: str | None = None,
        status: FundStatus | None = None,
        organization_id: strawberry.ID | None = None,
    ) -> Connection[MatchingFundNode]:
        with as_top_level():
            org_pk = decode_optional(organization_id, "Organization", "organizationId")
        return await connection(
            first,
            after,
            lambda offset, limit: fund_queries.list_funds(
                status=status, organization_id=org_pk, offset=offset, limit=limit
            ),
            MatchingFundNode.from_model,
        )

    @strawberry.field(description="One matching fund; null if it does not exist.")
    async def matching_fund(self, info: Info, id: strawberry.ID) -> MatchingFundNode | None:
        with as_top_level():
            pk = decode(id, "MatchingFund", "id")
        return await _fund(info, pk)


@strawberry.type
class MatchingMutation:
    @strawberry.mutation(description="A verified organization's manager (or an admin) opens a matching fund.")
    async def create_matching_fund(self, info: Info, input: CreateMatchingFundInput) -> MatchingFundPayload:
        actor = info.context.actor

        async def run() -> MatchingFund:
            org_pk = decode(input.organization_id, "Organization", "organizationId")
            return await funds.create_matching_fund(actor, org_pk, _draft(input))

        return _payload(*await attempt(run))

    @strawberry.mutation(description="Its managers change a fund's rules (the budget never under what it committed).")
    async def edit_matching_fund(self, info: Info, input: EditMatchingFundInput) -> MatchingFundPayload:
        actor = info.context.actor

        async def run() -> MatchingFund:
            pk = decode(input.fund_id, "MatchingFund", "fundId")
            return await funds.edit_matching_fund(actor, pk, _draft(input))

        return _payload(*await attempt(run))

    @strawberry.mutation(description="A paused fund matches no new pledge; what it matched stays.")
    async def pause_matching_fund(self, info: Info, input: MatchingFundInput) -> MatchingFundPayload:
        actor = info.context.actor
        return _payload(
            *await attempt(lambda: funds.pause_matching_fund(actor, decode(input.fund_id, "MatchingFund", "fundId")))
        )

    @strawberry.mutation(description="A paused fund matches pledges again.")
    async def resume_matching_fund(self, info: Info, input: MatchingFundInput) -> MatchingFundPayload:
        actor = info.context.actor
        return _payload(
            *await attempt(lambda: funds.resume_matching_fund(actor, decode(input.fund_id, "MatchingFund", "fundId")))
        )

    @strawberry.mutation(description="Closed for good; held matches stay until their pledges are paid or released.")
    async def close_matching_fund(self, info: Info, input: MatchingFundInput) -> MatchingFundPayload:
        actor = info.context.actor
        return _payload(
            *await attempt(lambda: funds.close_matching_fund(actor, decode(input.fund_id, "MatchingFund", "fundId")))
        )


DOMAIN = Domain("matching", query=MatchingQuery, mutation=MatchingMutation)
