"""Challenges: the public list with filters, one challenge, and the post/edit/close mutations."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

import strawberry
from strawberry import relay

from colab.api.activity import ActivityNode, challenge_activity
from colab.api.context import Info
from colab.api.domain import Domain
from colab.api.errors import UserError, as_top_level, attempt
from colab.api.ids import content_fields, decode, decode_optional
from colab.api.loaders import batch, by_id, grouped
from colab.api.node import fetches
from colab.api.organizations import ORGANIZATION_COLUMNS, ORGANIZATION_NODE, VIEWER_ROLES, OrganizationNode
from colab.api.pagination import Connection, as_is, counted_connection
from colab.api.prefetch import NOT_PREFETCHED, Missing, held_or_loaded, holds, node_fields
from colab.api.territories import TerritoryNode, ThemeNode, hold_territories, hold_themes, territory_of, theme_nodes
from colab.challenges import service
from colab.challenges.models import Challenge, ChallengeStatus, Need
from colab.challenges.service import ChallengeDraft, ChallengeFilter, ChallengeOrder, ChallengeRecord
from colab.lean import Row

strawberry.enum(Need, name="Need", description="What a challenge or project lacks.")
strawberry.enum(ChallengeStatus, name="ChallengeStatus")
strawberry.enum(ChallengeOrder, name="ChallengeOrder")

CHALLENGE = by_id(Challenge)
THEMES_OF_CHALLENGE = grouped(service.theme_ids_by_challenge)
PageKey = tuple[int, int, int]  # organization id, offset, limit


async def _organization_pages(keys: Sequence[PageKey]) -> list[tuple[list[Challenge], int]]:
    """The same page of several organizations' public challenges, one query per distinct window."""
    pages: dict[PageKey, tuple[list[Challenge], int]] = {}
    for offset, limit in {(k[1], k[2]) for k in keys}:
        found = await service.public_challenges_by_organization([k[0] for k in keys], offset=offset, limit=limit)
        pages.update({(org_id, offset, limit): page for org_id, page in found.items()})
    return [pages[k] for k in keys]


CHALLENGES_OF_ORGANIZATION = batch(_organization_pages)


@strawberry.type(name="Challenge", description="A need or opportunity posted by an organization.")
class ChallengeNode(relay.Node):
    id: relay.NodeID[int]
    title: str
    summary: str
    body: str = strawberry.field(description="Sanitized HTML.")
    needs: list[Need]
    ideas_open_until: datetime
    status: ChallengeStatus
    created_at: datetime
    published_at: datetime | None
    closed_at: datetime | None
    accepting_ideas: bool = strawberry.field(
        description="True while the challenge is published and its idea window is open."
    )
    organization_pk: strawberry.Private[int]
    territory_pk: strawberry.Private[int]
    #: relations read with the page (colab/api/prefetch.py); a node built alone loads them
    held_organization: strawberry.Private[OrganizationNode | Missing] = NOT_PREFETCHED
    held_territory: strawberry.Private[TerritoryNode | Missing] = NOT_PREFETCHED
    held_themes: strawberry.Private[list[ThemeNode] | Missing] = NOT_PREFETCHED

    activity: Connection[ActivityNode] = strawberry.field(
        resolver=challenge_activity, description="Public activity, newest first."
    )

    @strawberry.field
    @holds("held_organization")
    def organization(self, info: Info) -> OrganizationNode:
        return held_or_loaded(self.held_organization, lambda: self._organization(info))

    async def _organization(self, info: Info) -> OrganizationNode:
        found = await info.context.loaders[ORGANIZATION_NODE].load(self.organization_pk)
        assert found is not None  # RESTRICT foreign key
        return found

    @strawberry.field
    @holds("held_territory")
    def territory(self, info: Info) -> TerritoryNode:
        return held_or_loaded(self.held_territory, lambda: territory_of(info, self.territory_pk))

    @strawberry.field
    @holds("held_themes")
    def themes(self, info: Info) -> list[ThemeNode]:
        return held_or_loaded(self.held_themes, lambda: self._themes(info))

    async def _themes(self, info: Info) -> list[ThemeNode]:
        return await theme_nodes(await info.context.loaders[THEMES_OF_CHALLENGE].load(self.id))

    @strawberry.field(description="Whether the viewer may edit and close this challenge.")
    async def viewer_can_manage(self, info: Info) -> bool:
        role = await info.context.loaders[VIEWER_ROLES].role_in(self.organization_pk)
        return service.may_manage(info.context.actor, role)

    @classmethod
    def from_model(cls, c: Challenge | ChallengeRecord) -> ChallengeNode:
        return cls(
            id=c.id,
            title=c.title,
            summary=c.summary,
            body=c.body,
            needs=c.needs,
            ideas_open_until=c.ideas_open_until,
            status=c.status,
            created_at=c.created_at,
            published_at=c.published_at,
            closed_at=c.closed_at,
            accepting_ideas=c.accepting_ideas,
            organization_pk=c.organization_id,
            territory_pk=c.territory_id,
        )


