"""Applications to team roles and invitations: every transition checked, written by a conditional UPDATE.

SUBMITTED → SHORTLISTED → ACCEPTED → CONFIRMED (the applicant confirms: a seat, a project role), or DECLINED
(by a lead, with a reason), WITHDRAWN (by the applicant), EXPIRED (accepted, not confirmed in time).
INVITED (by a lead) → CONFIRMED or DECLINED by the invitee. One live application per person per role."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from functools import cache
from typing import Any, TypeVar

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from colab.accounts.models import User
from colab.accounts.service import lookup_email
from colab.actors import Actor, ProjectAction, require_login, require_write
from colab.config import load_settings
from colab.errors import ColabError, ErrorCode, ErrorCollector, forbidden
from colab.events import DomainEvent, publish
from colab.projects.models import ProjectMember
from colab.projects.roles import give_role, require_project_action
from colab.teams.events import (
    ApplicationAccepted,
    ApplicationDeclined,
    ApplicationShortlisted,
    ApplicationSubmitted,
    ApplicationWithdrawn,
    InvitedToRole,
    MemberConfirmed,
)
from colab.teams.models import APPLICATION_STATUS_LABELS, Application, ApplicationStatus, TeamRole, TeamRoleStatus
from colab.teams.seats import role_filled, take_seat
from colab.teams.service import get_role
from colab.validation import check_text, utcnow
from moderation.sanitize import clean_rich_text, plain_text

S = ApplicationStatus
E = TypeVar("E", bound=DomainEvent)
MESSAGE_MAX = 2000
REASON_MAX = 1000
_DECIDABLE = (S.SUBMITTED, S.SHORTLISTED, S.ACCEPTED)


@cache
def confirm_within() -> timedelta:
    """How long an accepted applicant has to confirm (TEAM_CONFIRM_DAYS)."""
    return timedelta(days=max(1, load_settings().team_confirm_days))


def _illegal(application: Application, action: str) -> ColabError:
    label = APPLICATION_STATUS_LABELS[application.status]
    return ColabError(ErrorCode.ILLEGAL_TRANSITION, f"Impossible de {action} une candidature « {label} ».")


async def _move(application: Application, allowed: Sequence[ApplicationStatus], action: str, **values: object) -> None:
    """The transition, only from an allowed state (a concurrent one wins, this one is refused)."""
    if application.status not in allowed:
        raise _illegal(application, action)
    if not await Application.filter(id=application.id, status__in=list(allowed)).update(**values, updated_at=utcnow()):
        await application.refresh_from_db()
        raise _illegal(application, action)
    application.update_from_dict(values)


async def get_application(application_id: int) -> tuple[Application, TeamRole]:
    application = await Application.get_or_none(id=application_id)
    if application is None:
        raise ColabError(ErrorCode.NOT_FOUND, "Cette candidature n'existe pas.", "applicationId")
    return application, await get_role(application.role_id, "applicationId")


async def _as_lead(actor: Actor, application_id: int) -> tuple[Application, TeamRole, int]:
    application, role = await get_application(application_id)
    lead_id = await require_project_action(actor, role.project_id, ProjectAction.MANAGE_TEAM)
    return application, role, lead_id


async def _as_applicant(actor: Actor, application_id: int) -> tuple[Application, TeamRole]:
    user_id = require_write(actor)
    application, role = await get_application(application_id)
    if application.applicant_id != user_id:
        raise forbidden("Seule la personne candidate répond pour elle-même.")
    return application, role


def _still_open(role: TeamRole) -> None:
    if role.status is TeamRoleStatus.CLOSED:
        raise ColabError(ErrorCode.ROLE_CLOSED, "Ce rôle est fermé.", "roleId")
    if role.status is TeamRoleStatus.FILLED:
        raise role_filled()


async def _not_on_team(role: TeamRole, user_id: int) -> None:
    if await ProjectMember.exists(project_id=role.project_id, user_id=user_id):
        raise ColabError(ErrorCode.ALREADY_MEMBER, "Cette personne fait déjà partie de l'équipe.", "roleId")


def _already_applied() -> ColabError:
    return ColabError(ErrorCode.ALREADY_APPLIED, "Une candidature à ce rôle est déjà en cours.", "roleId")


async def _create(role: TeamRole, user_id: int, status: ApplicationStatus, **values: Any) -> Application:
    """The application row; a live one of the same person on the role (even a concurrent one) refuses it."""
    if await Application.exists(live_role_id=role.id, applicant_id=user_id):
        raise _already_applied()
    try:
        return await Application.create(
            role_id=role.id,
            project_id=role.project_id,
            applicant_id=user_id,
            status=status,
            live_role_id=role.id,
            **values,
        )
    except IntegrityError as taken:
        raise _already_applied() from taken


async def apply_to_role(actor: Actor, role_id: int, message: str) -> Application:
    """A signed-in person not yet on the team applies to an open role, with a message."""
    user_id = require_write(actor)
    role = await get_role(role_id)
    _still_open(role)
    errors = ErrorCollector()
    try:
        cleaned = await clean_rich_text(message or "", "message")
    except ColabError as refused:
        raise ColabError(refused.code, refused.message, "message") from refused
    check_text(errors, "message", plain_text(cleaned), max_length=MESSAGE_MAX, min_length=10, label="Le message")
    errors.raise_if_any()
    await _not_on_team(role, user_id)
    try:
        async with in_transaction():
            application = await _create(role, user_id, S.SUBMITTED, message=cleaned)
            await publish(_event(ApplicationSubmitted, application, user_id))
    except IntegrityError as taken:  # PostgreSQL: the unique violation surfaced at commit
        raise _already_applied() from taken
    return application


def _event(kind: type[E], application: Application, actor_id: int, **extra: Any) -> E:
    values: dict[str, Any] = dict(
        subject_id=application.id,
        actor_id=actor_id,
        project_id=application.project_id,
        role_id=application.role_id,
        applicant_id=application.applicant_id,
        **extra,
    )
    return kind(**values)


async def shortlist(actor: Actor, application_id: int) -> Application:
    """A lead keeps a submitted application for a closer look."""
    application, _, lead_id = await _as_lead(actor, application_id)
    async with in_transaction():
        await _move(application, (S.SUBMITTED,), "présélectionner", status=S.SHORTLISTED)
        await publish(_event(ApplicationShortlisted, application, lead_id))
    return application


async def accept(actor: Actor, application_id: int) -> Application:
    """A lead says yes to a submitted or shortlisted application on a role with seats left."""
    application, role, lead_id = await _as_lead(actor, application_id)
    if application.status in (S.SUBMITTED, S.SHORTLISTED):
        _still_open(role)
    async with in_transaction():
        now = utcnow()
        await _move(application, (S.SUBMITTED, S.SHORTLISTED), "accepter", status=S.ACCEPTED, accepted_at=now)
        await publish(_event(ApplicationAccepted, application, lead_id))
    return application


async def decline(actor: Actor, application_id: int, reason: str) -> Application:
    """A lead declines an application still in play (or takes back an invitation), saying why."""
    application, _, lead_id = await _as_lead(actor, application_id)
    reason = (reason or "").strip()
    if not reason:
        raise ColabError(
            ErrorCode.REASON_REQUIRED, "Dites à la personne pourquoi sa candidature n'est pas retenue.", "reason"
        )
    if len(reason) > REASON_MAX:
        raise ColabError(ErrorCode.TOO_LONG, f"La raison tient en {REASON_MAX} caractères au plus.", "reason")
    async with in_transaction():
        values = {"status": S.DECLINED, "live_role_id": None, "decline_reason": reason, "decided_at": utcnow()}
        await _move(application, (*_DECIDABLE, S.INVITED), "refuser", **values)
        await publish(_event(ApplicationDeclined, application, lead_id, reason=reason))
    return application


async def withdraw(actor: Actor, application_id: int) -> Application:
    """The applicant takes back an application not yet confirmed."""
    application, _ = await _as_applicant(actor, application_id)
    async with in_transaction():
        values = {"status": S.WITHDRAWN, "live_role_id": None, "decided_at": utcnow()}
        await _move(application, _DECIDABLE, "retirer", **values)
        await publish(_event(ApplicationWithdrawn, application, application.applicant_id))
    return application


async def _join(application: Application, role: TeamRole, allowed: Sequence[ApplicationStatus], action: str) -> None:
    """Inside the transaction: the application confirmed, a seat taken (or ROLE_FILLED, all rolled back),
    the person on the team with the role's project role (someone already on it keeps theirs)."""
    await _move(application, allowed, action, status=S.CONFIRMED, decided_at=utcnow())
    seated = await take_seat(role.id)
    if not await ProjectMember.exists(project_id=role.project_id, user_id=application.applicant_id):
        await give_role(role.project_id, application.applicant_id, role.project_role)
    await publish(
        MemberConfirmed(
            subject_id=role.id,
            actor_id=application.applicant_id,
            project_id=role.project_id,
            title=role.title,
            application_id=application.id,
            member_id=application.applicant_id,
            seats_left=seated.seats_left,
        )
    )


