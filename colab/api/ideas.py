"""Ideas: the public list of admitted ideas (or the viewer's own), one idea, and the author's mutations."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Annotated

import strawberry
from strawberry import relay

from colab.actors import may_read_review_rounds
from colab.api.accounts import DISPLAY_NAME
from colab.api.challenges import CHALLENGE, CHALLENGE_JOIN, ChallengeNode, joined_challenge
from colab.api.context import Info
from colab.api.domain import Domain
from colab.api.errors import UserError, as_top_level, attempt
from colab.api.ids import content_fields, decode, decode_optional
from colab.api.loaders import by_id, grouped
from colab.api.node import fetches
from colab.api.pagination import Connection, as_is, counted_connection
from colab.api.prefetch import NOT_PREFETCHED, Missing, held_or_loaded, holds, node_fields
from colab.api.territories import TerritoryNode, ThemeNode, hold_territories, hold_themes, territory_of, theme_nodes
from colab.ideas import service
from colab.ideas.models import Idea, IdeaStatus
from colab.ideas.service import IdeaDraft, IdeaFilter, IdeaRecord
from colab.needs import Need
from moderation.models import Decision, ReasonCode, ReviewItem, ReviewStatus
from moderation.records import items_of_subjects

if TYPE_CHECKING:
    from colab.api.projects import ProjectNode

strawberry.enum(IdeaStatus, name="IdeaStatus")
strawberry.enum(Decision, name="Decision")
strawberry.enum(ReasonCode, name="ReasonCode")

IDEA = by_id(Idea)
THEMES_OF_IDEA = grouped(service.theme_ids_by_idea)


async def _review_rounds(idea_ids: list[int]) -> dict[int, list[ReviewItem]]:
    return await items_of_subjects("IDEA", idea_ids)


REVIEW_ROUNDS_OF_IDEA = grouped(_review_rounds)


@strawberry.type(description="One decided round of review of an idea, as told to its author.")
class IdeaReview:
    decision: Decision
    reason: ReasonCode | None
    message: str
    decided_at: datetime


@strawberry.type(name="Idea", description="A citizen's proposal; public once admitted.")
class IdeaNode(relay.Node):
    id: relay.NodeID[int]
    title: str
    summary: str
    body: str = strawberry.field(description="Sanitized HTML.")
    status: IdeaStatus
    needs: list[Need]
    created_at: datetime
    submitted_at: datetime | None
    decided_at: datetime | None
    author_pk: strawberry.Private[int]
    challenge_pk: strawberry.Private[int | None]
    territory_pk: strawberry.Private[int]
    #: relations read with the page (colab/api/prefetch.py); a node built alone loads them
    held_author_name: strawberry.Private[str | Missing] = NOT_PREFETCHED
    held_territory: strawberry.Private[TerritoryNode | Missing] = NOT_PREFETCHED
    held_themes: strawberry.Private[list[ThemeNode] | Missing] = NOT_PREFETCHED
    held_challenge: strawberry.Private[ChallengeNode | None | Missing] = NOT_PREFETCHED

    @strawberry.field(description="The author's display name (never their email).")
    @holds("held_author_name")
    def author_name(self, info: Info) -> str:
        return held_or_loaded(self.held_author_name, lambda: self._author_name(info))

    async def _author_name(self, info: Info) -> str:
        return await info.context.loaders[DISPLAY_NAME].load(self.author_pk) or ""

    @strawberry.field
    @holds("held_territory")
    def territory(self, info: Info) -> TerritoryNode:
        return held_or_loaded(self.held_territory, lambda: territory_of(info, self.territory_pk))

    @strawberry.field
    @holds("held_themes")
    def themes(self, info: Info) -> list[ThemeNode]:
        return held_or_loaded(self.held_themes, lambda: self._themes(info))

    async def _themes(self, info: Info) -> list[ThemeNode]:
        return await theme_nodes(await info.context.loaders[THEMES_OF_IDEA].load(self.id))

    @strawberry.field(description="The challenge this idea answers; null for a free-standing idea.")
    @holds("held_challenge")
    def challenge(self, info: Info) -> ChallengeNode | None:
        return held_or_loaded(self.held_challenge, lambda: self._challenge(info))

    async def _challenge(self, info: Info) -> ChallengeNode | None:
        if self.challenge_pk is None:
            return None
        found = await info.context.loaders[CHALLENGE].load(self.challenge_pk)
        return ChallengeNode.from_model(found) if found else None

    @strawberry.field(description="The project the idea became once admitted.")
    async def project(self, info: Info) -> Annotated[ProjectNode, strawberry.lazy("colab.api.projects")] | None:
        from colab.api.projects import PROJECT_OF_IDEA, ProjectNode

        found = await info.context.loaders[PROJECT_OF_IDEA].load(self.id)
        return ProjectNode.from_model(found) if found else None

    @strawberry.field
    def viewer_is_author(self, info: Info) -> bool:
        return info.context.actor.user_id == self.author_pk

    @strawberry.field(description="Decided review rounds, latest first: for the author and moderators only.")
    async def reviews(self, info: Info) -> list[IdeaReview]:
        if not may_read_review_rounds(info.context.actor, self.author_pk):
            return []
        rounds = await info.context.loaders[REVIEW_ROUNDS_OF_IDEA].load(self.id)
        return [
            IdeaReview(decision=r.decision, reason=r.reason, message=r.message, decided_at=r.decided_at)
            for r in rounds
            if r.status is ReviewStatus.DECIDED and r.decision is not None and r.decided_at is not None
        ]

    @classmethod
    def from_model(cls, i: Idea | IdeaRecord) -> IdeaNode:
        return cls(
            id=i.id,
            title=i.title,
            summary=i.summary,
            body=i.body,
            status=i.status,
            needs=i.needs,
            created_at=i.created_at,
            submitted_at=i.submitted_at,
            decided_at=i.decided_at,
            author_pk=i.author_id,
            challenge_pk=i.challenge_id,
            territory_pk=i.territory_id,
        )


def _joins(wanted: set[str]) -> tuple[str, ...]:
    """The related columns a page reads in its own statement: the author's name, the challenge."""
    return ("author__display_name",) * ("authorName" in wanted) + CHALLENGE_JOIN * ("challenge" in wanted)


