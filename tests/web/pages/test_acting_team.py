"""Crowdacting pages for a project's team: post a call from the needs board, move it, call it off, mark
attendance; nobody else gets these pages."""

from __future__ import annotations

from datetime import timedelta

import httpx

from colab.acting.calendar import BRUSSELS
from colab.acting.models import CallStatus, PledgeStatus, TimePledge, VolunteerCall
from colab.acting.pledges import pledge_time
from colab.actors import ProjectRole
from colab.needs import Need
from colab.validation import utcnow
from tests.acting.factories import make_call
from tests.conftest import actor_of, make_user, territory
from tests.projects.factories import make_project, team_member
from tests.web.conftest import csrf, log_in, post_form


async def test_the_hands_card_invites_the_team_to_post_a_call_and_visitors_to_help(web: httpx.AsyncClient) -> None:
    project = await make_project(needs=[Need.HANDS])
    page = await web.get(f"/projets/{project.id}")
    assert "Aucune action à venir" in page.text and "Publier un appel à bénévoles" not in page.text
    await log_in(web, await project.holder)
    page = await web.get(f"/projets/{project.id}")
    assert f'href="/projets/{project.id}/actions/nouvelle"' in page.text
    call = await make_call(project, capacity=4)
    page = await web.get(f"/projets/{project.id}")
    assert "4 places restantes sur 1 action à venir" in page.text and f'href="/actions/{call.id}"' in page.text


async def test_a_team_member_posts_a_call_in_brussels_time(web: httpx.AsyncClient) -> None:
    project = await make_project()
    await log_in(web, await team_member(project, ProjectRole.MEMBER))
    day = (utcnow() + timedelta(days=5)).astimezone(BRUSSELS).date()
    answer = await post_form(
        web,
        f"/projets/{project.id}/actions/nouvelle",
        {
            "title": "Désherbage du jardin partagé",
            "description": "On désherbe ensemble, puis on partage un pique-nique.",
            "commune": str((await territory("92094")).id),
            "meeting_point": "Entrée du jardin",
            "day": day.isoformat(),
            "start": "09:30",
            "end": "12:00",
            "capacity": "6",
            "skills": "jardinage, cuisine",
            "weeks": "2",
        },
    )
    assert answer.status_code == 303
    calls = await VolunteerCall.filter(project_id=project.id).order_by("starts_at")
    assert len(calls) == 2 and calls[0].skills == ["jardinage", "cuisine"]
    assert f"{calls[0].starts_at.astimezone(BRUSSELS):%H:%M}" == "09:30"


async def test_a_bad_form_shows_its_errors(web: httpx.AsyncClient) -> None:
    project = await make_project()
    await log_in(web, await project.holder)
    answer = await post_form(
        web,
        f"/projets/{project.id}/actions/nouvelle",
        {"title": "Non", "day": "pas une date", "capacity": "0", "commune": "", "weeks": "1"},
    )
    assert answer.status_code == 422 and "Indiquez une date et une heure valides." in answer.text


async def test_a_citizen_cannot_open_the_team_pages(web: httpx.AsyncClient) -> None:
    call = await make_call()
    project = await call.project
    await log_in(web, await make_user())
    assert (await web.get(f"/projets/{project.id}/actions/nouvelle")).status_code == 403
    assert (await web.get(f"/actions/{call.id}/deplacer")).status_code == 403
    assert (await web.get(f"/actions/{call.id}/presences")).status_code == 403
    token = await csrf(web, f"/actions/{call.id}")
    assert (await web.post(f"/actions/{call.id}/annulation", data={"csrf_token": token})).status_code == 403


async def test_the_holder_moves_then_calls_off_the_call(web: httpx.AsyncClient) -> None:
    call = await make_call()
    await log_in(web, await (await call.project).holder)
    day = (call.starts_at + timedelta(days=1)).astimezone(BRUSSELS).date()
    answer = await post_form(
        web,
        f"/actions/{call.id}/deplacer",
        {
            "day": day.isoformat(),
            "start": "14:00",
            "end": "16:00",
            "commune": str(call.commune_id),
            "meeting_point": "Gare",
        },
    )
    assert answer.status_code == 303
    moved = await VolunteerCall.get(id=call.id)
    assert (moved.version, moved.meeting_point) == (2, "Gare")
    answer = await post_form(web, f"/actions/{call.id}/annulation", {}, form_page=f"/actions/{call.id}")
    assert (await VolunteerCall.get(id=call.id)).status is CallStatus.CALLED_OFF


async def test_the_team_marks_attendance_after_the_action(web: httpx.AsyncClient) -> None:
    call = await make_call()
    volunteer = await make_user(name="Yasmine Collard")
    pledge = await pledge_time(actor_of(volunteer), call.id)
    await VolunteerCall.filter(id=call.id).update(starts_at=utcnow() - timedelta(hours=2), ends_at=utcnow())
    await log_in(web, await team_member(await call.project, ProjectRole.CO_LEAD))
    page = await web.get(f"/actions/{call.id}/presences")
    assert "Yasmine Collard" in page.text
    await post_form(web, f"/actions/{call.id}/presences", {"pledge": str(pledge.id), "status": "ATTENDED"})
    marked = await TimePledge.get(id=pledge.id)
    assert (marked.status, marked.minutes_credited) == (PledgeStatus.ATTENDED, 120)
