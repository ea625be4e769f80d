"""Teams: a project's roles and members, the viewer's applications, and the verbs of building a team."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import strawberry

from colab.actors import ProjectRole
from colab.api.context import Info
from colab.api.domain import Domain
from colab.api.errors import UserError, attempt
from colab.api.ids import decode
from colab.api.pagination import Connection, connection
from colab.api.team_types import ApplicationNode, TeamMemberNode, TeamRoleNode
from colab.teams import applications, members, service
from colab.teams.members import TeamMember, teams_of
from colab.teams.models import Application, TeamRole
from colab.teams.service import RoleDraft


@strawberry.type
class TeamQuery:
    @strawberry.field(description="The viewer's applications and invitations, newest first.")
    async def my_applications(
        self, info: Info, first: int | None = None, after: str | None = None
    ) -> Connection[ApplicationNode]:
        actor = info.context.actor
        return await connection(
            first,
            after,
            lambda offset, limit: applications.my_applications(actor, offset=offset, limit=limit),
            ApplicationNode.from_model,
        )


@strawberry.input
class OpenTeamRoleInput:
    project_id: strawberry.ID
    title: str
    description: str = strawberry.field(description="HTML or plain text; sanitized on write.")
    skills: list[str] = strawberry.field(description="Up to 10, of 40 characters each.")
    hours_per_week: int
    seats: int
    project_role: ProjectRole | None = strawberry.field(default=None, description="MEMBER by default.")


@strawberry.input
class EditTeamRoleInput:
    role_id: strawberry.ID
    title: str | None = None
    description: str | None = None
    skills: list[str] | None = None
    hours_per_week: int | None = None
    seats: int | None = None
    project_role: ProjectRole | None = None


@strawberry.input
class RoleIdInput:
    role_id: strawberry.ID


@strawberry.input
class ApplyToRoleInput:
    role_id: strawberry.ID
    message: str


@strawberry.input
class ApplicationIdInput:
    application_id: strawberry.ID


@strawberry.input
class DeclineApplicationInput:
    application_id: strawberry.ID
    reason: str = strawberry.field(description="Told to the applicant.")


@strawberry.input
class InviteToRoleInput:
    role_id: strawberry.ID
    email: str = strawberry.field(description="The address of an existing account.")


@strawberry.input
class AnswerInvitationInput:
    application_id: strawberry.ID
    accept: bool


@strawberry.input
class SetTeamMemberRoleInput:
    project_id: strawberry.ID
    user_id: strawberry.ID
    role: ProjectRole = strawberry.field(description="CO_LEAD, MEMBER or FINANCE.")


@strawberry.input
class RemoveTeamMemberInput:
    project_id: strawberry.ID
    user_id: strawberry.ID


@strawberry.type
class TeamRolePayload:
    team_role: TeamRoleNode | None
    errors: list[UserError]


@strawberry.type
class ApplicationPayload:
    application: ApplicationNode | None
    errors: list[UserError]


@strawberry.type
class TeamMemberPayload:
    member: TeamMemberNode | None
    errors: list[UserError]


@strawberry.type
class RemoveTeamMemberPayload:
    removed: bool
    errors: list[UserError]


async def _role(run: Callable[[], Awaitable[TeamRole]]) -> TeamRolePayload:
    found, errors = await attempt(run)
    return TeamRolePayload(team_role=TeamRoleNode.from_model(found) if found else None, errors=errors)


async def _application(run: Callable[[], Awaitable[Application]]) -> ApplicationPayload:
    found, errors = await attempt(run)
    return ApplicationPayload(application=ApplicationNode.from_model(found) if found else None, errors=errors)


def _role_id(given: strawberry.ID) -> int:
    return decode(given, "TeamRole", "roleId")


def _application_id(given: strawberry.ID) -> int:
    return decode(given, "Application", "applicationId")


def _draft(input: OpenTeamRoleInput | EditTeamRoleInput) -> RoleDraft:
    return RoleDraft(
        title=input.title,
        description=input.description,
        skills=input.skills,
        hours_per_week=input.hours_per_week,
        seats=input.seats,
        project_role=input.project_role,
    )


@strawberry.type
class TeamMutation:
    @strawberry.mutation(description="A lead (holder or co-lead) opens a role; the project's followers are told.")
    async def open_team_role(self, info: Info, input: OpenTeamRoleInput) -> TeamRolePayload:
        actor = info.context.actor
        return await _role(
            lambda: service.open_role(actor, decode(input.project_id, "Project", "projectId"), _draft(input))
        )

    @strawberry.mutation(description="A lead edits a role (only the fields given); seats never below the confirmed.")
    async def edit_team_role(self, info: Info, input: EditTeamRoleInput) -> TeamRolePayload:
        actor = info.context.actor
        return await _role(lambda: service.edit_role(actor, _role_id(input.role_id), _draft(input)))

    @strawberry.mutation(description="A lead closes a role; its pending applications are declined.")
    async def close_team_role(self, info: Info, input: RoleIdInput) -> TeamRolePayload:
        actor = info.context.actor
        return await _role(lambda: service.close_role(actor, _role_id(input.role_id)))

    @strawberry.mutation(description="A signed-in person not on the team applies to an open role.")
    async def apply_to_role(self, info: Info, input: ApplyToRoleInput) -> ApplicationPayload:
        actor = info.context.actor
        return await _application(lambda: applications.apply_to_role(actor, _role_id(input.role_id), input.message))

    @strawberry.mutation(description="A lead shortlists a submitted application.")
    async def shortlist_application(self, info: Info, input: ApplicationIdInput) -> ApplicationPayload:
        actor = info.context.actor
        return await _application(lambda: applications.shortlist(actor, _application_id(input.application_id)))

    @strawberry.mutation(description="A lead accepts an application; the applicant then confirms.")
    async def accept_application(self, info: Info, input: ApplicationIdInput) -> ApplicationPayload:
        actor = info.context.actor
        return await _application(lambda: applications.accept(actor, _application_id(input.application_id)))

    @strawberry.mutation(description="A lead declines an application, with a reason told to the applicant.")
    async def decline_application(self, info: Info, input: DeclineApplicationInput) -> ApplicationPayload:
        actor = info.context.actor
        return await _application(
            lambda: applications.decline(actor, _application_id(input.application_id), input.reason)
        )

    @strawberry.mutation(description="The applicant takes back an application not yet confirmed.")
    async def withdraw_application(self, info: Info, input: ApplicationIdInput) -> ApplicationPayload:
        actor = info.context.actor
        return await _application(lambda: applications.withdraw(actor, _application_id(input.application_id)))

    @strawberry.mutation(description="The accepted applicant confirms: a seat and a project role, if a seat is left.")
    async def confirm_application(self, info: Info, input: ApplicationIdInput) -> ApplicationPayload:
        actor = info.context.actor
        return await _application(lambda: applications.confirm(actor, _application_id(input.application_id)))

    @strawberry.mutation(description="A lead invites a person (by the email of their account) to an open role.")
    async def invite_to_role(self, info: Info, input: InviteToRoleInput) -> ApplicationPayload:
        actor = info.context.actor
        return await _application(lambda: applications.invite(actor, _role_id(input.role_id), input.email))

    @strawberry.mutation(description="The invitee joins the team (a seat) or declines.")
    async def answer_invitation(self, info: Info, input: AnswerInvitationInput) -> ApplicationPayload:
        actor = info.context.actor
        return await _application(
            lambda: applications.answer_invitation(actor, _application_id(input.application_id), input.accept)
        )

    @strawberry.mutation(description="A lead gives a team member (never the holder) another project role.")
    async def set_team_member_role(self, info: Info, input: SetTeamMemberRoleInput) -> TeamMemberPayload:
        actor = info.context.actor

        async def run() -> TeamMember:
            project_id = decode(input.project_id, "Project", "projectId")
            user_id = decode(input.user_id, "User", "userId")
            await members.set_member_role(actor, project_id, user_id, input.role)
            return next(m for m in (await teams_of([project_id]))[project_id] if m.user_id == user_id)

        found, errors = await attempt(run)
        return TeamMemberPayload(member=TeamMemberNode.from_member(found) if found else None, errors=errors)

    @strawberry.mutation(description="A lead takes a person (never the holder) off the team; their seat is freed.")
    async def remove_team_member(self, info: Info, input: RemoveTeamMemberInput) -> RemoveTeamMemberPayload:
        actor = info.context.actor

        async def run() -> bool:
            project_id = decode(input.project_id, "Project", "projectId")
            await members.remove_team_member(actor, project_id, decode(input.user_id, "User", "userId"))
            return True

        removed, errors = await attempt(run)
        return RemoveTeamMemberPayload(removed=bool(removed), errors=errors)


DOMAIN = Domain("teams", query=TeamQuery, mutation=TeamMutation)