#: a challenge's organization, read in the same statement as the challenge
ORGANIZATION_JOIN = tuple(f"organization__{column}" for column in ORGANIZATION_COLUMNS)
#: a challenge read in the same statement as what links to it (an idea, a project)
CHALLENGE_JOIN = tuple(f"challenge__{column}" for column in service.RECORD_COLUMNS)


def joined_challenge(values: Row) -> ChallengeNode | None:
    """The challenge of a row that joined CHALLENGE_JOIN (None: the row links to none)."""
    return ChallengeNode.from_model(service.record_of(values)) if values[0] is not None else None


async def challenge_nodes(records: Sequence[ChallengeRecord], wanted: set[str]) -> list[ChallengeNode]:
    """The nodes of a page, holding the relations the request selects: the organization read with the page
    (ORGANIZATION_JOIN in the records' `joined`), territory and themes from the reference data."""
    nodes = [ChallengeNode.from_model(r) for r in records]
    if "organization" in wanted:  # read with the page (ORGANIZATION_JOIN)
        for node, record in zip(nodes, records, strict=True):
            node.held_organization = OrganizationNode.from_row(record.joined)
    if "territory" in wanted:
        await hold_territories(nodes)
    if "themes" in wanted:
        await hold_themes(nodes, {r.id: r.theme_ids or () for r in records})
    return nodes


async def challenge_detail(info: Info, pk: int) -> ChallengeNode | None:
    """One challenge as the viewer may see it, with its organization, territory and themes: one statement."""
    record = await service.challenge_record(info.context.actor, pk, also=ORGANIZATION_JOIN)
    if record is None:
        return None
    node = ChallengeNode.from_model(record)
    node.held_organization = OrganizationNode.from_row(record.joined)
    await hold_territories([node])
    await hold_themes([node], {node.id: record.theme_ids or ()})
    return node


@fetches(ChallengeNode)
async def _challenge(info: Info, pk: int) -> ChallengeNode | None:
    return await challenge_detail(info, pk)


@strawberry.input
class ChallengeFilterInput:
    territory_id: strawberry.ID | None = strawberry.field(
        default=None, description="A province includes its communes; the Region includes all."
    )
    theme_id: strawberry.ID | None = None
    need: Need | None = None
    search: str = strawberry.field(default="", description="Words in the title, summary or body.")
    organization_id: strawberry.ID | None = None
    status: ChallengeStatus = ChallengeStatus.PUBLISHED
    accepting_ideas: bool | None = None


def _filter(given: ChallengeFilterInput | None, order: ChallengeOrder) -> ChallengeFilter:
    f = given or ChallengeFilterInput()
    with as_top_level():
        return ChallengeFilter(
            territory_id=decode_optional(f.territory_id, "Territory", "territoryId"),
            theme_id=decode_optional(f.theme_id, "Theme", "themeId"),
            need=f.need if f.need else None,
            search=f.search[:200],
            organization_id=decode_optional(f.organization_id, "Organization", "organizationId"),
            status=f.status,
            accepting_ideas=f.accepting_ideas,
            order=order,
        )


