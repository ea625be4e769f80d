"""Crowdacting's GraphQL types: VolunteerCall and TimePledge, with their per-request loaders."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Annotated

import strawberry
from strawberry import relay
from strawberry.dataloader import DataLoader

from colab.acting import queries, service
from colab.acting.models import CallStatus, CancelReason, PledgeStatus, TimePledge, VolunteerCall
from colab.actors import Actor, ProjectAction
from colab.api.accounts import DISPLAY_NAME
from colab.api.context import Info
from colab.api.loaders import PerRequest, by_id, grouped
from colab.api.node import fetches
from colab.api.pagination import Connection, page_of, window
from colab.api.territories import TerritoryNode, territory_of
from colab.errors import ColabError
from colab.projects.models import Project

if TYPE_CHECKING:
    from colab.api.projects import ProjectNode

strawberry.enum(CallStatus, name="VolunteerCallStatus")
strawberry.enum(PledgeStatus, name="TimePledgeStatus")
strawberry.enum(CancelReason, name="TimePledgeCancelReason")

CALL = by_id(VolunteerCall)
PROJECT = by_id(Project)
CALLS_OF_PROJECT = grouped(queries.upcoming_calls_by_project)
PLEDGES_OF_CALL = grouped(queries.pledges_by_call)


def _per_actor(actor: Actor, cache: bool) -> DataLoader[int, TimePledge | None]:
    async def load(call_ids: Sequence[int]) -> list[TimePledge | None]:
        if actor.user_id is None:
            return [None] * len(call_ids)
        found = await queries.active_pledges_of(actor.user_id, call_ids)
        return [found.get(c) for c in call_ids]

    return DataLoader(load_fn=load, cache=cache)


VIEWER_PLEDGE = PerRequest(_per_actor, "viewer_pledge")


def _ranks(_actor: Actor, cache: bool) -> DataLoader[int, int | None]:
    async def load(pledge_ids: Sequence[int]) -> list[int | None]:
        found = await queries.waitlist_ranks(pledge_ids)
        return [found.get(p) for p in pledge_ids]

    return DataLoader(load_fn=load, cache=cache)


WAITLIST_RANK = PerRequest(_ranks, "waitlist_rank")


def _team(actor: Actor, cache: bool) -> DataLoader[int, bool]:
    async def load(project_ids: Sequence[int]) -> list[bool]:
        allowed = await queries.team_projects(actor, project_ids, ProjectAction.MARK_ATTENDANCE)
        return [p in allowed for p in project_ids]

    return DataLoader(load_fn=load, cache=cache)


ON_TEAM = PerRequest(_team, "acting_on_team")


@strawberry.type(name="TimePledge", description="A volunteer's pledge of time to one call; never deleted.")
class TimePledgeNode(relay.Node):
    id: relay.NodeID[int]
    status: PledgeStatus
    offer_expires_at: datetime | None = strawberry.field(description="OFFERED: accept before this time.")
    reconfirm: bool = strawberry.field(description="OFFERED because the call moved: the place is yours to confirm.")
    cancel_reason: CancelReason | None
    late: bool = strawberry.field(description="Cancelled close to the start.")
    hours_credited: float = strawberry.field(description="Hours counted once the team marked ATTENDED.")
    created_at: datetime
    call_pk: strawberry.Private[int]
    volunteer_pk: strawberry.Private[int]

    @strawberry.field(description="WAITLISTED: the place in line now (1: next to be offered a place).")
    async def waitlist_position(self, info: Info) -> int | None:
        if self.status is not PledgeStatus.WAITLISTED:
            return None
        return await info.context.loaders[WAITLIST_RANK].load(self.id)

    @strawberry.field
    async def call(self, info: Info) -> VolunteerCallNode:
        found = await info.context.loaders[CALL].load(self.call_pk)
        assert found is not None  # RESTRICT foreign key
        return VolunteerCallNode.from_model(found)

    @strawberry.field(description="The volunteer's display name (the volunteer and the call's team see pledges).")
    async def volunteer_name(self, info: Info) -> str:
        return await info.context.loaders[DISPLAY_NAME].load(self.volunteer_pk) or ""

    @classmethod
    def from_model(cls, p: TimePledge) -> TimePledgeNode:
        return cls(
            id=p.id,
            status=p.status,
            offer_expires_at=p.offer_expires_at,
            reconfirm=p.reconfirm,
            cancel_reason=p.cancel_reason,
            late=p.late,
            hours_credited=round(p.minutes_credited / 60, 2),
            created_at=p.created_at,
            call_pk=p.call_id,
            volunteer_pk=p.volunteer_id,
        )


@strawberry.type(name="VolunteerCall", description="An action on the ground a project's team asks volunteers for.")
class VolunteerCallNode(relay.Node):
    id: relay.NodeID[int]
    title: str
    description: str = strawberry.field(description="Sanitized HTML.")
    meeting_point: str
    starts_at: datetime
    ends_at: datetime
    capacity: int
    confirmed_count: int = strawberry.field(description="Places held (confirmed, or offered and not yet answered).")
    places_left: int
    threshold: int | None = strawberry.field(description="The action goes ahead only with this many confirmed.")
    threshold_deadline: datetime | None
    status: CallStatus
    skills: list[str]
    what_to_bring: str
    version: int = strawberry.field(description="Goes up each time the call is moved.")
    series_id: strawberry.Private[int | None]
    commune_pk: strawberry.Private[int]
    project_pk: strawberry.Private[int]

    @strawberry.field
    async def commune(self, info: Info) -> TerritoryNode:
        return await territory_of(info, self.commune_pk)

    @strawberry.field
    async def project(self, info: Info) -> Annotated[ProjectNode, strawberry.lazy("colab.api.projects")]:
        from colab.api.projects import ProjectNode

        found = await info.context.loaders[PROJECT].load(self.project_pk)
        assert found is not None
        return ProjectNode.from_model(found)

    @strawberry.field(description="The viewer's pledge to this call (in play, else their latest); null if none.")
    async def viewer_pledge(self, info: Info) -> TimePledgeNode | None:
        found = await info.context.loaders[VIEWER_PLEDGE].load(self.id)
        return TimePledgeNode.from_model(found) if found else None

    @strawberry.field(description="Every pledge, for the project's team (null for anyone else).")
    async def roster(self, info: Info) -> list[TimePledgeNode] | None:
        if not await info.context.loaders[ON_TEAM].load(self.project_pk):
            return None
        return [TimePledgeNode.from_model(p) for p in await info.context.loaders[PLEDGES_OF_CALL].load(self.id)]

    @classmethod
    def from_model(cls, c: VolunteerCall) -> VolunteerCallNode:
        return cls(
            id=c.id,
            title=c.title,
            description=c.description,
            meeting_point=c.meeting_point,
            starts_at=c.starts_at,
            ends_at=c.ends_at,
            capacity=c.capacity,
            confirmed_count=c.confirmed_count,
            places_left=c.places_left,
            threshold=c.threshold,
            threshold_deadline=c.threshold_deadline,
            status=c.status,
            skills=list(c.skills),
            what_to_bring=c.what_to_bring,
            version=c.version,
            series_id=c.series_id,
            commune_pk=c.commune_id,
            project_pk=c.project_id,
        )


async def project_volunteer_calls(
    info: Info, project_id: int, first: int | None, after: str | None
) -> Connection[VolunteerCallNode]:
    """A project's upcoming calls: one query for every project of the page (calls per project are few)."""
    offset, limit = window(first, after)
    calls = await info.context.loaders[CALLS_OF_PROJECT].load(project_id)
    return page_of(calls[offset : offset + limit], len(calls), offset, VolunteerCallNode.from_model)


@fetches(VolunteerCallNode)
async def fetch_call(info: Info, pk: int) -> VolunteerCallNode | None:
    try:
        return VolunteerCallNode.from_model(await service.get_call(pk))
    except ColabError:  # hidden project or missing call: nothing to show
        return None


@fetches(TimePledgeNode)
async def _pledge(info: Info, pk: int) -> TimePledgeNode | None:
    """A pledge is seen by its volunteer and by the call's team."""
    found = await TimePledge.get_or_none(id=pk).prefetch_related("call")
    actor = info.context.actor
    if found is None or actor.user_id is None:
        return None
    if found.volunteer_id != actor.user_id and not await info.context.loaders[ON_TEAM].load(found.call.project_id):
        return None
    return TimePledgeNode.from_model(found)
