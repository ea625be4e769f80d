"""After the action: the team marks who came; attended hours count toward the volunteer's record."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from tortoise.transactions import in_transaction

from colab.acting.events import AttendanceMarked
from colab.acting.models import ATTENDANCE, CallStatus, PledgeStatus, TimePledge, VolunteerCall
from colab.acting.service import get_call, lock_call
from colab.actors import Actor, ProjectAction, require_login
from colab.errors import ColabError, ErrorCode
from colab.events import publish
from colab.projects.roles import require_project_action
from colab.validation import utcnow

#: a pledge the team may mark: confirmed for the action, or already marked (a correction)
MARKABLE = (PledgeStatus.CONFIRMED, *ATTENDANCE)


async def mark_attendance(
    actor: Actor, pledge_id: int, status: PledgeStatus, *, now: datetime | None = None
) -> TimePledge:
    """The team marks ATTENDED (the action's length is credited), NO_SHOW or EXCUSED, once the action began."""
    pledge = await TimePledge.get_or_none(id=pledge_id)
    if pledge is None:
        raise ColabError(ErrorCode.NOT_FOUND, "Cette inscription n'existe pas.", "pledgeId")
    call = await get_call(pledge.call_id, "pledgeId")
    user_id = await require_project_action(actor, call.project_id, ProjectAction.MARK_ATTENDANCE)
    if status not in ATTENDANCE:
        raise ColabError(ErrorCode.INVALID, "Présent·e, absent·e ou excusé·e.", "status")
    now = now or utcnow()
    async with in_transaction():
        call = await lock_call(call.id)
        if call.starts_at > now or call.status is CallStatus.CALLED_OFF:
            raise ColabError(
                ErrorCode.CALL_NOT_OPEN, "Les présences se notent une fois l'action commencée.", "pledgeId"
            )
        pledge = await TimePledge.get(id=pledge_id)
        if pledge.status not in MARKABLE:
            raise ColabError(ErrorCode.ILLEGAL_TRANSITION, "Cette personne n'était pas inscrite.", "pledgeId")
        minutes = int((call.ends_at - call.starts_at).total_seconds() // 60) if status is PledgeStatus.ATTENDED else 0
        pledge.status, pledge.minutes_credited = status, minutes
        await pledge.save(update_fields=["status", "minutes_credited", "updated_at"])
        if call.status is not CallStatus.DONE:
            await VolunteerCall.filter(id=call.id).update(status=CallStatus.DONE)
        await publish(
            AttendanceMarked(
                subject_id=call.id,
                actor_id=user_id,
                project_id=call.project_id,
                pledge_id=pledge.id,
                volunteer_id=pledge.volunteer_id,
                status=status.value,
                minutes=minutes,
            )
        )
    return pledge


async def roster(actor: Actor, call_id: int) -> list[TimePledge]:
    """The call's pledges for its team (with the volunteers), confirmed and marked first, then the waitlist."""
    call = await get_call(call_id)
    await require_project_action(actor, call.project_id, ProjectAction.MARK_ATTENDANCE)
    pledges = await TimePledge.filter(call_id=call.id).prefetch_related("volunteer").order_by("id")
    order = {s: i for i, s in enumerate([*MARKABLE, PledgeStatus.OFFERED, PledgeStatus.WAITLISTED])}
    return sorted(pledges, key=lambda p: (order.get(p.status, 99), p.position or 0, p.id))


@dataclass(frozen=True)
class Engagement:
    """A volunteer's record: every pledge with its call, and the hours attended."""

    pledges: Sequence[TimePledge]
    attended_minutes: int

    @property
    def hours(self) -> float:
        return round(self.attended_minutes / 60, 2)


async def my_engagement(actor: Actor) -> Engagement:
    """The actor's own pledges (newest action first) with their calls and projects: two queries."""
    user_id = require_login(actor)
    pledges = (
        await TimePledge.filter(volunteer_id=user_id).prefetch_related("call__project", "call__commune").order_by("-id")
    )
    pledges.sort(key=lambda p: (p.call.starts_at, p.id), reverse=True)
    return Engagement(pledges, sum(p.minutes_credited for p in pledges if p.status is PledgeStatus.ATTENDED))
