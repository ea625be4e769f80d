"""Volunteer calls: posted, moved and called off by the team; found lab-wide with filters."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from colab.acting.models import CallStatus, CancelReason, PledgeStatus, TimePledge
from colab.acting.pledges import pledge_time
from colab.acting.service import CallMove, call_off_volunteer_call, move_volunteer_call, post_volunteer_call
from colab.actors import ProjectRole
from colab.errors import ColabError, ErrorCode
from colab.notifications.models import Notification, NotificationKind
from colab.projects.follows import follow
from colab.validation import utcnow
from tests.acting.factories import call_draft, make_call
from tests.conftest import actor_of, make_user, territory
from tests.projects.factories import make_project, team_member

pytestmark = pytest.mark.usefixtures("db")
BRUSSELS = ZoneInfo("Europe/Brussels")


async def test_a_team_member_posts_a_call_and_followers_are_told() -> None:
    project = await make_project()
    follower = await make_user()
    await follow(actor_of(follower), project.id)
    member = await team_member(project, ProjectRole.MEMBER)
    [call] = await post_volunteer_call(
        actor_of(member), project.id, await call_draft(description="<p>Venez <script>x</script>aider</p>")
    )
    assert "<script>" not in call.description
    assert (call.status, call.confirmed_count, call.skills, call.version) == (CallStatus.OPEN, 0, ["jardinage"], 1)
    assert await Notification.exists(user_id=follower.id, kind=NotificationKind.CALL_POSTED, subject_id=call.id)


async def test_a_citizen_or_the_finance_role_cannot_post_a_call() -> None:
    project = await make_project()
    for user in (await make_user(), await team_member(project, ProjectRole.FINANCE)):
        with pytest.raises(ColabError) as refused:
            await post_volunteer_call(actor_of(user), project.id, await call_draft())
        assert refused.value.code is ErrorCode.FORBIDDEN


async def test_a_call_is_set_in_a_commune_in_the_future_with_a_sane_threshold() -> None:
    project = await make_project()
    holder = actor_of(await project.holder)
    province = await territory("90000")
    draft = await call_draft(
        commune_id=province.id,
        starts_at=utcnow() - timedelta(hours=1),
        capacity=3,
        threshold=5,
        threshold_deadline=None,
    )
    with pytest.raises(ColabError) as refused:
        await post_volunteer_call(holder, project.id, draft)
    codes = {(e.field, e.code) for e in refused.value.errors}
    assert codes >= {
        ("communeId", ErrorCode.UNKNOWN_TERRITORY),
        ("startsAt", ErrorCode.DATE_IN_PAST),
        ("threshold", ErrorCode.INVALID),
        ("thresholdDeadline", ErrorCode.REQUIRED),
    }


async def test_a_weekly_call_is_one_occurrence_per_week_at_the_same_brussels_time() -> None:
    project = await make_project()
    start = datetime(2027, 3, 20, 9, 0, tzinfo=BRUSSELS)  # the clocks change on 28 March
    calls = await post_volunteer_call(
        actor_of(await project.holder), project.id, await call_draft(starts_at=start.astimezone(UTC), weeks=3)
    )
    assert [c.starts_at.astimezone(BRUSSELS).hour for c in calls] == [9, 9, 9]
    assert {c.series_id for c in calls} == {calls[0].id}


async def test_moving_a_call_asks_its_volunteers_to_confirm_again() -> None:
    call = await make_call(capacity=1)
    project = await call.project
    volunteer, waiting = [actor_of(await make_user()) for _ in range(2)]
    held = await pledge_time(volunteer, call.id)
    await pledge_time(waiting, call.id)
    moved = await move_volunteer_call(
        actor_of(await project.holder),
        call.id,
        CallMove(starts_at=call.starts_at + timedelta(days=1), ends_at=call.ends_at + timedelta(days=1)),
    )
    assert moved.version == 2
    again = await TimePledge.get(id=held.id)
    assert (again.status, again.reconfirm) == (PledgeStatus.OFFERED, True)
    told = await Notification.filter(kind=NotificationKind.CALL_MOVED).values_list("user_id", flat=True)
    assert sorted(told) == sorted([volunteer.user_id, waiting.user_id])


async def test_calling_off_cancels_every_pledge_and_tells_everyone() -> None:
    call = await make_call()
    project = await call.project
    volunteer = actor_of(await make_user())
    pledge = await pledge_time(volunteer, call.id)
    await call_off_volunteer_call(actor_of(await project.holder), call.id)
    stored = await TimePledge.get(id=pledge.id)
    assert (stored.status, stored.cancel_reason) == (PledgeStatus.CANCELLED, CancelReason.CALLED_OFF)
    assert await Notification.exists(user_id=volunteer.user_id, kind=NotificationKind.CALL_CALLED_OFF)
    with pytest.raises(ColabError) as refused:
        await pledge_time(actor_of(await make_user()), call.id)
    assert refused.value.code is ErrorCode.CALL_NOT_OPEN


async def test_a_called_off_call_cannot_be_moved_or_called_off_again() -> None:
    call = await make_call()
    holder = actor_of(await (await call.project).holder)
    await call_off_volunteer_call(holder, call.id)
    for attempt in (call_off_volunteer_call(holder, call.id), move_volunteer_call(holder, call.id, CallMove())):
        with pytest.raises(ColabError) as refused:
            await attempt
        assert refused.value.code is ErrorCode.CALL_NOT_OPEN