async def confirm(actor: Actor, application_id: int) -> Application:
    """The accepted applicant confirms within the allowed days and takes a seat, if one is left."""
    application, role = await _as_applicant(actor, application_id)
    if application.status is not S.ACCEPTED:
        raise _illegal(application, "confirmer")
    if application.accepted_at is not None and application.accepted_at + confirm_within() < utcnow():
        raise ColabError(ErrorCode.ILLEGAL_TRANSITION, "Le délai pour confirmer cette place est passé.")
    async with in_transaction():
        await _join(application, role, (S.ACCEPTED,), "confirmer")
    return application


async def invite(actor: Actor, role_id: int, email: str) -> Application:
    """A lead invites a person who has an account (by their email) to an open role."""
    role = await get_role(role_id)
    lead_id = await require_project_action(actor, role.project_id, ProjectAction.MANAGE_TEAM)
    _still_open(role)
    invitee = await User.get_or_none(email=lookup_email(email), is_active=True)
    if invitee is None:
        raise ColabError(ErrorCode.NOT_FOUND, "Aucun compte avec cette adresse.", "email")
    await _not_on_team(role, invitee.id)
    try:
        async with in_transaction():
            application = await _create(role, invitee.id, S.INVITED, invited_by_id=lead_id)
            await publish(_event(InvitedToRole, application, lead_id))
    except IntegrityError as taken:
        raise _already_applied() from taken
    return application


