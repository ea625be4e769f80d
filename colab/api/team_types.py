"""The team's GraphQL types: TeamRole, Application, TeamMember, with their per-request loaders."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Annotated

import strawberry
from strawberry import relay
from strawberry.dataloader import DataLoader

from colab.actors import Actor, ProjectAction, ProjectRole, may_act_on_project
from colab.api.accounts import DISPLAY_NAME
from colab.api.context import Info
from colab.api.ids import encode
from colab.api.loaders import PerRequest, by_id, grouped
from colab.api.node import fetches
from colab.projects.models import Project, ProjectMember
from colab.projects.service import find_project
from colab.teams.applications import applications_by_role, confirm_within
from colab.teams.members import TeamMember, teams_of
from colab.teams.models import Application, ApplicationStatus, TeamRole, TeamRoleStatus
from colab.teams.service import roles_of_projects

if TYPE_CHECKING:
    from colab.api.projects import ProjectNode

strawberry.enum(ProjectRole, name="ProjectRole", description="A person's role in a project's team.")
strawberry.enum(TeamRoleStatus, name="TeamRoleStatus")
strawberry.enum(ApplicationStatus, name="ApplicationStatus")

TEAM_ROLE = by_id(TeamRole)
APPLICATIONS_OF_ROLE = grouped(applications_by_role)
TEAM_OF_PROJECT = grouped(teams_of)


async def _current_roles(project_ids: list[int]) -> dict[int, list[TeamRole]]:
    return await roles_of_projects(project_ids)


async def _all_roles(project_ids: list[int]) -> dict[int, list[TeamRole]]:
    return await roles_of_projects(project_ids, with_closed=True)


ROLES_OF_PROJECT = grouped(_current_roles)
ALL_ROLES_OF_PROJECT = grouped(_all_roles)


def _manages(actor: Actor, cache: bool) -> DataLoader[int, bool]:
    """Whether the actor manages each project's team: one query per request (none if the actor carries roles)."""

    async def load(project_ids: Sequence[int]) -> list[bool]:
        if actor.user_id is None:
            return [False for _ in project_ids]
        if actor.project_roles is not None:
            here = dict(actor.project_roles)
        else:
            rows = await ProjectMember.filter(project_id__in=list(project_ids), user_id=actor.user_id).values_list(
                "project_id", "role"
            )
            here = {pid: ProjectRole(role) for pid, role in rows}
        return [may_act_on_project(actor, here.get(pid), ProjectAction.MANAGE_TEAM) for pid in project_ids]

    return DataLoader(load_fn=load, cache=cache)


MANAGES_TEAM = PerRequest(_manages, "manages_team")


def _viewer_applications(actor: Actor, cache: bool) -> DataLoader[int, Application | None]:
    """The viewer's live application on each role (one query for all the roles of a response)."""

    async def load(role_ids: Sequence[int]) -> list[Application | None]:
        if actor.user_id is None:
            return [None for _ in role_ids]
        rows = await Application.filter(applicant_id=actor.user_id, live_role_id__in=list(role_ids))
        found = {a.role_id: a for a in rows}
        return [found.get(rid) for rid in role_ids]

    return DataLoader(load_fn=load, cache=cache)


VIEWER_APPLICATION = PerRequest(_viewer_applications, "viewer_application")
PROJECT = by_id(Project)


@strawberry.type(description="A person on a project's team, with their project role.")
class TeamMemberNode:
    user_id: strawberry.ID = strawberry.field(description="The person's global id (type User).")
    name: str
    role: ProjectRole
    label: str = strawberry.field(description="The project role, in French.")
    since: datetime

    @classmethod
    def from_member(cls, m: TeamMember) -> TeamMemberNode:
        return cls(
            user_id=strawberry.ID(encode("User", m.user_id)),
            name=m.name,
            role=m.role,
            label=m.label,
            since=m.since,
        )


