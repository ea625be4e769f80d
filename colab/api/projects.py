"""Projects: what admitted ideas become; public, with their needs board."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Annotated

import strawberry
from strawberry import relay
from strawberry.dataloader import DataLoader

from colab.actors import Actor
from colab.api.accounts import DISPLAY_NAME
from colab.api.activity import ActivityNode, project_activity
from colab.api.advice import AdviceNode, project_advice
from colab.api.challenges import CHALLENGE, CHALLENGE_JOIN, ORGANIZATION_JOIN, ChallengeNode, joined_challenge
from colab.api.context import Info
from colab.api.domain import Domain
from colab.api.errors import as_top_level
from colab.api.ideas import IDEA, IdeaNode
from colab.api.ids import decode, decode_optional
from colab.api.loaders import PerRequest, by_id, grouped, optional
from colab.api.node import fetches
from colab.api.organizations import ORGANIZATION_NODE, OrganizationNode
from colab.api.pagination import Connection, as_is, counted_connection
from colab.api.prefetch import NOT_PREFETCHED, Missing, held_or_loaded, holds, node_fields
from colab.api.project_updates import ProjectUpdateNode, latest_update, project_updates
from colab.api.territories import TerritoryNode, hold_territories, territory_of
from colab.needs import Need
from colab.projects import board, follows, service
from colab.projects.models import Project
from colab.projects.service import ProjectFilter, ProjectRecord
from colab.storage import public_path

PROJECT = by_id(Project)
if TYPE_CHECKING:
    from colab.api.acting.types import VolunteerCallNode

if TYPE_CHECKING:
    from colab.api.team_types import TeamMemberNode, TeamRoleNode

if TYPE_CHECKING:
    from colab.api.funding_types import CampaignNode

PROJECT_OF_IDEA = optional(service.projects_by_idea)


@strawberry.type(description="A named figure of a needs-board card (placesLeft, paidCents, openQuestions, ...).")
class CardFigure:
    name: str
    value: int


@strawberry.type(description="One line of the needs board: what the project asked for and where help will go.")
class NeedSlot:
    need: Need
    label: str = strawberry.field(description="The need, in French.")
    asked: bool
    place: str = strawberry.field(description="Where contributions of this kind will appear, in French.")
    open: bool = strawberry.field(description="This kind of help is open now (a live campaign, an open role, ...).")
    summary: str | None = strawberry.field(description="Where this kind of help stands, in French (null: not yet).")
    figures: list[CardFigure] = strawberry.field(description="The card's figures, by name.")

    @classmethod
    def from_slot(cls, s: board.NeedSlot) -> NeedSlot:
        card = s.card
        return cls(
            need=s.need,
            label=s.label,
            asked=s.asked,
            place=s.place,
            open=card.open if card else False,
            summary=card.summary if card else None,
            figures=[CardFigure(name=k, value=v) for k, v in card.figures.items()] if card else [],
        )


def _boards(actor: Actor, cache: bool) -> DataLoader[tuple[int, tuple[Need, ...]], list[NeedSlot]]:
    async def load(keys: Sequence[tuple[int, tuple[Need, ...]]]) -> list[list[NeedSlot]]:
        boards = await board.needs_boards(keys, actor)
        return [[NeedSlot.from_slot(s) for s in boards[pid]] for pid, _ in keys]

    return DataLoader(load_fn=load, cache=cache)


NEEDS_BOARDS = PerRequest(_boards, "needs_boards")
FOLLOWER_COUNTS = grouped(follows.follower_counts)


def _viewer_follows(actor: Actor, cache: bool) -> DataLoader[int, bool]:
    async def load(keys: Sequence[int]) -> list[bool]:
        followed = await follows.followed_among(actor.user_id, keys)
        return [k in followed for k in keys]

    return DataLoader(load_fn=load, cache=cache)


VIEWER_FOLLOWS = PerRequest(_viewer_follows, "viewer_follows")


@strawberry.type(description="A project's cover image.")
class ProjectCover:
    url: str = strawberry.field(description="Absolute address of the image (WebP, without metadata).")
    alt: str = strawberry.field(description="What the image shows, for those who do not see it.")


@strawberry.type(name="Project", description="An admitted idea, gathering funds, advice, hands and a team.")
class ProjectNode(relay.Node):
    id: relay.NodeID[int]
    title: str
    summary: str
    story: str = strawberry.field(description="Sanitized HTML.")
    needs: list[Need]
    created_at: datetime
    updated_at: datetime | None = strawberry.field(description="The last edit of the page by its leads, if any.")
    cover_key: strawberry.Private[str | None]
    cover_alt: strawberry.Private[str]
    idea_pk: strawberry.Private[int]
    challenge_pk: strawberry.Private[int | None]
    organization_pk: strawberry.Private[int | None]
    holder_pk: strawberry.Private[int]
    territory_pk: strawberry.Private[int]
    #: relations read with the page (colab/api/prefetch.py); a node built alone loads them
    held_holder_name: strawberry.Private[str | Missing] = NOT_PREFETCHED
    held_territory: strawberry.Private[TerritoryNode | Missing] = NOT_PREFETCHED
    held_organization: strawberry.Private[OrganizationNode | None | Missing] = NOT_PREFETCHED
    held_challenge: strawberry.Private[ChallengeNode | None | Missing] = NOT_PREFETCHED
    held_follower_count: strawberry.Private[int | Missing] = NOT_PREFETCHED

    activity: Connection[ActivityNode] = strawberry.field(
        resolver=project_activity, description="Public activity, newest first."
    )
    updates: Connection[ProjectUpdateNode] = strawberry.field(
        resolver=project_updates, description="News posted by the project's leads, newest first."
    )
    latest_update: ProjectUpdateNode | None = strawberry.field(
        resolver=latest_update, description="The latest news, if any."
    )
    advice: Connection[AdviceNode] = strawberry.field(
        resolver=project_advice, description="Advice (not replies): open questions first, then helpful, then newest."
    )

    @strawberry.field(description="The four kinds of help, those asked for (or open) first, with live cards.")
    async def needs_board(self, info: Info) -> list[NeedSlot]:
        return await info.context.loaders[NEEDS_BOARDS].load((self.id, tuple(self.needs)))

    @strawberry.field(description="The cover image, if the leads set one.")
    def cover(self, info: Info) -> ProjectCover | None:
        if self.cover_key is None:
            return None
        url = info.context.settings.base_url.rstrip("/") + public_path(self.cover_key)
        return ProjectCover(url=url, alt=self.cover_alt)

    @strawberry.field(description="How many people follow the project.")
    @holds("held_follower_count")
    def follower_count(self, info: Info) -> int:
        return held_or_loaded(self.held_follower_count, lambda: info.context.loaders[FOLLOWER_COUNTS].load(self.id))

    @strawberry.field(description="The viewer follows the project (false when signed out).")
    async def viewer_follows(self, info: Info) -> bool:
        return await info.context.loaders[VIEWER_FOLLOWS].load(self.id)

    @strawberry.field(description="The project's upcoming volunteer calls, soonest first.")
    async def volunteer_calls(
        self, info: Info, first: int | None = None, after: str | None = None
    ) -> Connection[Annotated[VolunteerCallNode, strawberry.lazy("colab.api.acting.types")]]:
        from colab.api.acting.types import project_volunteer_calls

        return await project_volunteer_calls(info, self.id, first, after)

    @strawberry.field(description="The team's roles, open ones first (closed ones too with includeClosed).")
    async def team_roles(
        self, info: Info, include_closed: bool = False
    ) -> list[Annotated[TeamRoleNode, strawberry.lazy("colab.api.team_types")]]:
        from colab.api.team_types import team_roles_of

        return await team_roles_of(info, self.id, include_closed)

    @strawberry.field(description="The team: the holder first, then co-leads, members and finance.")
    async def team(self, info: Info) -> list[Annotated[TeamMemberNode, strawberry.lazy("colab.api.team_types")]]:
        from colab.api.team_types import team_of_project

        return await team_of_project(info, self.id)

    @strawberry.field(description="The crowdfunding campaign: the one under way (or succeeded), else the latest.")
    async def campaign(self, info: Info) -> Annotated[CampaignNode, strawberry.lazy("colab.api.funding_types")] | None:
        from colab.api.funding import campaign_of_project

        return await campaign_of_project(info, self.id)

    @strawberry.field(description="The display name of the project holder (the idea's author).")
    @holds("held_holder_name")
    def holder_name(self, info: Info) -> str:
        return held_or_loaded(self.held_holder_name, lambda: self._holder_name(info))

    async def _holder_name(self, info: Info) -> str:
        return await info.context.loaders[DISPLAY_NAME].load(self.holder_pk) or ""

    @strawberry.field
    @holds("held_territory")
    def territory(self, info: Info) -> TerritoryNode:
        return held_or_loaded(self.held_territory, lambda: territory_of(info, self.territory_pk))

    @strawberry.field(description="The admitted idea the project comes from.")
    async def idea(self, info: Info) -> IdeaNode:
        found = await info.context.loaders[IDEA].load(self.idea_pk)
        assert found is not None  # RESTRICT foreign key
        return IdeaNode.from_model(found)

    @strawberry.field(description="The challenge the idea answered, if any.")
    @holds("held_challenge")
    def challenge(self, info: Info) -> ChallengeNode | None:
        return held_or_loaded(self.held_challenge, lambda: self._challenge(info))

    async def _challenge(self, info: Info) -> ChallengeNode | None:
        if self.challenge_pk is None:
            return None
        found = await info.context.loaders[CHALLENGE].load(self.challenge_pk)
        return ChallengeNode.from_model(found) if found else None

    @strawberry.field(description="The organization behind that challenge, if any.")
    @holds("held_organization")
    def organization(self, info: Info) -> OrganizationNode | None:
        return held_or_loaded(self.held_organization, lambda: self._organization(info))

    async def _organization(self, info: Info) -> OrganizationNode | None:
        if self.organization_pk is None:
            return None
        return await info.context.loaders[ORGANIZATION_NODE].load(self.organization_pk)

    @classmethod
    def from_model(cls, p: Project | ProjectRecord) -> ProjectNode:
        return cls(
            id=p.id,
            title=p.title,
            summary=p.summary,
            story=p.story,
            needs=p.needs,
            created_at=p.created_at,
            updated_at=p.updated_at,
            cover_key=p.cover_path,
            cover_alt=p.cover_alt,
            idea_pk=p.idea_id,
            challenge_pk=p.challenge_id,
            organization_pk=p.organization_id,
            holder_pk=p.holder_id,
            territory_pk=p.territory_id,
        )


def _joins(wanted: set[str]) -> tuple[str, ...]:
    """The related columns a page reads in its own statement: the holder's name, the organization, the
    challenge."""
    return (
        ("holder__display_name",) * ("holderName" in wanted)
        + ORGANIZATION_JOIN * ("organization" in wanted)
        + CHALLENGE_JOIN * ("challenge" in wanted)
    )


async def project_nodes(info: Info, records: Sequence[ProjectRecord], wanted: set[str]) -> list[ProjectNode]:
    """The nodes of a page, holding the relations the request selects: the holder's name, the organization and
    the challenge read with the page (`_joins`), the territory from the reference data, the follower counts in
    one query."""
    nodes = [ProjectNode.from_model(r) for r in records]
    for node, record in zip(nodes, records, strict=True):
        joined = record.joined
        if "holderName" in wanted:
            node.held_holder_name, joined = joined[0] or "", joined[1:]
        if "organization" in wanted:
            organization, joined = joined[: len(ORGANIZATION_JOIN)], joined[len(ORGANIZATION_JOIN) :]
            node.held_organization = OrganizationNode.from_row(organization) if organization[0] is not None else None
        if "challenge" in wanted:
            node.held_challenge = joined_challenge(joined)
    if "territory" in wanted:
        await hold_territories(nodes)
    if "followerCount" in wanted:
        counts = await follows.follower_counts([n.id for n in nodes])
        for node in nodes:
            node.held_follower_count = counts[node.id]
    return nodes


@fetches(ProjectNode)
async def _project(info: Info, pk: int) -> ProjectNode | None:
    found = await service.find_project(pk)
    return ProjectNode.from_model(found) if found else None


@strawberry.input
class ProjectFilterInput:
    territory_id: strawberry.ID | None = strawberry.field(
        default=None, description="A province includes its communes; the Region includes all."
    )
    challenge_id: strawberry.ID | None = None
    organization_id: strawberry.ID | None = None
    need: Need | None = None


def _filter(given: ProjectFilterInput | None) -> ProjectFilter:
    f = given or ProjectFilterInput()
    with as_top_level():
        return ProjectFilter(
            territory_id=decode_optional(f.territory_id, "Territory", "territoryId"),
            challenge_id=decode_optional(f.challenge_id, "Challenge", "challengeId"),
            organization_id=decode_optional(f.organization_id, "Organization", "organizationId"),
            need=f.need,
        )


@strawberry.type
class ProjectQuery:
    @strawberry.field(description="Projects, newest first.")
    async def projects(
        self, info: Info, first: int | None = None, after: str | None = None, filter: ProjectFilterInput | None = None
    ) -> Connection[ProjectNode]:
        actor, wanted = info.context.actor, _filter(filter)
        fields = node_fields(info)

        async def fetch(offset: int, limit: int, count: bool) -> tuple[list[ProjectNode], int]:
            records, total = await service.project_records(
                actor,
                wanted,
                offset=offset,
                limit=limit,
                count=count,
                with_story="story" in fields,
                also=_joins(fields),
            )
            return await project_nodes(info, records, fields), total

        return await counted_connection(info, first, after, fetch, as_is)

    @strawberry.field(description="One project; null if it does not exist.")
    async def project(self, id: strawberry.ID) -> ProjectNode | None:
        with as_top_level():
            pk = decode(id, "Project", "id")
        found = await service.find_project(pk)
        return ProjectNode.from_model(found) if found else None


DOMAIN = Domain("projects", query=ProjectQuery)