@strawberry.type
class ChallengeQuery:
    @strawberry.field(description="Challenges matching the filter, newest first by default.")
    async def challenges(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        filter: ChallengeFilterInput | None = None,
        order_by: ChallengeOrder = ChallengeOrder.NEWEST,
    ) -> Connection[ChallengeNode]:
        actor, wanted = info.context.actor, _filter(filter, order_by)
        fields = node_fields(info)
        also = ORGANIZATION_JOIN if "organization" in fields else ()

        async def fetch(offset: int, limit: int, count: bool) -> tuple[list[ChallengeNode], int]:
            records, total = await service.challenge_records(
                actor,
                wanted,
                offset=offset,
                limit=limit,
                count=count,
                with_body="body" in fields,
                with_themes="themes" in fields,
                also=also,
            )
            return await challenge_nodes(records, fields), total

        return await counted_connection(info, first, after, fetch, as_is)

    @strawberry.field(description="One challenge; null if it does not exist or is not visible to you.")
    async def challenge(self, info: Info, id: strawberry.ID) -> ChallengeNode | None:
        with as_top_level():
            pk = decode(id, "Challenge", "id")
        return await challenge_detail(info, pk)


@strawberry.input
class PostChallengeInput:
    organization_id: strawberry.ID
    title: str
    summary: str
    body: str = strawberry.field(description="HTML or plain text; sanitized on write.")
    territory_id: strawberry.ID
    theme_ids: list[strawberry.ID]
    needs: list[Need]
    ideas_open_until: datetime


@strawberry.input
class UpdateChallengeInput:
    challenge_id: strawberry.ID
    title: str | None = None
    summary: str | None = None
    body: str | None = None
    territory_id: strawberry.ID | None = None
    theme_ids: list[strawberry.ID] | None = None
    needs: list[Need] | None = None
    ideas_open_until: datetime | None = None


@strawberry.input
class CloseChallengeInput:
    challenge_id: strawberry.ID


@strawberry.type
class ChallengePayload:
    challenge: ChallengeNode | None
    errors: list[UserError]


def _payload(found: Challenge | None, errors: list[UserError]) -> ChallengePayload:
    return ChallengePayload(challenge=ChallengeNode.from_model(found) if found else None, errors=errors)


def _draft(input: PostChallengeInput | UpdateChallengeInput) -> ChallengeDraft:
    """The service's draft from either input; ids decoded (malformed → INVALID_ID), absent fields left None."""
    return ChallengeDraft(**content_fields(input), ideas_open_until=input.ideas_open_until)


@strawberry.type
class ChallengeMutation:
    @strawberry.mutation(description="A member posts for their organization; held for review if it is unverified.")
    async def post_challenge(self, info: Info, input: PostChallengeInput) -> ChallengePayload:
        actor = info.context.actor

        async def run() -> Challenge:
            draft = _draft(input)
            return await service.post_challenge(
                actor, decode(input.organization_id, "Organization", "organizationId"), draft
            )

        return _payload(*await attempt(run))

    @strawberry.mutation(description="Managers edit an open challenge; only the fields given change.")
    async def update_challenge(self, info: Info, input: UpdateChallengeInput) -> ChallengePayload:
        actor = info.context.actor

        async def run() -> Challenge:
            draft = _draft(input)
            return await service.update_challenge(actor, decode(input.challenge_id, "Challenge", "challengeId"), draft)

        return _payload(*await attempt(run))

    @strawberry.mutation(description="Managers close a challenge: it stays visible, takes no more ideas.")
    async def close_challenge(self, info: Info, input: CloseChallengeInput) -> ChallengePayload:
        actor = info.context.actor

        async def run() -> Challenge:
            return await service.close_challenge(actor, decode(input.challenge_id, "Challenge", "challengeId"))

        return _payload(*await attempt(run))


DOMAIN = Domain("challenges", query=ChallengeQuery, mutation=ChallengeMutation)
