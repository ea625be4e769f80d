"""Finding calls lab-wide: this weekend near Namur, by skill; the total counted in SQL."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from colab.acting.listing import CallFilter, list_calls, weekend_window
from colab.acting.models import CallStatus, VolunteerCall
from colab.acting.service import call_off_volunteer_call
from colab.validation import utcnow
from tests.acting.factories import make_call
from tests.conftest import actor_of, territory
from tests.projects.factories import make_project

pytestmark = pytest.mark.usefixtures("db")
BRUSSELS = ZoneInfo("Europe/Brussels")


def test_the_weekend_runs_from_saturday_to_monday_in_brussels() -> None:
    thursday = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)
    start, end = weekend_window(thursday)
    assert (start.astimezone(BRUSSELS), end.astimezone(BRUSSELS)) == (
        datetime(2026, 11, 28, tzinfo=BRUSSELS),
        datetime(2026, 11, 30, tzinfo=BRUSSELS),
    )
    sunday = datetime(2026, 11, 29, 15, 0, tzinfo=UTC)
    assert weekend_window(sunday) == (sunday, end)  # on Sunday: from now to Monday


async def test_a_called_off_call_is_not_listed() -> None:
    call = await make_call()
    await call_off_volunteer_call(actor_of(await (await call.project).holder), call.id)
    assert await list_calls() == ([], 0)
    assert (await VolunteerCall.get(id=call.id)).status is CallStatus.CALLED_OFF


async def test_this_weekend_near_namur_finds_the_call() -> None:
    now = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)  # a Thursday
    weekend = weekend_window(now)
    assert weekend[0].astimezone(BRUSSELS).weekday() == 5 and weekend[1].astimezone(BRUSSELS).weekday() == 0
    saturday = weekend[0] + timedelta(hours=10)
    namur = await make_call(starts_at=utcnow() + timedelta(days=2), skills=["Jardinage", "bricolage"])
    await make_call(starts_at=utcnow() + timedelta(days=2), commune_id=(await territory("62063")).id)  # Liège
    province = await territory("90000")
    found, total = await list_calls(
        CallFilter(
            province_id=province.id, starts_from=utcnow(), starts_to=utcnow() + timedelta(days=3), skill="Bricolage"
        )
    )
    assert ([c.id for c in found], total) == ([namur.id], 1)
    assert saturday > now


async def test_the_total_does_not_depend_on_the_page_size() -> None:
    project = await make_project()
    for day in range(3):
        await make_call(project, starts_at=utcnow() + timedelta(days=day + 1))
    page, total = await list_calls(CallFilter(project_id=project.id), limit=2)
    assert (len(page), total) == (2, 3)
    assert await VolunteerCall.filter(project_id=project.id).count() == 3