async def answer_invitation(actor: Actor, application_id: int, accept: bool) -> Application:
    """The invitee joins (a seat, a project role) or declines the invitation."""
    application, role = await _as_applicant(actor, application_id)
    async with in_transaction():
        if accept:
            await _join(application, role, (S.INVITED,), "accepter")
        else:
            values = {"status": S.DECLINED, "live_role_id": None, "decided_at": utcnow()}
            await _move(application, (S.INVITED,), "refuser", **values)
            await publish(_event(ApplicationDeclined, application, application.applicant_id, by_applicant=True))
    return application


_ORDER = [S.ACCEPTED, S.INVITED, S.SHORTLISTED, S.SUBMITTED, S.CONFIRMED, S.DECLINED, S.WITHDRAWN, S.EXPIRED, S.REMOVED]


async def applications_of_role(actor: Actor, role_id: int) -> list[Application]:
    """The role's applications, for the project's leads: those needing an answer first."""
    role = await get_role(role_id)
    await require_project_action(actor, role.project_id, ProjectAction.MANAGE_TEAM)
    return (await applications_by_role([role.id]))[role.id]


async def applications_by_role(role_ids: Sequence[int]) -> dict[int, list[Application]]:
    """Each role's applications in one query (the caller checked the actor leads the project)."""
    found: dict[int, list[Application]] = {rid: [] for rid in role_ids}
    for a in await Application.filter(role_id__in=list(role_ids)).order_by("created_at", "id"):
        found[a.role_id].append(a)
    for applications in found.values():
        applications.sort(key=lambda a: _ORDER.index(a.status))
    return found


async def my_applications(actor: Actor, *, offset: int = 0, limit: int = 20) -> tuple[list[Application], int]:
    """The signed-in person's applications and invitations, newest first."""
    query = Application.filter(applicant_id=require_login(actor))
    total = await query.count()
    return await query.order_by("-created_at", "-id").offset(offset).limit(limit), total


async def due_to_expire(now: datetime, limit: int = 100) -> list[Application]:
    return await Application.filter(status=S.ACCEPTED, accepted_at__lt=now - confirm_within()).limit(limit)
