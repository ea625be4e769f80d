"""Who is on a project's team, and the one check every team action goes through.

The rights themselves are a table in colab.actors (PROJECT_PERMISSIONS); this module loads the actor's role
in a project (from the Actor when the request loaded it, else from the database) and refuses with FORBIDDEN.
"""

from __future__ import annotations

from tortoise.exceptions import IntegrityError

from colab.actors import PROJECT_ROLE_LABELS, Actor, ProjectAction, ProjectRole, may_act_on_project, require_login
from colab.errors import ColabError, ErrorCode, forbidden
from colab.projects.models import ProjectMember

_REFUSALS = {
    ProjectAction.EDIT_PAGE: "Seuls le porteur et les co-porteurs modifient la page du projet.",
    ProjectAction.MANAGE_TEAM: "Seuls le porteur et les co-porteurs gèrent l'équipe du projet.",
    ProjectAction.POST_UPDATE: "Seuls le porteur et les co-porteurs publient les nouvelles du projet.",
    ProjectAction.POST_CALL: "Seule l'équipe du projet publie des appels à bénévoles.",
    ProjectAction.MARK_ATTENDANCE: "Seule l'équipe du projet note les présences.",
    ProjectAction.ANSWER_ADVICE: "Seule l'équipe du projet répond aux conseils.",
    ProjectAction.MANAGE_CAMPAIGN: "Seuls le porteur et les co-porteurs gèrent la campagne de financement.",
    ProjectAction.SEE_MONEY: "Les comptes du projet sont réservés à son équipe de direction et à ses finances.",
}


async def project_roles_of(user_id: int) -> dict[int, ProjectRole]:
    """Every project team the user is on, with the role there (loaded once per request with the actor)."""
    rows = await ProjectMember.filter(user_id=user_id).values_list("project_id", "role")
    return {project_id: ProjectRole(role) for project_id, role in rows}


async def role_in_project(actor: Actor, project_id: int) -> ProjectRole | None:
    if actor.user_id is None:
        return None
    if actor.project_roles is not None:
        return actor.project_roles.get(project_id)
    role = await ProjectMember.filter(project_id=project_id, user_id=actor.user_id).values_list("role", flat=True)
    return ProjectRole(role[0]) if role else None


async def may_on_project(actor: Actor, project_id: int, action: ProjectAction) -> bool:
    return may_act_on_project(actor, await role_in_project(actor, project_id), action)


async def require_project_action(actor: Actor, project_id: int, action: ProjectAction) -> int:
    """The acting user's id if their role in the project's team allows the action; UNAUTHENTICATED or FORBIDDEN."""
    user_id = require_login(actor)
    if not await may_on_project(actor, project_id, action):
        raise forbidden(_REFUSALS[action])
    return user_id


async def add_holder(project_id: int, user_id: int) -> None:
    """Written in the transaction that opens the project."""
    await ProjectMember.create(project_id=project_id, user_id=user_id, role=ProjectRole.HOLDER)


async def give_role(project_id: int, user_id: int, role: ProjectRole) -> ProjectMember:
    """Put a person on the team (or change their role). The holder's role is not given nor taken here."""
    if role is ProjectRole.HOLDER:
        raise ColabError(ErrorCode.INVALID, "Le projet a déjà son porteur.", "role")
    current = await ProjectMember.get_or_none(project_id=project_id, user_id=user_id)
    if current is not None:
        if current.role is ProjectRole.HOLDER:
            raise ColabError(ErrorCode.INVALID, "Le porteur garde son rôle.", "role")
        current.role = role
        await current.save(update_fields=["role"])
        return current
    try:
        return await ProjectMember.create(project_id=project_id, user_id=user_id, role=role)
    except IntegrityError:  # a concurrent call added them: change the role instead
        return await give_role(project_id, user_id, role)


async def remove_member(project_id: int, user_id: int) -> bool:
    """Take a person off the team (never the holder)."""
    removed = (
        await ProjectMember.filter(project_id=project_id, user_id=user_id).exclude(role=ProjectRole.HOLDER).delete()
    )
    return removed > 0


async def team_of(project_id: int) -> list[ProjectMember]:
    """The team, holder first, then by role and arrival."""
    order = {role: index for index, role in enumerate(ProjectRole)}
    members = await ProjectMember.filter(project_id=project_id).order_by("created_at", "id")
    return sorted(members, key=lambda m: order[m.role])


def role_label(role: ProjectRole) -> str:
    return PROJECT_ROLE_LABELS[role]
