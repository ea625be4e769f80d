"""Attendance: the team marks who came after the action; attended hours make the volunteer's record."""

from __future__ import annotations

from datetime import timedelta

import pytest

from colab.acting.attendance import mark_attendance, my_engagement, roster
from colab.acting.models import CallStatus, PledgeStatus, VolunteerCall
from colab.acting.pledges import pledge_time
from colab.actors import ProjectRole
from colab.errors import ColabError, ErrorCode
from colab.validation import utcnow
from tests.acting.factories import make_call
from tests.conftest import actor_of, make_user
from tests.projects.factories import team_member

pytestmark = pytest.mark.usefixtures("db")


async def test_an_attended_action_credits_its_hours() -> None:
    call = await make_call(capacity=2)  # 3 hours
    project = await call.project
    member = actor_of(await team_member(project, ProjectRole.MEMBER))
    came, missed = [actor_of(await make_user()) for _ in range(2)]
    first = await pledge_time(came, call.id)
    second = await pledge_time(missed, call.id)
    after = call.ends_at + timedelta(hours=1)
    marked = await mark_attendance(member, first.id, PledgeStatus.ATTENDED, now=after)
    await mark_attendance(member, second.id, PledgeStatus.NO_SHOW, now=after)
    assert marked.minutes_credited == 180
    assert (await VolunteerCall.get(id=call.id)).status is CallStatus.DONE
    record = await my_engagement(came)
    assert (record.hours, [p.id for p in record.pledges]) == (3.0, [first.id])
    assert (await my_engagement(missed)).hours == 0


async def test_attendance_waits_for_the_action_to_begin() -> None:
    call = await make_call()
    holder = actor_of(await (await call.project).holder)
    pledge = await pledge_time(actor_of(await make_user()), call.id)
    with pytest.raises(ColabError) as refused:
        await mark_attendance(holder, pledge.id, PledgeStatus.ATTENDED, now=utcnow())
    assert refused.value.code is ErrorCode.CALL_NOT_OPEN


async def test_only_the_team_marks_attendance_and_sees_the_roster() -> None:
    call = await make_call()
    project = await call.project
    volunteer = actor_of(await make_user())
    pledge = await pledge_time(volunteer, call.id)
    for outsider in (volunteer, actor_of(await team_member(project, ProjectRole.FINANCE))):
        with pytest.raises(ColabError) as refused:
            await mark_attendance(outsider, pledge.id, PledgeStatus.ATTENDED, now=call.ends_at)
        assert refused.value.code is ErrorCode.FORBIDDEN
        with pytest.raises(ColabError) as refused:
            await roster(outsider, call.id)
        assert refused.value.code is ErrorCode.FORBIDDEN


async def test_a_waitlisted_volunteer_cannot_be_marked_present() -> None:
    call = await make_call(capacity=1)
    holder = actor_of(await (await call.project).holder)
    await pledge_time(actor_of(await make_user()), call.id)
    waiting = await pledge_time(actor_of(await make_user()), call.id)
    with pytest.raises(ColabError) as refused:
        await mark_attendance(holder, waiting.id, PledgeStatus.ATTENDED, now=call.ends_at)
    assert refused.value.code is ErrorCode.ILLEGAL_TRANSITION
    with pytest.raises(ColabError) as refused:
        await mark_attendance(holder, waiting.id, PledgeStatus.CONFIRMED, now=call.ends_at)
    assert refused.value.code is ErrorCode.INVALID
