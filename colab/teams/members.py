"""A project's team as people see it (members and their project roles), and the leads' changes to it.

The team itself is colab.projects' ProjectMember rows; the rights are colab.actors' one table."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from tortoise.transactions import in_transaction

from colab.accounts.models import User
from colab.actors import PROJECT_ROLE_LABELS, Actor, ProjectAction, ProjectRole
from colab.errors import ColabError, ErrorCode
from colab.events import publish
from colab.projects.models import ProjectMember
from colab.projects.roles import give_role, remove_member, require_project_action
from colab.projects.service import get_project
from colab.teams.events import MemberRemoved, MemberRoleChanged
from colab.teams.models import GIVABLE_ROLES, Application, ApplicationStatus
from colab.teams.seats import free_seat
from colab.validation import utcnow


@dataclass(frozen=True)
class TeamMember:
    user_id: int
    name: str
    role: ProjectRole
    since: datetime

    @property
    def label(self) -> str:
        return PROJECT_ROLE_LABELS[self.role]


async def teams_of(project_ids: Sequence[int]) -> dict[int, list[TeamMember]]:
    """Each project's team, holder first, then by role and arrival: two queries whatever the count."""
    rows = await ProjectMember.filter(project_id__in=list(project_ids)).order_by("created_at", "id")
    names = dict(await User.filter(id__in={m.user_id for m in rows}).values_list("id", "display_name"))
    order = list(ProjectRole)
    found: dict[int, list[TeamMember]] = {pid: [] for pid in project_ids}
    for m in sorted(rows, key=lambda m: order.index(m.role)):
        found[m.project_id].append(TeamMember(m.user_id, names.get(m.user_id, ""), m.role, m.created_at))
    return found


async def _member(project_id: int, user_id: int) -> ProjectMember:
    member = await ProjectMember.get_or_none(project_id=project_id, user_id=user_id)
    if member is None:
        raise ColabError(ErrorCode.NOT_ON_TEAM, "Cette personne ne fait pas partie de l'équipe.", "userId")
    if member.role is ProjectRole.HOLDER:
        raise ColabError(ErrorCode.INVALID, "Le porteur garde son rôle dans l'équipe.", "userId")
    return member


async def set_member_role(actor: Actor, project_id: int, user_id: int, role: ProjectRole) -> ProjectMember:
    """A lead gives a team member (never the holder) the role of co-lead, member or finance."""
    await get_project(project_id)
    lead_id = await require_project_action(actor, project_id, ProjectAction.MANAGE_TEAM)
    if role not in GIVABLE_ROLES:
        raise ColabError(ErrorCode.INVALID, "Le projet a déjà son porteur.", "role")
    await _member(project_id, user_id)
    async with in_transaction():
        member = await give_role(project_id, user_id, role)
        await publish(
            MemberRoleChanged(
                subject_id=project_id, actor_id=lead_id, project_id=project_id, member_id=user_id, role=role
            )
        )
    return member


async def remove_team_member(actor: Actor, project_id: int, user_id: int) -> None:
    """A lead takes someone (never the holder) off the team; the seat they confirmed is free again."""
    await get_project(project_id)
    lead_id = await require_project_action(actor, project_id, ProjectAction.MANAGE_TEAM)
    await _member(project_id, user_id)
    async with in_transaction():
        if not await remove_member(project_id, user_id):
            raise ColabError(ErrorCode.NOT_ON_TEAM, "Cette personne ne fait pas partie de l'équipe.", "userId")
        seats = Application.filter(project_id=project_id, applicant_id=user_id, status=ApplicationStatus.CONFIRMED)
        role_ids = list(await seats.values_list("role_id", flat=True))
        await seats.update(status=ApplicationStatus.REMOVED, live_role_id=None, decided_at=utcnow())
        for role_id in role_ids:
            await free_seat(int(role_id))  # type: ignore[call-overload]
        await publish(MemberRemoved(subject_id=project_id, actor_id=lead_id, project_id=project_id, member_id=user_id))
