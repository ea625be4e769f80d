"""Volunteer calls: a project's team posts, moves and calls off actions on the ground; everyone finds them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from tortoise import connections
from tortoise.transactions import in_transaction

from colab.acting.events import CallCalledOff, CallMoved, CallPosted, PlaceOffered
from colab.acting.models import (
    ACTIVE_PLEDGE,
    LIVE_CALL,
    CallStatus,
    CancelReason,
    PledgeStatus,
    TimePledge,
    VolunteerCall,
)
from colab.acting.settings import acting_settings
from colab.actors import Actor, ProjectAction
from colab.db import placeholders
from colab.errors import ColabError, ErrorCode, ErrorCollector
from colab.events import publish
from colab.projects.roles import require_project_action
from colab.projects.service import get_project
from colab.territories.models import Territory, TerritoryLevel
from colab.validation import as_utc, check_text, clean_line, fold, utcnow
from moderation.sanitize import clean_rich_text, plain_text

BRUSSELS = ZoneInfo("Europe/Brussels")
MAX_CAPACITY = 10_000
MAX_WEEKS = 26
MAX_SKILLS = 8


@dataclass
class CallDraft:
    title: str
    description: str
    commune_id: int
    meeting_point: str
    starts_at: datetime
    ends_at: datetime
    capacity: int
    threshold: int | None = None
    threshold_deadline: datetime | None = None
    skills: Sequence[str] = ()
    what_to_bring: str = ""
    #: weekly occurrences, this one included (1: a single action)
    weeks: int = 1


@dataclass
class CallMove:
    """New time and place; fields left None keep their value."""

    starts_at: datetime | None = None
    ends_at: datetime | None = None
    commune_id: int | None = None
    meeting_point: str | None = None


def clean_skills(values: Sequence[str]) -> list[str]:
    """Lower-case, accent-free tags, unique, in the order given."""
    found: list[str] = []
    for value in values:
        for part in value.split(","):
            tag = fold(clean_line(part))[:40]
            if tag and tag not in found:
                found.append(tag)
    return found[:MAX_SKILLS]


def _minute(value: datetime) -> datetime:
    """Actions are set to the minute (UTC)."""
    return as_utc(value).replace(second=0, microsecond=0)


def skills_text(skills: Sequence[str]) -> str:
    return "|" + "|".join(skills) + "|" if skills else ""


async def _commune(errors: ErrorCollector, commune_id: int) -> Territory | None:
    commune = await Territory.get_or_none(id=commune_id)
    if commune is None or commune.level is not TerritoryLevel.COMMUNE:
        errors.add(ErrorCode.UNKNOWN_TERRITORY, "Choisissez une commune de Wallonie.", "communeId")
        return None
    return commune


def _check_times(errors: ErrorCollector, starts_at: datetime, ends_at: datetime, now: datetime) -> None:
    if starts_at <= now:
        errors.add(ErrorCode.DATE_IN_PAST, "L'action doit commencer dans le futur.", "startsAt")
    if ends_at <= starts_at:
        errors.add(ErrorCode.INVALID, "La fin doit suivre le début.", "endsAt")
    elif ends_at - starts_at > timedelta(hours=24):
        errors.add(ErrorCode.INVALID, "Une action dure au plus 24 heures.", "endsAt")


async def _check_draft(draft: CallDraft, now: datetime) -> dict[str, Any]:
    errors = ErrorCollector()
    title = clean_line(draft.title)
    check_text(errors, "title", title, max_length=120, min_length=5, label="Le titre")
    try:
        description = await clean_rich_text(draft.description or "", "description")
    except ColabError as refused:
        description = ""
        errors.add(refused.code, refused.message, "description")
    check_text(errors, "description", plain_text(description), max_length=5000, min_length=10, label="La description")
    meeting_point = clean_line(draft.meeting_point)
    check_text(errors, "meetingPoint", meeting_point, max_length=200, label="Le lieu de rendez-vous")
    what_to_bring = clean_line(draft.what_to_bring)
    if len(what_to_bring) > 300:
        errors.add(ErrorCode.TOO_LONG, "« À apporter » ne peut dépasser 300 caractères.", "whatToBring")
    commune = await _commune(errors, draft.commune_id)
    starts_at, ends_at = _minute(draft.starts_at), _minute(draft.ends_at)
    _check_times(errors, starts_at, ends_at, now)
    if not 1 <= draft.capacity <= MAX_CAPACITY:
        errors.add(ErrorCode.INVALID, f"Le nombre de places va de 1 à {MAX_CAPACITY}.", "capacity")
    deadline = _minute(draft.threshold_deadline) if draft.threshold_deadline else None
    if draft.threshold is not None:
        if not 1 <= draft.threshold <= draft.capacity:
            errors.add(ErrorCode.INVALID, "Le seuil va de 1 au nombre de places.", "threshold")
        if deadline is None:
            errors.add(ErrorCode.REQUIRED, "Un seuil a besoin d'une date limite.", "thresholdDeadline")
        elif not now < deadline <= starts_at:
            errors.add(
                ErrorCode.INVALID, "La date limite du seuil tombe entre maintenant et le début.", "thresholdDeadline"
            )
    if not 1 <= draft.weeks <= MAX_WEEKS:
        errors.add(ErrorCode.INVALID, f"Une action se répète de 1 à {MAX_WEEKS} semaines.", "weeks")
    errors.raise_if_any()
    assert commune is not None
    skills = clean_skills(draft.skills)
    return {
        "title": title,
        "description": description,
        "commune_id": commune.id,
        "province_id": commune.parent_id,
        "meeting_point": meeting_point,
        "starts_at": starts_at,
        "ends_at": ends_at,
        "capacity": draft.capacity,
        "threshold": draft.threshold,
        "threshold_deadline": deadline if draft.threshold is not None else None,
        "skills": skills,
        "skills_text": skills_text(skills),
        "what_to_bring": what_to_bring,
    }


def _weekly(when: datetime, week: int) -> datetime:
    """The same Brussels wall-clock time `week` weeks later (a summer-time change keeps 9:00 at 9:00)."""
    local = when.astimezone(BRUSSELS).replace(tzinfo=None) + timedelta(weeks=week)
    return local.replace(tzinfo=BRUSSELS).astimezone(when.tzinfo)


async def post_volunteer_call(actor: Actor, project_id: int, draft: CallDraft) -> list[VolunteerCall]:
    """The project's team posts an action (one occurrence per week asked); the project's followers are told."""
    project = await get_project(project_id)
    user_id = await require_project_action(actor, project.id, ProjectAction.POST_CALL)
    values = await _check_draft(draft, utcnow())
    calls: list[VolunteerCall] = []
    async with in_transaction():
        for week in range(draft.weeks):
            shifted = {
                key: _weekly(values[key], week) if values[key] is not None else None
                for key in ("starts_at", "ends_at", "threshold_deadline")
            }
            call = await VolunteerCall.create(project_id=project.id, created_by_id=user_id, **{**values, **shifted})
            if week == 0 and draft.weeks > 1:
                call.series_id = call.id
                await call.save(update_fields=["series_id"])
            elif week > 0:
                call.series_id = calls[0].id
                await call.save(update_fields=["series_id"])
            calls.append(call)
            await publish(
                CallPosted(
                    subject_id=call.id,
                    actor_id=user_id,
                    project_id=project.id,
                    challenge_id=project.challenge_id,
                    title=call.title,
                    starts_at=call.starts_at.isoformat(),
                    commune_id=call.commune_id,
                )
            )
    return calls


async def get_call(call_id: int, field: str = "callId") -> VolunteerCall:
    """Calls are public, unless their project is hidden."""
    call = await VolunteerCall.get_or_none(id=call_id)
    if call is None:
        raise ColabError(ErrorCode.NOT_FOUND, "Cet appel à bénévoles n'existe pas.", field)
    await get_project(call.project_id, field)
    return call


async def lock_row(call_id: int) -> None:
    connection = connections.get("default")
    mark = placeholders(connection, 1)[0]
    await connection.execute_query(f"UPDATE volunteer_call SET version = version WHERE id = {mark}", [call_id])


async def lock_call(call_id: int) -> VolunteerCall:
    """The call's row, locked until the transaction ends: every change of its places and pledges starts here.

    A write comes first: on PostgreSQL it locks the row (as FOR UPDATE would); on SQLite it takes the file's
    write lock at the start of the transaction, waiting for it, instead of reading first and failing with
    "database is locked" when another process committed before the upgrade to writing."""
    await lock_row(call_id)
    call = await VolunteerCall.filter(id=call_id).first()
    if call is None:
        raise ColabError(ErrorCode.NOT_FOUND, "Cet appel à bénévoles n'existe pas.", "callId")
    return call


async def _team_call(actor: Actor, call_id: int) -> tuple[VolunteerCall, int]:
    call = await get_call(call_id)
    user_id = await require_project_action(actor, call.project_id, ProjectAction.POST_CALL)
    return call, user_id


async def move_volunteer_call(actor: Actor, call_id: int, move: CallMove) -> VolunteerCall:
    """New time or place: the version goes up, and every volunteer holding a place must confirm again
    (their pledge becomes OFFERED until the offer delay or the new start); everyone with a pledge is told."""
    call, user_id = await _team_call(actor, call_id)
    now = utcnow()
    errors = ErrorCollector()
    starts_at = _minute(move.starts_at) if move.starts_at else call.starts_at
    ends_at = _minute(move.ends_at) if move.ends_at else call.ends_at
    _check_times(errors, starts_at, ends_at, now)
    commune = await _commune(errors, move.commune_id) if move.commune_id is not None else None
    meeting_point = clean_line(move.meeting_point) if move.meeting_point is not None else call.meeting_point
    check_text(errors, "meetingPoint", meeting_point, max_length=200, label="Le lieu de rendez-vous")
    errors.raise_if_any()
    async with in_transaction():
        call = await lock_call(call_id)
        if call.status not in LIVE_CALL:
            raise ColabError(ErrorCode.CALL_NOT_OPEN, "Cet appel n'est plus ouvert : il ne peut être déplacé.")
        call.starts_at, call.ends_at, call.meeting_point = starts_at, ends_at, meeting_point
        if commune is not None:
            call.commune_id, call.province_id = commune.id, commune.parent_id
        call.version += 1
        await call.save()
        expires = min(now + timedelta(hours=acting_settings().offer_hours), starts_at)
        holders = await TimePledge.filter(call_id=call.id, status=PledgeStatus.CONFIRMED)
        await TimePledge.filter(id__in=[p.id for p in holders]).update(
            status=PledgeStatus.OFFERED, reconfirm=True, offer_expires_at=expires
        )
        everyone = await TimePledge.filter(call_id=call.id, status__in=ACTIVE_PLEDGE).values_list(
            "volunteer_id", flat=True
        )
        await publish(
            CallMoved(
                subject_id=call.id,
                actor_id=user_id,
                project_id=call.project_id,
                title=call.title,
                version=call.version,
                starts_at=call.starts_at.isoformat(),
                meeting_point=call.meeting_point,
                volunteer_ids=sorted({int(v) for v in everyone}),  # type: ignore[call-overload]
            )
        )
        for pledge in holders:
            await publish(
                PlaceOffered(
                    subject_id=call.id,
                    actor_id=user_id,
                    project_id=call.project_id,
                    pledge_id=pledge.id,
                    volunteer_id=pledge.volunteer_id,
                    expires_at=expires.isoformat(),
                    reconfirm=True,
                )
            )
    return call


async def end_call(call: VolunteerCall, *, actor_id: int | None, threshold_missed: bool) -> bool:
    """Call off a locked call (inside the caller's transaction): pledges in play are cancelled, everyone told."""
    if call.status not in LIVE_CALL:
        return False
    await VolunteerCall.filter(id=call.id).update(status=CallStatus.CALLED_OFF)
    call.status = CallStatus.CALLED_OFF
    active = await TimePledge.filter(call_id=call.id, status__in=ACTIVE_PLEDGE)
    await TimePledge.filter(id__in=[p.id for p in active]).update(
        status=PledgeStatus.CANCELLED, cancel_reason=CancelReason.CALLED_OFF, offer_expires_at=None
    )
    await publish(
        CallCalledOff(
            subject_id=call.id,
            actor_id=actor_id,
            project_id=call.project_id,
            title=call.title,
            threshold_missed=threshold_missed,
            volunteer_ids=sorted({p.volunteer_id for p in active}),
        )
    )
    return True


async def call_off_volunteer_call(actor: Actor, call_id: int) -> VolunteerCall:
    """The team calls the action off; every volunteer with a pledge in play is told."""
    _, user_id = await _team_call(actor, call_id)
    async with in_transaction():
        call = await lock_call(call_id)
        if not await end_call(call, actor_id=user_id, threshold_missed=False):
            raise ColabError(ErrorCode.CALL_NOT_OPEN, "Cet appel n'est plus ouvert.")
    return call