@strawberry.type(name="TeamRole", description="A place in a project's team, for some people, with skills and hours.")
class TeamRoleNode(relay.Node):
    id: relay.NodeID[int]
    title: str
    description: str = strawberry.field(description="Sanitized HTML.")
    skills: list[str]
    hours_per_week: int
    seats: int
    confirmed_count: int
    seats_left: int
    project_role: ProjectRole = strawberry.field(description="What a confirmed member becomes in the project's team.")
    status: TeamRoleStatus
    created_at: datetime
    project_pk: strawberry.Private[int]

    @strawberry.field
    async def project(self, info: Info) -> Annotated[ProjectNode, strawberry.lazy("colab.api.projects")]:
        from colab.api.projects import ProjectNode

        found = await info.context.loaders[PROJECT].load(self.project_pk)
        assert found is not None  # CASCADE foreign key
        return ProjectNode.from_model(found)

    @strawberry.field(description="The role's applications and invitations: for the project's leads (null for others).")
    async def applications(self, info: Info) -> list[ApplicationNode] | None:
        if not await info.context.loaders[MANAGES_TEAM].load(self.project_pk):
            return None
        return [ApplicationNode.from_model(a) for a in await info.context.loaders[APPLICATIONS_OF_ROLE].load(self.id)]

    @strawberry.field(description="The viewer's application or invitation still in play on this role, if any.")
    async def viewer_application(self, info: Info) -> ApplicationNode | None:
        found = await info.context.loaders[VIEWER_APPLICATION].load(self.id)
        return ApplicationNode.from_model(found) if found else None

    @classmethod
    def from_model(cls, r: TeamRole) -> TeamRoleNode:
        return cls(
            id=r.id,
            title=r.title,
            description=r.description,
            skills=list(r.skills),
            hours_per_week=r.hours_per_week,
            seats=r.seats,
            confirmed_count=r.confirmed_count,
            seats_left=r.seats_left,
            project_role=r.project_role,
            status=r.status,
            created_at=r.created_at,
            project_pk=r.project_id,
        )


@strawberry.type(name="Application", description="An application (or invitation) to a team role.")
class ApplicationNode(relay.Node):
    id: relay.NodeID[int]
    status: ApplicationStatus
    message: str = strawberry.field(description="Sanitized HTML.")
    decline_reason: str = strawberry.field(description="Why the team declined it (plain text; empty otherwise).")
    invited: bool = strawberry.field(description="A lead invited the person (rather than the person applying).")
    created_at: datetime
    accepted_at: datetime | None
    confirm_before: datetime | None = strawberry.field(description="An ACCEPTED application expires after this.")
    role_pk: strawberry.Private[int]
    applicant_pk: strawberry.Private[int]

    @strawberry.field
    async def role(self, info: Info) -> TeamRoleNode:
        found = await info.context.loaders[TEAM_ROLE].load(self.role_pk)
        assert found is not None  # CASCADE foreign key
        return TeamRoleNode.from_model(found)

    @strawberry.field(description="The applicant's display name.")
    async def applicant_name(self, info: Info) -> str:
        return await info.context.loaders[DISPLAY_NAME].load(self.applicant_pk) or ""

    @classmethod
    def from_model(cls, a: Application) -> ApplicationNode:
        return cls(
            id=a.id,
            status=a.status,
            message=a.message,
            decline_reason=a.decline_reason,
            invited=a.invited_by_id is not None,
            created_at=a.created_at,
            accepted_at=a.accepted_at,
            confirm_before=(
                a.accepted_at + confirm_within() if a.accepted_at and a.status is ApplicationStatus.ACCEPTED else None
            ),
            role_pk=a.role_id,
            applicant_pk=a.applicant_id,
        )


@fetches(TeamRoleNode)
async def _team_role(info: Info, pk: int) -> TeamRoleNode | None:
    found = await TeamRole.get_or_none(id=pk)
    if found is None or await find_project(found.project_id) is None:
        return None
    return TeamRoleNode.from_model(found)


@fetches(ApplicationNode)
async def _application(info: Info, pk: int) -> ApplicationNode | None:
    """The applicant's own, or any of a project whose team the viewer leads."""
    found = await Application.get_or_none(id=pk)
    if found is None:
        return None
    mine = found.applicant_id == info.context.actor.user_id
    if not mine and not await info.context.loaders[MANAGES_TEAM].load(found.project_id):
        return None
    return ApplicationNode.from_model(found)


async def team_roles_of(info: Info, project_id: int, include_closed: bool) -> list[TeamRoleNode]:
    """`Project.teamRoles`: one query for every project of the response."""
    loader = ALL_ROLES_OF_PROJECT if include_closed else ROLES_OF_PROJECT
    return [TeamRoleNode.from_model(r) for r in await info.context.loaders[loader].load(project_id)]


async def team_of_project(info: Info, project_id: int) -> list[TeamMemberNode]:
    """`Project.team`: two queries for every project of the response."""
    return [TeamMemberNode.from_member(m) for m in await info.context.loaders[TEAM_OF_PROJECT].load(project_id)]
