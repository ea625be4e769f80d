"""Team roles: the leads open, edit and close them; the public sees them on the project's team section.

Every lead action goes through `require_project_action(actor, project_id, ProjectAction.MANAGE_TEAM)`."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from tortoise.expressions import F
from tortoise.transactions import in_transaction

from colab.actors import Actor, ProjectAction, ProjectRole
from colab.errors import ColabError, ErrorCode, ErrorCollector
from colab.events import publish
from colab.projects.roles import require_project_action
from colab.projects.service import get_project
from colab.teams.events import RoleClosed, RoleOpened
from colab.teams.models import (
    GIVABLE_ROLES,
    LIVE,
    ROLE_STATUS_LABELS,
    Application,
    ApplicationStatus,
    TeamRole,
    TeamRoleStatus,
)
from colab.validation import check_text, clean_line, utcnow
from moderation.sanitize import clean_rich_text, plain_text

TITLE_MAX = 120
DESCRIPTION_MAX = 4000
SKILLS_MAX = 10
SKILL_MAX = 40
HOURS_MAX = 60
SEATS_MAX = 50
CLOSING_REASON = "Le rôle a été fermé par l'équipe du projet."


@dataclass
class RoleDraft:
    """What a lead writes; on an edit, None leaves a field as it is."""

    title: str | None = None
    description: str | None = None
    skills: Sequence[str] | None = None
    hours_per_week: int | None = None
    seats: int | None = None
    project_role: ProjectRole | None = None


def _number(errors: ErrorCollector, field: str, value: int | None, top: int, label: str) -> None:
    if value is None:
        errors.add(ErrorCode.REQUIRED, f"{label} est obligatoire.", field)
    elif not 1 <= value <= top:
        errors.add(ErrorCode.INVALID, f"{label} va de 1 à {top}.", field)


def _skills(errors: ErrorCollector, given: Sequence[str]) -> list[str]:
    kept: dict[str, str] = {}
    for raw in given:
        skill = clean_line(raw)
        if not skill:
            continue
        if len(skill) > SKILL_MAX:
            errors.add(ErrorCode.TOO_LONG, f"Une compétence tient en {SKILL_MAX} caractères au plus.", "skills")
            return []
        kept.setdefault(skill.casefold(), skill)
    if len(kept) > SKILLS_MAX:
        errors.add(ErrorCode.INVALID, f"Citez au plus {SKILLS_MAX} compétences.", "skills")
    return list(kept.values())


async def _checked(draft: RoleDraft, *, creating: bool) -> dict[str, Any]:
    """The column values of a draft (only the given fields on an edit); every input error at once."""
    errors, values = ErrorCollector(), dict[str, Any]()
    if creating or draft.title is not None:
        values["title"] = title = clean_line(draft.title)
        check_text(errors, "title", title, max_length=TITLE_MAX, min_length=3, label="L'intitulé du rôle")
    if creating or draft.description is not None:
        try:
            values["description"] = description = await clean_rich_text(draft.description or "", "description")
        except ColabError as refused:
            errors.add(refused.code, refused.message, "description")
        else:
            text = plain_text(description)
            check_text(errors, "description", text, max_length=DESCRIPTION_MAX, min_length=10, label="La description")
    if creating or draft.skills is not None:
        values["skills"] = _skills(errors, draft.skills or [])
    if creating or draft.hours_per_week is not None:
        _number(errors, "hoursPerWeek", draft.hours_per_week, HOURS_MAX, "Le nombre d'heures par semaine")
        values["hours_per_week"] = draft.hours_per_week
    if creating or draft.seats is not None:
        _number(errors, "seats", draft.seats, SEATS_MAX, "Le nombre de places")
        values["seats"] = draft.seats
    if draft.project_role is not None or creating:
        role = draft.project_role or ProjectRole.MEMBER
        if role not in GIVABLE_ROLES:
            errors.add(
                ErrorCode.INVALID,
                "Un rôle d'équipe fait de ses membres des membres, co-porteurs ou finances.",
                "projectRole",
            )
        values["project_role"] = role
    errors.raise_if_any()
    return values


async def get_role(role_id: int, field: str = "roleId") -> TeamRole:
    """A role of a visible project (a hidden project's roles do not exist for the public)."""
    role = await TeamRole.get_or_none(id=role_id)
    if role is None:
        raise ColabError(ErrorCode.NOT_FOUND, "Ce rôle n'existe pas.", field)
    await get_project(role.project_id, field)
    return role


async def open_role(actor: Actor, project_id: int, draft: RoleDraft) -> TeamRole:
    """A lead opens a role in the project's team; its followers are told."""
    await get_project(project_id)
    user_id = await require_project_action(actor, project_id, ProjectAction.MANAGE_TEAM)
    values = await _checked(draft, creating=True)
    async with in_transaction():
        role = await TeamRole.create(project_id=project_id, status=TeamRoleStatus.OPEN, **values)
        await publish(
            RoleOpened(subject_id=role.id, actor_id=user_id, project_id=project_id, title=role.title, seats=role.seats)
        )
    return role


def _closed(role: TeamRole, action: str) -> ColabError:
    label = ROLE_STATUS_LABELS[role.status]
    return ColabError(ErrorCode.ILLEGAL_TRANSITION, f"Impossible de {action} un rôle dans l'état « {label} ».")


async def edit_role(actor: Actor, role_id: int, draft: RoleDraft) -> TeamRole:
    """A lead edits an open or filled role; its seats never go below the members already confirmed."""
    role = await get_role(role_id)
    await require_project_action(actor, role.project_id, ProjectAction.MANAGE_TEAM)
    if role.status is TeamRoleStatus.CLOSED:
        raise _closed(role, "modifier")
    values = await _checked(draft, creating=False)
    async with in_transaction():
        query = TeamRole.filter(id=role.id, status__not=TeamRoleStatus.CLOSED)
        if draft.seats is not None:
            query = query.filter(confirmed_count__lte=draft.seats)
        if values and not await query.update(**values, updated_at=utcnow()):
            fresh = await TeamRole.get(id=role.id)
            if fresh.status is TeamRoleStatus.CLOSED:
                raise _closed(fresh, "modifier")
            message = f"{fresh.confirmed_count} personnes ont déjà confirmé : gardez au moins autant de places."
            raise ColabError(ErrorCode.SEATS_TAKEN, message, "seats")
        # the seats decide whether the role is still looking
        await TeamRole.filter(id=role.id, status=TeamRoleStatus.FILLED, confirmed_count__lt=F("seats")).update(
            status=TeamRoleStatus.OPEN
        )
        await TeamRole.filter(id=role.id, status=TeamRoleStatus.OPEN, confirmed_count__gte=F("seats")).update(
            status=TeamRoleStatus.FILLED
        )
    await role.refresh_from_db()
    return role


async def close_role(actor: Actor, role_id: int) -> TeamRole:
    """A lead stops looking: the applications still pending are declined (confirmed members stay)."""
    role = await get_role(role_id)
    user_id = await require_project_action(actor, role.project_id, ProjectAction.MANAGE_TEAM)
    if role.status is TeamRoleStatus.CLOSED:
        raise _closed(role, "fermer")
    now = utcnow()
    pending = LIVE - {ApplicationStatus.CONFIRMED}
    async with in_transaction():
        if not await TeamRole.filter(id=role.id, status__not=TeamRoleStatus.CLOSED).update(
            status=TeamRoleStatus.CLOSED, updated_at=now
        ):
            raise _closed(role, "fermer")
        open_ones = Application.filter(role_id=role.id, status__in=list(pending))
        declined = [int(i) for i in await open_ones.values_list("applicant_id", flat=True)]  # type: ignore[call-overload]
        await open_ones.update(
            status=ApplicationStatus.DECLINED, live_role_id=None, decline_reason=CLOSING_REASON, decided_at=now
        )
        await publish(
            RoleClosed(
                subject_id=role.id,
                actor_id=user_id,
                project_id=role.project_id,
                title=role.title,
                declined_ids=declined,
            )
        )
    role.status = TeamRoleStatus.CLOSED
    return role


async def roles_of_project(project_id: int, *, with_closed: bool = False) -> list[TeamRole]:
    """A project's roles, open ones first, newest first (the caller checked the project is visible)."""
    return (await roles_of_projects([project_id], with_closed=with_closed))[project_id]


async def roles_of_projects(project_ids: Sequence[int], *, with_closed: bool = False) -> dict[int, list[TeamRole]]:
    """Each project's roles in one query."""
    query = TeamRole.filter(project_id__in=list(project_ids))
    if not with_closed:
        query = query.filter(status__not=TeamRoleStatus.CLOSED)
    found: dict[int, list[TeamRole]] = {pid: [] for pid in project_ids}
    order = list(TeamRoleStatus)
    for role in await query.order_by("-created_at", "-id"):
        found[role.project_id].append(role)
    for roles in found.values():
        roles.sort(key=lambda r: order.index(r.status))
    return found