async def idea_nodes(info: Info, records: Sequence[IdeaRecord], wanted: set[str]) -> list[IdeaNode]:
    """The nodes of a page, holding the relations the request selects: the author's name and the challenge read
    with the page (`_joins`), territory and themes from the reference data."""
    nodes = [IdeaNode.from_model(r) for r in records]
    for node, record in zip(nodes, records, strict=True):
        joined = record.joined
        if "authorName" in wanted:
            node.held_author_name, joined = joined[0] or "", joined[1:]
        if "challenge" in wanted:
            node.held_challenge = joined_challenge(joined)
    if "territory" in wanted:
        await hold_territories(nodes)
    if "themes" in wanted:
        await hold_themes(nodes, {r.id: r.theme_ids or () for r in records})
    return nodes


@fetches(IdeaNode)
async def _idea(info: Info, pk: int) -> IdeaNode | None:
    found = await service.find_idea(info.context.actor, pk)
    return IdeaNode.from_model(found) if found else None


@strawberry.input
class IdeaFilterInput:
    mine: bool = strawberry.field(default=False, description="The viewer's own ideas, in every state.")
    status: IdeaStatus | None = strawberry.field(default=None, description="With `mine` only.")
    challenge_id: strawberry.ID | None = None
    organization_id: strawberry.ID | None = None
    territory_id: strawberry.ID | None = strawberry.field(
        default=None, description="A province includes its communes; the Region includes all."
    )
    theme_id: strawberry.ID | None = None
    need: Need | None = None
    search: str = strawberry.field(default="", description="Words in the title, summary or body.")


def _filter(given: IdeaFilterInput | None) -> IdeaFilter:
    f = given or IdeaFilterInput()
    with as_top_level():
        return IdeaFilter(
            mine=f.mine,
            status=f.status,
            challenge_id=decode_optional(f.challenge_id, "Challenge", "challengeId"),
            organization_id=decode_optional(f.organization_id, "Organization", "organizationId"),
            territory_id=decode_optional(f.territory_id, "Territory", "territoryId"),
            theme_id=decode_optional(f.theme_id, "Theme", "themeId"),
            need=f.need,
            search=f.search[:200],
        )


