"""Crowdacting's mutations: the team posts, moves and calls off calls and marks attendance; volunteers pledge,
cancel, accept or decline an offered place. Each takes one input and returns the object with `errors`."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime
from enum import Enum

import strawberry

from colab.acting import attendance, pledges, service
from colab.acting.models import PledgeStatus, TimePledge, VolunteerCall
from colab.acting.service import CallDraft, CallMove
from colab.api.acting.types import TimePledgeNode, VolunteerCallNode
from colab.api.context import Info
from colab.api.errors import UserError, attempt
from colab.api.ids import decode, decode_optional


class AttendanceStatus(str, Enum):
    ATTENDED = "ATTENDED"
    NO_SHOW = "NO_SHOW"
    EXCUSED = "EXCUSED"


strawberry.enum(AttendanceStatus, name="AttendanceStatus")


@strawberry.input
class PostVolunteerCallInput:
    project_id: strawberry.ID
    title: str
    description: str = strawberry.field(description="HTML or plain text; sanitized on write.")
    commune_id: strawberry.ID
    meeting_point: str
    starts_at: datetime = strawberry.field(description="With an offset (or UTC); shown in Europe/Brussels.")
    ends_at: datetime
    capacity: int
    threshold: int | None = strawberry.field(default=None, description="Goes ahead only with this many confirmed.")
    threshold_deadline: datetime | None = None
    skills: list[str] = strawberry.field(default_factory=list)
    what_to_bring: str = ""
    weeks: int = strawberry.field(default=1, description="Weekly occurrences, this one included.")


@strawberry.input
class MoveVolunteerCallInput:
    call_id: strawberry.ID
    starts_at: datetime | None = None
    ends_at: datetime | None = None
    commune_id: strawberry.ID | None = None
    meeting_point: str | None = None


@strawberry.input
class CallOffVolunteerCallInput:
    call_id: strawberry.ID


@strawberry.input
class PledgeTimeInput:
    call_id: strawberry.ID


@strawberry.input
class TimePledgeInput:
    pledge_id: strawberry.ID


@strawberry.input
class MarkAttendanceInput:
    pledge_id: strawberry.ID
    status: AttendanceStatus


@strawberry.type
class PostVolunteerCallPayload:
    volunteer_calls: list[VolunteerCallNode] = strawberry.field(description="One per weekly occurrence.")
    errors: list[UserError]


@strawberry.type
class VolunteerCallPayload:
    volunteer_call: VolunteerCallNode | None
    errors: list[UserError]


@strawberry.type
class TimePledgePayload:
    time_pledge: TimePledgeNode | None
    errors: list[UserError]


async def _call_payload(run: Callable[[], Awaitable[VolunteerCall]]) -> VolunteerCallPayload:
    found, errors = await attempt(run)
    return VolunteerCallPayload(volunteer_call=VolunteerCallNode.from_model(found) if found else None, errors=errors)


async def _pledge_payload(run: Callable[[], Awaitable[TimePledge]]) -> TimePledgePayload:
    found, errors = await attempt(run)
    return TimePledgePayload(time_pledge=TimePledgeNode.from_model(found) if found else None, errors=errors)


def _pledge_id(input: TimePledgeInput | MarkAttendanceInput) -> int:
    return decode(input.pledge_id, "TimePledge", "pledgeId")


@strawberry.type
class ActingMutation:
    @strawberry.mutation(description="The project's team posts a volunteer call (weekly occurrences if asked).")
    async def post_volunteer_call(self, info: Info, input: PostVolunteerCallInput) -> PostVolunteerCallPayload:
        actor = info.context.actor

        async def run() -> list[VolunteerCall]:
            draft = CallDraft(
                title=input.title,
                description=input.description,
                commune_id=decode(input.commune_id, "Territory", "communeId"),
                meeting_point=input.meeting_point,
                starts_at=input.starts_at,
                ends_at=input.ends_at,
                capacity=input.capacity,
                threshold=input.threshold,
                threshold_deadline=input.threshold_deadline,
                skills=input.skills,
                what_to_bring=input.what_to_bring,
                weeks=input.weeks,
            )
            return await service.post_volunteer_call(actor, decode(input.project_id, "Project", "projectId"), draft)

        found, errors = await attempt(run)
        return PostVolunteerCallPayload(
            volunteer_calls=[VolunteerCallNode.from_model(c) for c in found or []], errors=errors
        )

    @strawberry.mutation(description="The team moves a call: its volunteers are told and asked to confirm again.")
    async def move_volunteer_call(self, info: Info, input: MoveVolunteerCallInput) -> VolunteerCallPayload:
        actor = info.context.actor

        async def run() -> VolunteerCall:
            move = CallMove(
                starts_at=input.starts_at,
                ends_at=input.ends_at,
                commune_id=decode_optional(input.commune_id, "Territory", "communeId"),
                meeting_point=input.meeting_point,
            )
            return await service.move_volunteer_call(actor, decode(input.call_id, "VolunteerCall", "callId"), move)

        return await _call_payload(run)

    @strawberry.mutation(description="The team calls an action off; everyone with a pledge is told.")
    async def call_off_volunteer_call(self, info: Info, input: CallOffVolunteerCallInput) -> VolunteerCallPayload:
        actor = info.context.actor
        return await _call_payload(
            lambda: service.call_off_volunteer_call(actor, decode(input.call_id, "VolunteerCall", "callId"))
        )

    @strawberry.mutation(description="Pledge time: a place if one is left, else the waitlist.")
    async def pledge_time(self, info: Info, input: PledgeTimeInput) -> TimePledgePayload:
        actor = info.context.actor
        return await _pledge_payload(
            lambda: pledges.pledge_time(actor, decode(input.call_id, "VolunteerCall", "callId"))
        )

    @strawberry.mutation(description="The volunteer withdraws; their place is offered to the next in line.")
    async def cancel_time_pledge(self, info: Info, input: TimePledgeInput) -> TimePledgePayload:
        actor = info.context.actor
        return await _pledge_payload(lambda: pledges.cancel_time_pledge(actor, _pledge_id(input)))

    @strawberry.mutation(description="Take the place offered (before `offerExpiresAt`).")
    async def accept_place_offer(self, info: Info, input: TimePledgeInput) -> TimePledgePayload:
        actor = info.context.actor
        return await _pledge_payload(lambda: pledges.accept_offer(actor, _pledge_id(input)))

    @strawberry.mutation(description="Let the offered place go to the next in line.")
    async def decline_place_offer(self, info: Info, input: TimePledgeInput) -> TimePledgePayload:
        actor = info.context.actor
        return await _pledge_payload(lambda: pledges.decline_offer(actor, _pledge_id(input)))

    @strawberry.mutation(description="The team marks a volunteer's attendance once the action began.")
    async def mark_attendance(self, info: Info, input: MarkAttendanceInput) -> TimePledgePayload:
        actor = info.context.actor
        status = PledgeStatus(input.status.value)
        return await _pledge_payload(lambda: attendance.mark_attendance(actor, _pledge_id(input), status))
