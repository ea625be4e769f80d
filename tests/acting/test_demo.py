"""Demo crowdacting: calls near Namur this weekend, one with a waitlist, a past one with attendance; idempotent."""

from __future__ import annotations

from datetime import timedelta

from colab.acting.demo import PAST, SUNDAY
from colab.acting.listing import CallFilter, list_calls, weekend_window
from colab.acting.models import CallStatus, PledgeStatus, TimePledge, VolunteerCall
from colab.demo import seed_demo
from colab.validation import utcnow
from tests.conftest import territory


async def test_the_demo_shows_calls_this_weekend_near_namur_a_waitlist_and_a_past_action(db: None) -> None:
    await seed_demo()
    await seed_demo()
    assert await VolunteerCall.all().count() == 4
    starts_from, starts_to = weekend_window(utcnow())
    province = await territory("90000")
    _, total = await list_calls(CallFilter(province_id=province.id, starts_from=starts_from, starts_to=starts_to))
    if starts_to - utcnow() > timedelta(hours=8):  # late on Sunday, the weekend's calls fall on Monday
        assert total == 2
    sunday = await VolunteerCall.get(title=SUNDAY.title)
    assert await TimePledge.filter(call_id=sunday.id, status=PledgeStatus.WAITLISTED).count() == 1
    past = await VolunteerCall.get(title=PAST.title)
    assert past.status is CallStatus.DONE
    assert await TimePledge.filter(call_id=past.id, status=PledgeStatus.ATTENDED).count() == 1