@strawberry.type
class IdeaQuery:
    @strawberry.field(description="Admitted ideas, latest admitted first; or the viewer's own with `mine`.")
    async def ideas(
        self, info: Info, first: int | None = None, after: str | None = None, filter: IdeaFilterInput | None = None
    ) -> Connection[IdeaNode]:
        actor, wanted = info.context.actor, _filter(filter)
        fields = node_fields(info)

        async def fetch(offset: int, limit: int, count: bool) -> tuple[list[IdeaNode], int]:
            records, total = await service.idea_records(
                actor,
                wanted,
                offset=offset,
                limit=limit,
                count=count,
                with_body="body" in fields,
                with_themes="themes" in fields,
                also=_joins(fields),
            )
            return await idea_nodes(info, records, fields), total

        return await counted_connection(info, first, after, fetch, as_is)

    @strawberry.field(description="One idea; null if it does not exist or is not visible to you.")
    async def idea(self, info: Info, id: strawberry.ID) -> IdeaNode | None:
        with as_top_level():
            pk = decode(id, "Idea", "id")
        found = await service.find_idea(info.context.actor, pk)
        return IdeaNode.from_model(found) if found else None


@strawberry.input
class ProposeIdeaInput:
    challenge_id: strawberry.ID | None = strawberry.field(default=None, description="Null for a free-standing idea.")
    title: str
    summary: str
    body: str = strawberry.field(description="HTML or plain text; sanitized on write.")
    territory_id: strawberry.ID | None = strawberry.field(
        default=None, description="Defaults to the challenge's territory."
    )
    theme_ids: list[strawberry.ID]
    needs: list[Need]


@strawberry.input
class UpdateIdeaInput:
    idea_id: strawberry.ID
    title: str | None = None
    summary: str | None = None
    body: str | None = None
    territory_id: strawberry.ID | None = None
    theme_ids: list[strawberry.ID] | None = None
    needs: list[Need] | None = None


@strawberry.input
class SubmitIdeaInput:
    idea_id: strawberry.ID


@strawberry.input
class WithdrawIdeaInput:
    idea_id: strawberry.ID


@strawberry.type
class IdeaPayload:
    idea: IdeaNode | None
    errors: list[UserError]


def _payload(found: Idea | None, errors: list[UserError]) -> IdeaPayload:
    return IdeaPayload(idea=IdeaNode.from_model(found) if found else None, errors=errors)


def _draft(input: ProposeIdeaInput | UpdateIdeaInput) -> IdeaDraft:
    """The service's draft from either input; ids decoded (malformed → INVALID_ID), absent fields left None."""
    return IdeaDraft(
        **content_fields(input),
        challenge_id=(
            decode_optional(input.challenge_id, "Challenge", "challengeId")
            if isinstance(input, ProposeIdeaInput)
            else None
        ),
    )


@strawberry.type
class IdeaMutation:
    @strawberry.mutation(description="A signed-in citizen saves a draft, free-standing or answering a challenge.")
    async def propose_idea(self, info: Info, input: ProposeIdeaInput) -> IdeaPayload:
        actor = info.context.actor
        return _payload(*await attempt(lambda: service.propose_idea(actor, _draft(input))))

    @strawberry.mutation(description="The author edits a draft or an idea sent back for changes.")
    async def update_idea(self, info: Info, input: UpdateIdeaInput) -> IdeaPayload:
        actor = info.context.actor

        async def run() -> Idea:
            draft = _draft(input)
            return await service.update_idea(actor, decode(input.idea_id, "Idea", "ideaId"), draft)

        return _payload(*await attempt(run))

    @strawberry.mutation(description="The author sends the idea to the moderators.")
    async def submit_idea(self, info: Info, input: SubmitIdeaInput) -> IdeaPayload:
        actor = info.context.actor
        return _payload(*await attempt(lambda: service.submit_idea(actor, decode(input.idea_id, "Idea", "ideaId"))))

    @strawberry.mutation(description="The author takes back an idea not yet decided.")
    async def withdraw_idea(self, info: Info, input: WithdrawIdeaInput) -> IdeaPayload:
        actor = info.context.actor
        return _payload(*await attempt(lambda: service.withdraw_idea(actor, decode(input.idea_id, "Idea", "ideaId"))))


DOMAIN = Domain("ideas", query=IdeaQuery, mutation=IdeaMutation)
